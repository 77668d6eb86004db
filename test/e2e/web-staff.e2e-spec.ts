// The staff pages of the web console in a real Chromium: Tenants, a tenant's switch and configuration editor
// (a refused save shown at its fields, a version conflict), tokens issued and revoked, the audit log.
import type { Locator, Page } from 'playwright-core';
import { startApp, TestApp } from '../support/app';
import { BrowserSession, startBrowser } from '../support/browser';
import { EXAMPLE_CONFIG, expectStatus, setUpTenant, STAFF_TOKEN, uniqueTenantId } from '../support/fixtures';
import { waitFor } from '../support/wait';

let app: TestApp;
let browser: BrowserSession;

beforeAll(async () => {
  app = await startApp();
  browser = await startBrowser(app.http.baseUrl);
  await browser.context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: app.http.baseUrl });
  await browser.signIn(STAFF_TOKEN);
});

afterAll(async () => {
  await browser?.close();
  await app?.close();
});

afterEach(() => {
  expect(browser.takeProblems()).toEqual([]);
});

const tenantPath = (tenantId: string) => `/tenants/${tenantId}`;

async function openTenant(tenantId: string): Promise<Page> {
  const page = await browser.open(tenantPath(tenantId));
  await page.getByRole('heading', { name: 'Attributes', exact: true }).waitFor();
  await page.getByRole('button', { name: 'Save configuration' }).waitFor();
  return page;
}

async function currentConfig(tenantId: string) {
  return (await expectStatus(app.http.get(`/api/tenants/${tenantId}/csv-sync/config`, STAFF_TOKEN), 200))
    .body;
}

/** The text of the elements that describe a field (aria-describedby). */
async function description(field: Locator): Promise<string> {
  return field.evaluate((el) =>
    (el.getAttribute('aria-describedby') ?? '')
      .split(' ')
      .map((id: string) => el.ownerDocument.getElementById(id)?.textContent ?? '')
      .join(' '),
  );
}

/** Whether the element has the keyboard focus. */
async function hasFocus(element: Locator): Promise<boolean> {
  return element.evaluate((el) => el === el.ownerDocument.activeElement);
}

const attribute = (page: Page, n: number) => page.getByRole('group', { name: `Attribute ${n}`, exact: true });

describe('Tenants', () => {
  it('lands staff on Tenants, with a link to each tenant', async () => {
    const { tenantId } = await setUpTenant(app.http);
    const page = await browser.open('/');
    await page.getByRole('heading', { name: 'Tenants', exact: true }).waitFor();
    expect(new URL(page.url()).pathname).toBe('/tenants');
    await page.getByRole('link', { name: `Tenant ${tenantId}`, exact: true }).click();
    await page.getByRole('heading', { name: `Tenant ${tenantId}`, exact: true }).waitFor();
    expect(new URL(page.url()).pathname).toBe(tenantPath(tenantId));
  });

  it('creates a tenant with New tenant, showing a refused Tenant ID at its field first', async () => {
    const tenantId = uniqueTenantId('new');
    const name = 'Ünïcode <img src=x onerror="window.hacked=1"> GmbH';
    const page = await browser.open('/tenants');
    await page.getByRole('button', { name: 'New tenant' }).click();
    await page.getByLabel('Tenant ID').fill('Not A Slug');
    await page.getByLabel('Name', { exact: true }).fill(name);
    await page.getByRole('button', { name: 'Create', exact: true }).click();

    const idField = page.getByLabel('Tenant ID');
    await page.getByText(/id must be a slug/).waitFor();
    expect(await idField.getAttribute('aria-invalid')).toBe('true');
    expect(await hasFocus(idField)).toBe(true);
    await expectStatus(app.http.get('/api/tenants/not-a-slug', STAFF_TOKEN), 404);

    await idField.fill(tenantId);
    await page.getByRole('button', { name: 'Create', exact: true }).click();
    await page.getByRole('heading', { name, exact: true }).waitFor();
    expect(new URL(page.url()).pathname).toBe(tenantPath(tenantId));
    expect(await page.evaluate('window.hacked')).toBeUndefined();
    const created = await expectStatus(app.http.get(`/api/tenants/${tenantId}`, STAFF_TOKEN), 200);
    expect(created.body).toMatchObject({
      id: tenantId,
      name,
      csvSync: { enabled: false, configVersion: null },
    });
    await page.getByText('Not configured yet').waitFor();

    await page.getByRole('link', { name: 'Tenants', exact: true }).click();
    await page.getByRole('link', { name, exact: true }).waitFor();
  });

  it('refuses an ID that is taken, at the Tenant ID field', async () => {
    const { tenantId } = await setUpTenant(app.http);
    const page = await browser.open('/tenants');
    await page.getByRole('button', { name: 'New tenant' }).click();
    await page.getByLabel('Tenant ID').fill(tenantId);
    await page.getByLabel('Name', { exact: true }).fill('Someone else');
    await page.getByRole('button', { name: 'Create', exact: true }).click();
    await page.getByText(`A tenant with the id "${tenantId}" already exists`).waitFor();
    expect(await page.getByLabel('Tenant ID').getAttribute('aria-invalid')).toBe('true');
  });
});

describe("a tenant's page", () => {
  it('switches the CSV sync module on and off with the "CSV sync enabled" switch', async () => {
    const { tenantId } = await setUpTenant(app.http, { enabled: false });
    const page = await openTenant(tenantId);
    const toggle = page.getByRole('switch', { name: 'CSV sync enabled' });
    expect(await toggle.getAttribute('aria-checked')).toBe('false');

    await toggle.click();
    await page.getByRole('switch', { name: 'CSV sync enabled', checked: true }).waitFor();
    expect((await app.http.get(`/api/tenants/${tenantId}`, STAFF_TOKEN)).body.csvSync.enabled).toBe(true);

    await toggle.focus();
    await page.keyboard.press('Space');
    await page.getByRole('switch', { name: 'CSV sync enabled', checked: false }).waitFor();
    expect((await app.http.get(`/api/tenants/${tenantId}`, STAFF_TOKEN)).body.csvSync.enabled).toBe(false);
  });

  it("opens the tenant's admin pages from its page", async () => {
    const { tenantId } = await setUpTenant(app.http);
    const page = await openTenant(tenantId);
    await page
      .getByRole('navigation', { name: 'Tenant pages' })
      .getByRole('link', { name: 'User CSV Sync List' })
      .click();
    await page.getByRole('heading', { name: 'User CSV Sync List', exact: true }).waitFor();
    expect(new URL(page.url()).pathname).toBe(`/tenants/${tenantId}/csv-sync/syncs`);
    await page.goBack();
    await page
      .getByRole('navigation', { name: 'Tenant pages' })
      .getByRole('link', { name: 'User CSV Sync', exact: true })
      .click();
    await page.getByRole('heading', { name: 'User CSV Sync', exact: true }).waitFor();
  });
});

describe('the configuration editor', () => {
  it('shows the saved configuration with its version, one row per attribute with its type-specific fields', async () => {
    const { tenantId } = await setUpTenant(app.http);
    const page = await openTenant(tenantId);
    await page.getByText(/^Version 1, saved by staff/).waitFor();
    expect(await page.getByLabel('Email column').inputValue()).toBe('Email');
    expect(await page.getByRole('group', { name: /^Attribute \d+$/ }).count()).toBe(
      EXAMPLE_CONFIG.attributes.length,
    );

    const first = attribute(page, 1);
    expect(await first.getByLabel('Key').inputValue()).toBe('firstName');
    expect(await first.getByLabel('Column').inputValue()).toBe('First Name');
    expect(await first.getByLabel('Type').inputValue()).toBe('string');
    expect(await first.getByLabel('Required').isChecked()).toBe(true);
    expect(await first.getByLabel('Max length').inputValue()).toBe('100');
    expect(await first.getByLabel('Values').count()).toBe(0);

    const department = attribute(page, 3);
    expect(await department.getByLabel('Values').inputValue()).toBe('R&D\nSales\nHR');
    expect(await department.getByLabel('Max length').count()).toBe(0);
    const groups = attribute(page, 7);
    expect(await groups.getByLabel('Separator').inputValue()).toBe('|');
    expect(await attribute(page, 4).getByLabel('Date format').count()).toBe(1);
    expect(await attribute(page, 5).getByRole('textbox').count()).toBe(2); // boolean: key and column only
  });

  it('adds, reorders and removes attributes and saves them as a new version', async () => {
    const { tenantId } = await setUpTenant(app.http);
    const page = await openTenant(tenantId);

    await page.getByRole('button', { name: 'Add attribute' }).click();
    const added = attribute(page, 8);
    // The new row's Key has the focus, so that typing goes on from the keyboard.
    expect(await hasFocus(added.getByLabel('Key'))).toBe(true);
    await page.keyboard.type('region');
    await added.getByLabel('Column').fill('Région');
    await added.getByLabel('Type').selectOption('enum');
    await added.getByLabel('Values').fill('Nord\nSüd\n');
    await added.getByLabel('Required').check();

    // Up from the last place twice, with the keyboard: the focus stays on the moved row's button.
    await page.getByRole('button', { name: 'Move attribute 8 up' }).focus();
    await page.keyboard.press('Enter');
    const movedButton = page.getByRole('button', { name: 'Move attribute 7 up' });
    expect(await hasFocus(movedButton)).toBe(true);
    await page.keyboard.press('Enter');
    expect(await attribute(page, 6).getByLabel('Key').inputValue()).toBe('region');

    await page.getByRole('button', { name: 'Remove attribute 2' }).click(); // lastName
    await page.getByText('Unsaved changes').waitFor();
    await page
      .getByRole('group', { name: 'Unknown columns' })
      .getByLabel(/Ignore/)
      .check();
    await page.getByRole('group', { name: 'Empty cells' }).getByLabel(/Clear/).check();
    await page.getByLabel('Delete guard percent').fill('30');
    await page.getByRole('button', { name: 'Save configuration' }).click();

    await page.getByRole('status').getByText('Saved as version 2.').waitFor();
    await page.getByText(/^Version 2, saved by staff/).waitFor();
    const saved = await currentConfig(tenantId);
    expect(saved.version).toBe(2);
    expect(saved.attributes.map((a: { key: string }) => a.key)).toEqual([
      'firstName',
      'department',
      'startDate',
      'isManager',
      'region',
      'costCenter',
      'groups',
    ]);
    expect(saved.attributes[4]).toEqual({
      key: 'region',
      column: 'Région',
      type: 'enum',
      required: true,
      values: ['Nord', 'Süd'],
    });
    expect(saved).toMatchObject({ unknownColumns: 'ignore', emptyCell: 'clear', deleteGuardPercent: 30 });
    expect(await page.getByText('Unsaved changes').count()).toBe(0);
  });

  it('shows every problem of a refused configuration at its field and keeps the version', async () => {
    const { tenantId } = await setUpTenant(app.http);
    const page = await openTenant(tenantId);
    await attribute(page, 2).getByLabel('Column').fill('first name');
    await attribute(page, 3).getByLabel('Values').fill('Sales\nsales');
    await page.getByLabel('Delete guard percent').fill('0');
    await page.getByRole('button', { name: 'Save configuration' }).click();

    const alert = page.getByRole('alert');
    await alert.getByText('The configuration was not saved: 3 problems, shown at their fields.').waitFor();
    const column = attribute(page, 2).getByLabel('Column');
    expect(await column.getAttribute('aria-invalid')).toBe('true');
    // The message is the field's description, so that a screen reader reads it with the field.
    expect(await description(column)).toMatch(/"first name" is used twice/);
    const values = attribute(page, 3).getByLabel('Values');
    expect(await values.getAttribute('aria-invalid')).toBe('true');
    await attribute(page, 3).getByText('value 2: "sales" is listed twice').waitFor();
    const guard = page.getByLabel('Delete guard percent');
    expect(await guard.getAttribute('aria-invalid')).toBe('true');
    await page.getByText('must be a number from 1 to 100').waitFor();
    // The first field with a problem has the focus.
    expect(await hasFocus(column)).toBe(true);
    expect(await attribute(page, 1).getByLabel('Column').getAttribute('aria-invalid')).toBeNull();
    expect((await currentConfig(tenantId)).version).toBe(1);

    // Moving a row keeps its message with it; fixing a field clears its message.
    await page.getByRole('button', { name: 'Move attribute 2 up' }).click();
    expect(await attribute(page, 1).getByLabel('Column').getAttribute('aria-invalid')).toBe('true');
    await attribute(page, 1).getByLabel('Column').fill('Last Name');
    expect(await attribute(page, 1).getByLabel('Column').getAttribute('aria-invalid')).toBeNull();
  });

  it('explains a version conflict and saves over the newer version only when asked', async () => {
    const { tenantId } = await setUpTenant(app.http);
    const page = await openTenant(tenantId);
    await attribute(page, 1).getByLabel('Max length').fill('80');

    // Someone else saves version 2 meanwhile.
    await expectStatus(
      app.http.put(
        `/api/tenants/${tenantId}/csv-sync/config`,
        { ...EXAMPLE_CONFIG, deleteGuardPercent: 20 },
        STAFF_TOKEN,
      ),
      200,
    );
    await page.getByRole('button', { name: 'Save configuration' }).click();
    const alert = page.getByRole('alert');
    await alert.getByText('Not saved: the configuration changed while you were editing it.').waitFor();
    await alert.getByText(/Someone saved version 2; your changes are based on version 1/).waitFor();
    expect((await currentConfig(tenantId)).deleteGuardPercent).toBe(20);

    await alert.getByRole('button', { name: 'Save mine over version 2' }).click();
    await page.getByRole('status').getByText('Saved as version 3.').waitFor();
    const saved = await currentConfig(tenantId);
    expect(saved.version).toBe(3);
    expect(saved.attributes[0].maxLength).toBe(80);
    expect(saved.deleteGuardPercent).toBe(50);
  });

  it('loads the newer version on request, dropping the edit', async () => {
    const { tenantId } = await setUpTenant(app.http);
    const page = await openTenant(tenantId);
    await page.getByLabel('Email column').fill('E-Mail');
    await expectStatus(
      app.http.put(
        `/api/tenants/${tenantId}/csv-sync/config`,
        { ...EXAMPLE_CONFIG, emailColumn: 'Mail' },
        STAFF_TOKEN,
      ),
      200,
    );
    await page.getByRole('button', { name: 'Save configuration' }).click();
    await page.getByRole('alert').getByRole('button', { name: 'Load version 2' }).click();
    await page.getByText(/^Version 2, saved by staff/).waitFor();
    expect(await page.getByLabel('Email column').inputValue()).toBe('Mail');
    expect(await page.getByRole('alert').count()).toBe(0);
  });

  it('asks before leaving the page with unsaved changes', async () => {
    const { tenantId } = await setUpTenant(app.http);
    const page = await openTenant(tenantId);
    await page.getByLabel('Email column').fill('Work Email');
    const main = page.getByRole('navigation', { name: 'Main' });

    await main.getByRole('link', { name: 'Tenants', exact: true }).click();
    const dialog = page.getByRole('dialog', { name: 'Leave without saving?' });
    await dialog.getByRole('button', { name: 'Stay and keep editing' }).click();
    await dialog.waitFor({ state: 'detached' });
    expect(new URL(page.url()).pathname).toBe(tenantPath(tenantId));
    expect(await page.getByLabel('Email column').inputValue()).toBe('Work Email');

    await main.getByRole('link', { name: 'Tenants', exact: true }).click();
    await dialog.getByRole('button', { name: 'Leave without saving' }).click();
    await page.getByRole('heading', { name: 'Tenants', exact: true }).waitFor();
    expect((await currentConfig(tenantId)).emailColumn).toBe('Email');
  });

  it('saves the first configuration of a new tenant', async () => {
    const { tenantId } = await setUpTenant(app.http, { config: null, enabled: false });
    const page = await openTenant(tenantId);
    await page.getByText('Not configured yet').first().waitFor();
    await page.getByRole('button', { name: 'Add attribute' }).click();
    await attribute(page, 1).getByLabel('Key').fill('hired');
    await attribute(page, 1).getByLabel('Column').fill('Hired');
    await attribute(page, 1).getByLabel('Type').selectOption('date');
    await attribute(page, 1).getByLabel('Date format').fill('DD.MM.YYYY');
    await page.getByRole('button', { name: 'Save configuration' }).click();
    await page.getByRole('status').getByText('Saved as version 1.').waitFor();
    expect((await currentConfig(tenantId)).attributes).toEqual([
      { key: 'hired', column: 'Hired', type: 'date', required: false, format: 'DD.MM.YYYY' },
    ]);
  });
});

describe('tokens', () => {
  it('issues a token shown once with a copy button, and Revoke makes the API refuse it', async () => {
    const { tenantId } = await setUpTenant(app.http);
    const page = await openTenant(tenantId);
    await page.getByLabel('Token name').fill('HR nightly job');
    await page.getByRole('button', { name: 'Issue token' }).click();

    const shown = page.getByRole('textbox', { name: 'New token' });
    await shown.waitFor();
    const token = await shown.inputValue();
    expect(token.length).toBeGreaterThan(20);
    await page.getByRole('button', { name: 'Copy token' }).click();
    await page.getByText('Copied to the clipboard.').waitFor();
    expect(await page.evaluate('navigator.clipboard.readText()')).toBe(token);
    expect((await expectStatus(app.http.get('/api/me', token), 200)).body).toMatchObject({
      name: 'HR nightly job',
    });

    const row = page.getByRole('row', { name: /HR nightly job/ });
    await row.getByText('Active').waitFor();
    // Shown once: after a reload the list has the token, the page no longer has its secret.
    await page.reload();
    await row.waitFor();
    expect(await page.getByRole('textbox', { name: 'New token' }).count()).toBe(0);
    expect(await page.content()).not.toContain(token);

    await row.getByRole('button', { name: 'Revoke HR nightly job' }).click();
    await row.getByRole('button', { name: 'Confirm revoke' }).click();
    await page.getByRole('status').getByText('Token “HR nightly job” revoked').waitFor();
    await row.getByText(/^Revoked /).waitFor();
    expect(await row.getByRole('button', { name: /Revoke/ }).count()).toBe(0);
    await expectStatus(app.http.get('/api/me', token), 401);
  });

  it('shows a refused token name at its field', async () => {
    const { tenantId } = await setUpTenant(app.http);
    const page = await openTenant(tenantId);
    await page.getByLabel('Token name').fill('   ');
    await page.getByRole('button', { name: 'Issue token' }).click();
    await page.getByText(/name must be longer than or equal to 1 characters/).waitFor();
    expect(await page.getByLabel('Token name').getAttribute('aria-invalid')).toBe('true');
  });
});

describe('audit log', () => {
  it("lists a tenant's staff actions, newest first, and filters them by action", async () => {
    const { tenantId } = await setUpTenant(app.http, { tokenName: 'Zoë <b>Ångström</b>' });
    const page = await openTenant(tenantId);
    await page
      .getByRole('navigation', { name: 'Tenant pages' })
      .getByRole('link', { name: 'Audit log' })
      .click();
    await page.getByRole('heading', { name: 'Audit log', exact: true }).waitFor();
    expect(new URL(page.url()).pathname).toBe(`/tenants/${tenantId}/audit`);

    const rows = page.getByRole('table').getByRole('row');
    await rows.nth(4).waitFor();
    const actions = await page.getByRole('table').locator('tbody tr td:nth-child(3)').allInnerTexts();
    expect(actions).toEqual([
      'Token issued',
      'CSV sync switched on',
      'Configuration saved',
      'Tenant created',
    ]);
    await page.getByRole('table').getByText('“Zoë <b>Ångström</b>”').waitFor();
    await page.getByText('Version 1 (the first), 7 attributes').waitFor();

    await page.getByLabel('Action').selectOption('csv_sync.activated');
    await page.waitForURL(/action=csv_sync.activated/);
    const body = page.getByRole('table').locator('tbody tr');
    await waitFor(async () => (await body.count()) === 1, 'the filtered audit log');
    expect(await body.first().innerText()).toContain('CSV sync switched on');
  });

  it("shows every tenant's events to staff, each linked to its tenant", async () => {
    const { tenantId } = await setUpTenant(app.http);
    const page = await browser.open('/tenants');
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Audit log' }).click();
    await page.getByRole('heading', { name: 'Audit log', exact: true }).waitFor();
    await page.getByText('Every tenant').waitFor();
    await page.getByRole('columnheader', { name: 'Tenant' }).waitFor();
    await page.getByRole('table').getByRole('link', { name: tenantId }).first().waitFor();
  });
});

describe('layout', () => {
  it('fits a 390 px wide screen without sideways scrolling', async () => {
    const { tenantId } = await setUpTenant(app.http);
    await browser.page.setViewportSize({ width: 390, height: 844 });
    try {
      for (const path of ['/tenants', tenantPath(tenantId), `${tenantPath(tenantId)}/audit`]) {
        const page = await browser.open(path);
        await page.getByRole('heading', { level: 1 }).waitFor();
        await waitFor(async () => (await page.locator('main .loading').count()) === 0, `${path} loaded`);
        const overflow = await page.evaluate('document.documentElement.scrollWidth - window.innerWidth');
        expect({ path, overflow }).toEqual({ path, overflow: 0 });
      }
    } finally {
      await browser.page.setViewportSize({ width: 1280, height: 800 });
    }
  });
});
