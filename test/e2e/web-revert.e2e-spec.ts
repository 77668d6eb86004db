// Revert in the web console, in a real Chromium (SPEC §9, §10): from a sync's records page through the dialog
// that says what will happen to the revert's own page; the links between a sync and its revert; Revert
// disabled with its reason where it cannot work; a revert stopped by the guard applied on its page; the 409
// of a sync reverted meanwhile; the User CSV Sync List's action filter.
import type { Page } from 'playwright-core';
import type { TestApp } from '../support/app';
import type { BrowserSession } from '../support/browser';
import { AdminConsoleSession, startAdminConsole } from '../support/console-session';
import { csvFile, HEADER, userRow, usersFile } from '../support/csv-file';
import { expectStatus, setUpTenant, TenantSetup } from '../support/fixtures';
import { syncFile, upload, users, waitForSync } from '../support/syncs';
import { waitFor } from '../support/wait';

let web: AdminConsoleSession;
let app: TestApp;
let browser: BrowserSession;
let tenant: TenantSetup;
let page: Page;

beforeAll(async () => {
  // API and worker apart, so that a test can hold a revert queued while the page shows it.
  web = await startAdminConsole();
  ({ app, browser, tenant, page } = web);
});

afterAll(() => web?.close());

afterEach(() => {
  expect(browser.takeProblems()).toEqual([]);
});

const recordsPath = (syncId: string, setup: TenantSetup = tenant) =>
  `/tenants/${setup.tenantId}/csv-sync/syncs/${syncId}`;

/** The number shown under a count's name in the summary of a records page. */
async function count(name: string): Promise<string> {
  const counts = page.getByRole('region', { name: 'Summary' }).getByLabel('Counts');
  return (
    (await counts
      .locator('div', { has: page.locator(`dt:text-is("${name}")`) })
      .locator('dd')
      .textContent()) ?? ''
  );
}

async function summaryShows(status: string) {
  await page
    .getByRole('region', { name: 'Summary' })
    .locator('.badge', { hasText: new RegExp(`^${status}$`) })
    .waitFor({ timeout: 60_000 });
}

const userOf = async (n: number, setup: TenantSetup = tenant) =>
  (await users(app.http, setup.tenantId, setup.adminToken, `email=user${n}@example.com`))[0];

describe('Revert', () => {
  it('reverts a completed upsert after a dialog that says what happens, then shows the revert with its counts', async () => {
    await syncFile(app.http, tenant.tenantId, tenant.adminToken, usersFile(3));
    const upsert = await syncFile(
      app.http,
      tenant.tenantId,
      tenant.adminToken,
      csvFile([HEADER, userRow(1, { 'First Name': 'Changed' }), userRow(4), userRow(5)]),
      { fileName: 'hr-export-ü.csv' },
    );
    // Someone changes user 5 after the upsert: the revert must leave it alone.
    await syncFile(
      app.http,
      tenant.tenantId,
      tenant.adminToken,
      csvFile([HEADER, userRow(5, { Department: 'R&D' })]),
    );

    await browser.open(`/tenants/${tenant.tenantId}/csv-sync/syncs`);
    await page.getByRole('link', { name: 'hr-export-ü.csv' }).click();
    await page.getByRole('heading', { name: 'Records hr-export-ü.csv' }).waitFor();
    await page.getByRole('button', { name: 'Revert', exact: true }).click();

    const dialog = page.getByRole('dialog', { name: 'Revert hr-export-ü.csv?' });
    await dialog.waitFor();
    await dialog
      .getByText(
        'Its 2 added users are deleted and its updated user gets its former values back. ' +
          'Users changed since are left alone and listed as CHANGED_SINCE.',
      )
      .waitFor();
    expect(await dialog.getByRole('checkbox', { name: 'Dry run' }).isChecked()).toBe(false);
    await dialog.getByRole('button', { name: 'Confirm revert' }).click();

    await page.getByRole('heading', { name: 'Records hr-export-ü.csv (revert)' }).waitFor();
    await summaryShows('Completed with errors');
    expect(await count('Deleted')).toBe('1');
    expect(await count('Updated')).toBe('1');
    expect(await count('Failed')).toBe('1');
    const failed = page.locator('table.records tbody tr', { hasText: 'user5@example.com' });
    await failed.getByText('CHANGED_SINCE').waitFor();
    const revertId = /\/syncs\/([0-9a-f-]{36})$/.exec(page.url())?.[1];
    expect(revertId).toBeDefined();
    expect(revertId).not.toBe(upsert.id);

    expect(await userOf(4)).toBeUndefined();
    expect((await userOf(1)).attributes.firstName).toBe('First1');
    expect((await userOf(5)).attributes.department).toBe('R&D');

    // The revert names the sync it reverts, and that sync names its revert and cannot be reverted again.
    const summary = page.getByRole('region', { name: 'Summary' });
    await summary.getByRole('link', { name: /^hr-export-ü\.csv \(Add\/Update, / }).click();
    await page.getByRole('heading', { name: 'Records hr-export-ü.csv' }).waitFor();
    await summary.getByRole('link', { name: /^hr-export-ü\.csv \(Revert, / }).waitFor();
    const revert = page.getByRole('button', { name: 'Revert', exact: true });
    expect(await revert.isDisabled()).toBe(true);
    expect(await revert.getAttribute('aria-describedby')).toBeTruthy();
    await summary.getByText(/has a revert already/).waitFor();
    expect(page.url()).toContain(recordsPath(upsert.id));
  });

  it('offers no revert, and says why, for a sync that cannot be reverted', async () => {
    const accepted = await upload(app.http, tenant.tenantId, tenant.adminToken, usersFile(1), {
      fileName: 'preview.csv',
      dryRun: true,
    });
    await waitForSync(app.http, tenant.tenantId, accepted.body.id, tenant.adminToken);
    await browser.open(recordsPath(accepted.body.id));
    await summaryShows('Previewed');
    const revert = page.getByRole('button', { name: 'Revert', exact: true });
    expect(await revert.isDisabled()).toBe(true);
    const reason = page.locator(`#${await revert.getAttribute('aria-describedby')}`);
    expect(await reason.textContent()).toMatch(/not changed any user yet/);

    const nobody = await syncFile(
      app.http,
      tenant.tenantId,
      tenant.adminToken,
      csvFile([['Email'], ['nobody@example.com']]),
      { action: 'delete', fileName: 'nobody.csv' },
    );
    await browser.open(recordsPath(nobody.id));
    await summaryShows('Completed');
    expect(await page.getByRole('button', { name: 'Revert', exact: true }).isDisabled()).toBe(true);
    await page.getByText('It changed no user, so there is nothing to revert.').waitFor();
  });

  it('shows the refusal in the dialog when someone else reverted the sync first', async () => {
    const add = await syncFile(app.http, tenant.tenantId, tenant.adminToken, csvFile([HEADER, userRow(40)]), {
      fileName: 'twice.csv',
    });
    await browser.open(recordsPath(add.id));
    await page.getByRole('heading', { name: 'Records twice.csv' }).waitFor();
    await summaryShows('Completed');
    // Meanwhile, another admin reverts it.
    const other = await expectStatus(
      app.http.post(
        `/api/tenants/${tenant.tenantId}/csv-sync/syncs/${add.id}/revert`,
        undefined,
        tenant.adminToken,
      ),
      202,
    );

    await page.getByRole('button', { name: 'Revert', exact: true }).click();
    const dialog = page.getByRole('dialog', { name: 'Revert twice.csv?' });
    await dialog.getByRole('button', { name: 'Confirm revert' }).click();
    const alert = dialog.getByRole('alert');
    await alert.getByText('The revert was not accepted').waitFor();
    expect(await alert.textContent()).toMatch(/revert/i);
    await dialog.getByRole('button', { name: 'Back' }).click();
    expect(await page.getByRole('dialog').count()).toBe(0);

    // The page learnt of the other revert.
    await page
      .getByRole('region', { name: 'Summary' })
      .getByRole('link', { name: /\(Revert, / })
      .waitFor();
    expect(await page.getByRole('button', { name: 'Revert', exact: true }).isDisabled()).toBe(true);
    expect(page.url()).toContain(recordsPath(add.id));
    await waitForSync(app.http, tenant.tenantId, other.body.id, tenant.adminToken);
  });

  it('previews a revert as a dry run and applies it on the revert’s page', async () => {
    const update = await syncFile(
      app.http,
      tenant.tenantId,
      tenant.adminToken,
      csvFile([HEADER, userRow(2, { 'Last Name': 'Newname' })]),
      { fileName: 'rename.csv' },
    );
    await browser.open(recordsPath(update.id));
    await page.getByRole('button', { name: 'Revert', exact: true }).click();
    const dialog = page.getByRole('dialog', { name: 'Revert rename.csv?' });
    await dialog.getByText('Its updated user gets its former values back.', { exact: false }).waitFor();
    await dialog.getByRole('checkbox', { name: 'Dry run' }).check();
    await dialog.getByRole('button', { name: 'Confirm revert' }).click();

    await page.getByRole('heading', { name: 'Records rename.csv (revert)' }).waitFor();
    await summaryShows('Previewed');
    expect(await count('Updated')).toBe('1');
    expect((await userOf(2)).attributes.lastName).toBe('Newname');

    await page.getByRole('button', { name: 'Apply', exact: true }).click();
    await page.getByRole('group', { name: 'Confirm apply' }).waitFor();
    await page.getByRole('button', { name: 'Confirm apply' }).click();
    await summaryShows('Completed');
    expect((await userOf(2)).attributes.lastName).toBe('Last2');
  });

  it('stops a revert that would delete most users at the guard, and deletes after confirmation', async () => {
    const small = await setUpTenant(app.http, { tokenName: 'Jane Doe' });
    const add = await syncFile(app.http, small.tenantId, small.adminToken, usersFile(12), {
      fileName: 'wrong-tenant.csv',
    });
    await browser.signOut();
    await browser.signIn(small.adminToken);
    try {
      await browser.open(recordsPath(add.id, small));
      await page.getByRole('button', { name: 'Revert', exact: true }).click();
      const dialog = page.getByRole('dialog', { name: 'Revert wrong-tenant.csv?' });
      await dialog.getByText(/^Its 12 added users are deleted\./).waitFor();
      await dialog.getByRole('button', { name: 'Confirm revert' }).click();

      await page.getByRole('heading', { name: 'Records wrong-tenant.csv (revert)' }).waitFor();
      await summaryShows('Awaiting confirmation');
      expect((await users(app.http, small.tenantId, small.adminToken)).length).toBe(12);
      await page.getByRole('button', { name: 'Apply', exact: true }).click();
      await page
        .getByRole('group', { name: 'Confirm apply' })
        .getByText(/Apply this revert now\?/)
        .waitFor();
      await page.getByRole('button', { name: 'Confirm apply' }).click();
      await summaryShows('Completed');
      expect(await count('Deleted')).toBe('12');
      expect(await users(app.http, small.tenantId, small.adminToken)).toEqual([]);
    } finally {
      await browser.signOut();
      await browser.signIn(tenant.adminToken);
    }
  });
});

describe('a revert that runs', () => {
  it('shows its progress, then its counts and records as they come, without a reload', async () => {
    const add = await syncFile(app.http, tenant.tenantId, tenant.adminToken, csvFile([HEADER, userRow(60)]), {
      fileName: 'later.csv',
    });
    await web.stopWorker();
    await browser.open(recordsPath(add.id));
    await page.getByRole('button', { name: 'Revert', exact: true }).click();
    await page
      .getByRole('dialog', { name: 'Revert later.csv?' })
      .getByRole('button', { name: 'Confirm revert' })
      .click();

    await page.getByRole('heading', { name: 'Records later.csv (revert)' }).waitFor();
    await summaryShows('Queued');
    await page
      .getByRole('region', { name: 'Summary' })
      .getByRole('progressbar', { name: 'Sync progress' })
      .waitFor();
    await page.getByText('0 of 1 rows processed').waitFor();
    await page.getByText('No records with this outcome.').waitFor();
    const reason = await page
      .getByRole('button', { name: 'Revert', exact: true })
      .getAttribute('aria-describedby');
    expect(await page.locator(`#${reason}`).textContent()).toMatch(/once it has finished/);

    await web.startWorker();
    await summaryShows('Completed');
    expect(await count('Deleted')).toBe('1');
    await page
      .locator('table.records tbody tr', { hasText: 'user60@example.com' })
      .getByText('Deleted')
      .waitFor();
    expect(await page.getByRole('progressbar', { name: 'Sync progress' }).count()).toBe(0);
    expect(await userOf(60)).toBeUndefined();
  });
});

describe('a narrow screen (390 px)', () => {
  it('fits a revert’s page and the dialog without scrolling sideways', async () => {
    const add = await syncFile(app.http, tenant.tenantId, tenant.adminToken, csvFile([HEADER, userRow(70)]), {
      fileName: 'a-rather-long-file-name-of-an-hr-export-2026-12-01.csv',
    });
    await page.setViewportSize({ width: 390, height: 844 });
    try {
      await browser.open(recordsPath(add.id));
      await page.getByRole('button', { name: 'Revert', exact: true }).click();
      const dialog = page.getByRole('dialog');
      await dialog.getByRole('button', { name: 'Confirm revert' }).waitFor();
      const box = await dialog.boundingBox();
      expect(box!.x).toBeGreaterThanOrEqual(0);
      expect(box!.x + box!.width).toBeLessThanOrEqual(390);
      await dialog.getByRole('button', { name: 'Confirm revert' }).click();
      await page.getByRole('heading', { name: /\(revert\)$/ }).waitFor();
      await summaryShows('Completed');
      await page.locator('table.records tbody tr').first().waitFor();
      expect(await page.evaluate('document.documentElement.scrollWidth')).toBeLessThanOrEqual(390);
    } finally {
      await page.setViewportSize({ width: 1280, height: 800 });
    }
  });
});

describe('User CSV Sync List', () => {
  it('filters by the action Revert and marks a reverted file', async () => {
    await browser.open(`/tenants/${tenant.tenantId}/csv-sync/syncs`);
    await page.getByRole('link', { name: 'rename.csv' }).first().waitFor();
    const options = await page.getByLabel('Action').locator('option').allTextContents();
    expect(options).toEqual(['All actions', 'Add/Update', 'Delete', 'Revert']);

    await page.getByLabel('Action').selectOption('revert');
    // The list is read again as the filter changes (and every few seconds): wait until it shows the reverts.
    const shown = async () => ({
      actions: await page.locator('table tbody tr td:nth-child(2)').allTextContents(),
      names: await page.locator('table tbody tr td.file-name a').allTextContents(),
    });
    const expected = ['hr-export-ü.csv', 'twice.csv', 'rename.csv'];
    let seen = await shown();
    await waitFor(async () => {
      seen = await shown();
      return (
        seen.actions.length > 0 &&
        seen.actions.every((a) => a === 'Revert') &&
        expected.every((n) => seen.names.includes(n))
      );
    }, 'the action filter');
    expect(seen.actions.every((a) => a === 'Revert')).toBe(true);
    expect(seen.names).toEqual(expect.arrayContaining(expected));

    await page.getByLabel('Action').selectOption('');
    const reverted = page.locator('table tbody tr', {
      has: page.getByRole('link', { name: 'hr-export-ü.csv' }),
      hasText: 'Add/Update',
    });
    await reverted.locator('.tag', { hasText: 'reverted' }).waitFor();
  });
});
