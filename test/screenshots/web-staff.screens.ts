// Writes docs/screenshots/ PNGs of the staff pages: Tenants, a tenant's page (switch, configuration editor,
// tokens), a refused configuration with its problems at their fields, the audit log; one at 390 px.
import type { Page } from 'playwright-core';
import { setUpTenant, STAFF_TOKEN } from '../support/fixtures';
import { waitFor } from '../support/wait';
import { screenshotTest } from './screenshot-test';

async function loaded(page: Page): Promise<void> {
  await page.getByRole('heading', { level: 1 }).waitFor();
  await waitFor(async () => (await page.locator('main .loading').count()) === 0, 'the page to load');
}

screenshotTest('writes a PNG of each staff page', async ({ app, browser, page, shot }) => {
  await setUpTenant(app.http, { tenantId: 'acme', tokenName: 'Jane Doe' });
  await setUpTenant(app.http, { tenantId: 'globex', enabled: false, tokenName: 'Sam' });
  await setUpTenant(app.http, { tenantId: 'initech', enabled: false, config: null, tokenName: 'Peter' });
  await app.http.post('/api/tenants/acme/tokens', { name: 'HR nightly job' }, STAFF_TOKEN);
  await browser.signIn(STAFF_TOKEN);

  await browser.open('/tenants');
  await loaded(page);
  await shot('tenants');

  await browser.open('/tenants/acme');
  await loaded(page);
  await page.getByLabel('Token name').fill('Zoë Ångström');
  await page.getByRole('button', { name: 'Issue token' }).click();
  await page.getByRole('textbox', { name: 'New token' }).waitFor();
  await shot('tenant');

  await browser.open('/tenants/acme');
  await loaded(page);
  const second = page.getByRole('group', { name: 'Attribute 2', exact: true });
  await second.getByLabel('Column').fill('first name');
  await page
    .getByRole('group', { name: 'Attribute 3', exact: true })
    .getByLabel('Values')
    .fill('Sales\nsales');
  await page.getByRole('button', { name: 'Save configuration' }).click();
  await page.getByRole('alert').waitFor();
  await shot('tenant-config-refused');
  await page.getByRole('button', { name: 'Discard changes' }).click();

  await browser.open('/tenants/acme/audit');
  await loaded(page);
  await shot('audit-log');

  await page.setViewportSize({ width: 390, height: 844 });
  await browser.open('/tenants/acme');
  await loaded(page);
  await shot('tenant-390px');
});
