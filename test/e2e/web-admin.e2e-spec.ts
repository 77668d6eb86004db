// The tenant admin's pages in a real Chromium: User CSV Sync (each action, dry run + Apply, the mass-delete
// guard + confirmation, cancel, a refused header), User CSV Sync List, Records (paging, filter, error report),
// Users, a module that is off, and a 390 px wide screen.
import type { Page } from 'playwright-core';
import type { TestApp } from '../support/app';
import type { BrowserSession } from '../support/browser';
import { AdminConsoleSession, startAdminConsole } from '../support/console-session';
import { setUpTenant, TenantSetup } from '../support/fixtures';
import { syncFile } from '../support/syncs';

let web: AdminConsoleSession;
let app: TestApp;
let browser: BrowserSession;
let tenant: TenantSetup;
let page: Page;

const HEADER = 'Email,First Name,Last Name,Department,Start Date,Manager,Cost Center,Groups';

/** A link of the main navigation. */
function nav(name: string) {
  return page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name, exact: true });
}

function csv(lines: string[]): Buffer {
  return Buffer.from(lines.join('\r\n') + '\r\n', 'utf8');
}

function person(n: number, department = 'Sales'): string {
  return `user${n}@example.com,Zoë${n},Ångström,${department},2024-01-15,no,100,Scouts`;
}

async function upload(
  name: string,
  bytes: Buffer,
  options: { action?: 'Add/Update users' | 'Delete users'; dryRun?: boolean } = {},
) {
  await nav('User CSV Sync').click();
  await page.getByRole('heading', { name: 'User CSV Sync', exact: true }).waitFor();
  await page.getByRole('radio', { name: options.action ?? 'Add/Update users' }).check();
  const dryRun = page.getByRole('checkbox', { name: 'Dry run' });
  if (options.dryRun) await dryRun.check();
  else await dryRun.uncheck();
  await page
    .getByLabel('CSV file', { exact: true })
    .setInputFiles({ name, mimeType: 'text/csv', buffer: bytes });
  await page.getByRole('button', { name: 'Submit' }).click();
}

/** The live sync panel, once its status reads `status`. */
async function syncShows(status: string) {
  const panel = page.locator('section.sync');
  await panel.locator('.badge', { hasText: new RegExp(`^${status}$`) }).waitFor({ timeout: 60_000 });
  return panel;
}

async function count(panel: ReturnType<Page['locator']>, name: string): Promise<string> {
  return (
    (await panel
      .locator('.counts > div', { has: page.locator(`dt:text-is("${name}")`) })
      .locator('dd')
      .textContent()) ?? ''
  );
}

beforeAll(async () => {
  // API and worker apart, so that the cancel test can stop the worker and find a sync still queued.
  web = await startAdminConsole();
  ({ app, browser, tenant, page } = web);
});

afterAll(() => web?.close());

afterEach(() => {
  expect(browser.takeProblems()).toEqual([]);
});

describe('User CSV Sync', () => {
  it('adds users from a file, showing progress, counts and status, and the file name as text', async () => {
    const name = 'Übersicht <b>neu.csv'; // a slash would make it a path
    await upload(name, csv([HEADER, person(1), person(2), person(3)]));
    const panel = await syncShows('Completed');
    expect(
      await panel.getByRole('progressbar', { name: 'Sync progress' }).getAttribute('aria-valuenow'),
    ).toBe('100');
    await panel.getByText('3 of 3 rows processed').waitFor();
    expect(await count(panel, 'Added')).toBe('3');
    expect(await panel.getByRole('heading', { level: 2 }).textContent()).toBe(name);
    expect(await page.locator('b', { hasText: 'neu' }).count()).toBe(0);
  });

  it('shows bytes sent while a large file uploads', async () => {
    const cdp = await browser.context.newCDPSession(page);
    await cdp.send('Network.enable');
    await cdp.send('Network.emulateNetworkConditions', {
      offline: false,
      latency: 0,
      downloadThroughput: -1,
      uploadThroughput: 256 * 1024,
    });
    try {
      const rows = Array.from({ length: 8000 }, (_, i) => person(1000 + i));
      await upload('large.csv', csv([HEADER, ...rows]), { dryRun: true });
      await page.getByText(/Sending the file: .* of .* sent/).waitFor();
      expect(await page.getByRole('progressbar', { name: 'Upload' }).count()).toBe(1);
    } finally {
      await cdp.send('Network.emulateNetworkConditions', {
        offline: false,
        latency: 0,
        downloadThroughput: -1,
        uploadThroughput: -1,
      });
      await cdp.detach();
    }
    await syncShows('Previewed');
  });

  it('deletes the users a file lists', async () => {
    await upload('leavers.csv', csv(['Email', 'user1@example.com', 'nobody@example.com']), {
      action: 'Delete users',
    });
    const panel = await syncShows('Completed');
    expect(await count(panel, 'Deleted')).toBe('1');
    expect(await count(panel, 'Not found')).toBe('1');
  });

  it('previews a dry run and applies it after confirmation', async () => {
    await upload('dry.csv', csv([HEADER, person(2, 'R&D'), person(50)]), { dryRun: true });
    const panel = await syncShows('Previewed');
    expect(await count(panel, 'Added')).toBe('1');
    expect(await count(panel, 'Updated')).toBe('1');
    await panel.getByRole('button', { name: 'Apply' }).click();
    await panel.getByRole('group', { name: 'Confirm apply' }).waitFor();
    await panel.getByRole('button', { name: 'Confirm apply' }).click();
    await syncShows('Completed');
    const user = await app.http.get(
      `/api/tenants/${tenant.tenantId}/users?email=user50@example.com`,
      tenant.adminToken,
    );
    expect(user.body.items).toHaveLength(1);
  });

  it('stops a mass delete at the guard, shows its message, and deletes after confirmation', async () => {
    await syncFile(
      app.http,
      tenant.tenantId,
      tenant.adminToken,
      csv([HEADER, ...Array.from({ length: 12 }, (_, i) => person(200 + i))]),
    );
    const leavers = Array.from({ length: 12 }, (_, i) => `user${200 + i}@example.com`);
    await upload('mass-leavers.csv', csv(['Email', ...leavers]), { action: 'Delete users' });
    const panel = await syncShows('Awaiting confirmation');
    await panel.getByText(/guard of 50%/).waitFor();
    await panel.getByRole('button', { name: 'Apply' }).click();
    await panel.getByRole('button', { name: 'Back' }).click();
    expect(await panel.getByRole('button', { name: 'Confirm apply' }).count()).toBe(0);
    await panel.getByRole('button', { name: 'Apply' }).click();
    await panel.getByRole('button', { name: 'Confirm apply' }).click();
    await syncShows('Completed');
    expect(await count(panel, 'Deleted')).toBe('12');
  });

  it('lays out the columns of a refused header', async () => {
    await upload('wrong.csv', csv(['Email,First Name,Nickname,Nickname', 'a@example.com,A,B,C']));
    const alert = page.getByRole('alert');
    await alert.getByText('The file was not accepted').waitFor();
    await alert.locator('dt', { hasText: 'Missing columns' }).waitFor();
    expect(
      await alert
        .locator('div', { has: page.locator('dt:text-is("Missing columns")') })
        .locator('li')
        .allTextContents(),
    ).toEqual(['Last Name']);
    expect(
      await alert
        .locator('div', { has: page.locator('dt:text-is("Unknown columns")') })
        .locator('li')
        .allTextContents(),
    ).toContain('Nickname');
    expect(
      await alert
        .locator('div', { has: page.locator('dt:text-is("Duplicate columns")') })
        .locator('li')
        .allTextContents(),
    ).toContain('Nickname');
    await alert.getByText(HEADER.split(',').join(', '), { exact: true }).waitFor();
  });

  it('takes a dropped file, and works from the keyboard alone', async () => {
    await nav('User CSV Sync').click();
    const dataTransfer = await page.evaluateHandle(
      `(() => { const d = new DataTransfer(); d.items.add(new File(['Email\\r\\nuser3@example.com\\r\\n'], 'dropped.csv', { type: 'text/csv' })); return d; })()`,
    );
    await page.locator('.dropzone').dispatchEvent('drop', { dataTransfer });
    await page.getByText('dropped.csv', { exact: true }).waitFor();

    await page.getByRole('radio', { name: 'Add/Update users' }).focus();
    await page.keyboard.press('ArrowRight');
    expect(await page.getByRole('radio', { name: 'Delete users' }).isChecked()).toBe(true);
    await page.getByRole('checkbox', { name: 'Dry run' }).focus();
    await page.keyboard.press('Space');
    expect(await page.getByRole('checkbox', { name: 'Dry run' }).isChecked()).toBe(true);
    await page.getByRole('button', { name: 'Submit' }).focus();
    await page.keyboard.press('Enter');
    const panel = await syncShows('Previewed');
    expect(await count(panel, 'Deleted')).toBe('1');
    await panel.getByRole('button', { name: 'Cancel sync' }).focus();
    await page.keyboard.press('Enter');
    await syncShows('Cancelled');
  });

  it('downloads the template with and without an example row', async () => {
    await nav('User CSV Sync').click();
    await page.getByRole('radio', { name: 'Add/Update users' }).check();
    const [plain] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Download template', exact: true }).click(),
    ]);
    expect(plain.suggestedFilename()).toMatch(/template.*\.csv$/);
    const plainText = await readDownload(plain);
    expect(plainText.trim().split(/\r?\n/)).toEqual([HEADER]);
    const [example] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Download template with example' }).click(),
    ]);
    expect((await readDownload(example)).trim().split(/\r?\n/)).toHaveLength(2);
  });
});

async function readDownload(download: { path(): Promise<string | null> }): Promise<string> {
  const { readFile } = await import('node:fs/promises');
  const path = await download.path();
  return (await readFile(path!, 'utf8')).replace(/^\uFEFF/, '');
}

describe('User CSV Sync List and Records', () => {
  let fileName: string;

  beforeAll(async () => {
    fileName = 'Mitarbeiter-Ü.csv';
    const rows = Array.from({ length: 120 }, (_, i) => person(500 + i));
    rows[9] = 'user509@example.com,Bad,Date,Sales,2024-02-30,no,100,Scouts';
    rows[19] = 'user519@example.com,Bad,Dept,Marketing,2024-01-15,no,100,Scouts';
    await syncFile(app.http, tenant.tenantId, tenant.adminToken, csv([HEADER, ...rows]), { fileName });
    // An update of one of them, so that a change from → to shows.
    await syncFile(app.http, tenant.tenantId, tenant.adminToken, csv([HEADER, person(500, 'HR')]), {
      fileName: 'update.csv',
    });
  });

  it('lists every file with its columns, filters them, and links each to its records', async () => {
    await nav('User CSV Sync List').click();
    await page.getByRole('heading', { name: 'User CSV Sync List', exact: true }).waitFor();
    await page.getByRole('columnheader', { name: 'Not found' }).waitFor();
    const headers = await page.locator('table thead th').allTextContents();
    expect(headers).toEqual([
      'File name',
      'Action',
      'Status',
      'Uploaded by',
      'Uploaded at',
      'Added',
      'Updated',
      'Unchanged',
      'Deleted',
      'Not found',
      'Failed',
    ]);
    await page.getByRole('link', { name: fileName }).waitFor();

    await page.getByLabel('Status').selectOption('completed_with_errors');
    await page.locator('table tbody tr').first().waitFor();
    await waitUntil(async () => (await page.locator('table tbody tr').count()) === 1, 'the status filter');
    expect(await page.locator('table tbody tr td').first().textContent()).toBe(fileName);
    await page.getByLabel('Action').selectOption('delete');
    await page.getByText('No files yet that match these filters').waitFor();
    await page.getByLabel('Action').selectOption('');

    await page.getByRole('link', { name: fileName }).click();
    await page.getByRole('heading', { name: `Records ${fileName}` }).waitFor();
  });

  it('pages through the records without loading them all, and filters them by outcome', async () => {
    await page.locator('table.records tbody tr').first().waitFor();
    expect(await page.locator('table.records tbody tr').count()).toBe(100);
    expect(await page.locator('table.records thead th').allTextContents()).toEqual([
      'Line',
      'Email',
      'Outcome',
      'Changes',
      'Error',
    ]);
    await page.getByText('1–100 of 120').waitFor();
    await page.getByRole('button', { name: 'Next page' }).click();
    await page.getByText('101–120 of 120').waitFor();
    expect(await page.locator('table.records tbody tr').count()).toBe(20);
    await page.getByRole('button', { name: 'Previous page' }).click();
    await page.getByText('1–100 of 120').waitFor();

    const options = await page.getByLabel('Outcome').locator('option').allTextContents();
    expect(options).toEqual(['All (120)', 'Added (118)', 'Updated (0)', 'Unchanged (0)', 'Failed (2)']);
    await page.getByLabel('Outcome').selectOption('failed');
    await waitUntil(
      async () => (await page.locator('table.records tbody tr').count()) === 2,
      'the outcome filter',
    );
    const failed = page.locator('table.records tbody tr').first();
    expect(await failed.locator('td').first().textContent()).toBe('11');
    await failed.getByText('INVALID_DATE').waitFor();
    await failed.getByText('Start Date', { exact: true }).waitFor();
  });

  it('downloads the error report and the records as CSV', async () => {
    const [report] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Download error report' }).click(),
    ]);
    const lines = (await readDownload(report)).trim().split(/\r?\n/);
    expect(lines[0]).toContain('error_code');
    expect(lines).toHaveLength(3);
    const [all] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Download CSV' }).click(),
    ]);
    expect((await readDownload(all)).trim().split(/\r?\n/).length).toBeGreaterThan(1);
  });

  it('shows an update as from → to', async () => {
    await nav('User CSV Sync List').click();
    await page.getByRole('link', { name: 'update.csv' }).click();
    await page.getByRole('heading', { name: 'Records update.csv' }).waitFor();
    const changes = page.locator('table.records tbody tr').first().locator('.changes li');
    await changes.first().waitFor();
    expect(await changes.allTextContents()).toEqual(['department Sales → HR']);
  });
});

describe('Users', () => {
  it('finds users by email and shows their attributes', async () => {
    await nav('Users').click();
    await page.getByRole('heading', { name: 'Users', exact: true }).waitFor();
    await page.getByLabel('Search by email').fill('user500@');
    await page.getByRole('button', { name: 'Search' }).click();
    await waitUntil(async () => (await page.locator('table tbody tr').count()) === 1, 'the search');
    const row = page.locator('table tbody tr').first();
    await row.getByText('user500@example.com').waitFor();
    await row.getByText('Zoë500').waitFor();
    await row.getByText('HR', { exact: true }).waitFor();
  });
});

describe('a narrow screen (390 px)', () => {
  it('fits the User CSV Sync page and the records without scrolling sideways', async () => {
    await page.setViewportSize({ width: 390, height: 844 });
    try {
      await nav('User CSV Sync').click();
      await page.getByRole('button', { name: 'Submit' }).waitFor();
      expect(await page.evaluate('document.documentElement.scrollWidth')).toBeLessThanOrEqual(390);
      await nav('User CSV Sync List').click();
      await page.locator('table tbody tr').first().waitFor();
      expect(await page.evaluate('document.documentElement.scrollWidth')).toBeLessThanOrEqual(390);
    } finally {
      await page.setViewportSize({ width: 1280, height: 800 });
    }
  });
});

describe('Module off', () => {
  it('shows the 403 message instead of the form', async () => {
    const off = await setUpTenant(app.http, { enabled: false });
    await browser.signOut();
    await browser.signIn(off.adminToken);
    await page.getByRole('heading', { name: 'Module off' }).waitFor();
    await page.getByText(/Customer Success Manager/).waitFor();
    expect(await page.getByRole('button', { name: 'Submit' }).count()).toBe(0);
    await browser.signOut();
    await browser.signIn(tenant.adminToken);
  });
});

describe('Cancel sync', () => {
  it('cancels a queued sync', async () => {
    await web.stopWorker();
    await upload('queued.csv', csv([HEADER, person(900)]));
    const panel = await syncShows('Queued');
    await panel.getByRole('button', { name: 'Cancel sync' }).click();
    await syncShows('Cancelled');
    expect(await panel.getByRole('button', { name: 'Cancel sync' }).count()).toBe(0);
  });
});

async function waitUntil(check: () => Promise<boolean>, what: string, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`timed out waiting for ${what}`);
}
