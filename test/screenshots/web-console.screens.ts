// Writes docs/screenshots/*.png: each page of the web console with sample data, at 1280 px and one at 390 px;
// the revert of a file: its dialog and the revert's records.
import { setUpTenant, STAFF_TOKEN } from '../support/fixtures';
import { syncFile, upload, waitForSync } from '../support/syncs';
import { screenshotTest } from './screenshot-test';

const HEADER = 'Email,First Name,Last Name,Department,Start Date,Manager,Cost Center,Groups';
const PEOPLE = [
  ['Zoë', 'Ångström', 'R&D'],
  ['Jürgen', 'Müller', 'Sales'],
  ['Amélie', 'Dubois', 'HR'],
  ['Søren', 'Kierkegaard', 'R&D'],
  ['Łukasz', 'Nowak', 'Sales'],
  ['Chiara', 'Rossi', 'HR'],
  ['Oğuz', 'Yılmaz', 'R&D'],
  ['Inès', 'García', 'Sales'],
];

function csv(lines: string[]): Buffer {
  return Buffer.from(lines.join('\r\n') + '\r\n', 'utf8');
}

function rows(department?: (i: number) => string): string[] {
  return PEOPLE.map(
    ([first, last, dept], i) =>
      `${first.toLowerCase()}.${last.toLowerCase()}@example.com,${first},${last},${department?.(i) ?? dept},2024-0${(i % 9) + 1}-15,${i % 3 === 0 ? 'yes' : 'no'},${4100 + i},Scouts`,
  );
}

screenshotTest('writes a PNG of each page', async ({ app, browser, page, shot }) => {
  const acme = await setUpTenant(app.http, { tenantId: 'acme', tokenName: 'Jane Doe' });
  await setUpTenant(app.http, { tenantId: 'globex', enabled: false, tokenName: 'HR nightly job' });
  const globex = await app.http.post('/api/tenants/globex/tokens', { name: 'Sam' }, STAFF_TOKEN);
  await syncFile(app.http, 'acme', acme.adminToken, csv([HEADER, ...rows()]), {
    fileName: 'Mitarbeiter-Übersicht.csv',
  });
  const changed = rows((i) => (i % 2 === 0 ? 'Sales' : PEOPLE[i][2]));
  changed.push('broken@example.com,Max,Mustermann,Marketing,2024-02-30,no,4200,Scouts');
  await syncFile(app.http, 'acme', acme.adminToken, csv([HEADER, ...changed]), {
    fileName: 'hr-export-2026-12-01.csv',
  });
  await syncFile(app.http, 'acme', acme.adminToken, csv(['Email', 'chiara.rossi@example.com']), {
    fileName: 'leavers.csv',
    action: 'delete',
  });
  const dry = await upload(app.http, 'acme', acme.adminToken, csv([HEADER, ...rows(() => 'HR')]), {
    fileName: 'reorg-preview.csv',
    dryRun: true,
  });
  await waitForSync(app.http, 'acme', dry.body.id, acme.adminToken);

  await page.setViewportSize({ width: 1280, height: 800 });
  await browser.open('/sign-in');
  await page.getByLabel('Access token').waitFor();
  await shot('sign-in');

  await browser.signIn(acme.adminToken);
  await browser.open(`/tenants/acme/csv-sync?sync=${dry.body.id}`);
  await page.getByRole('button', { name: 'Apply' }).waitFor();
  await shot('user-csv-sync');

  await page.getByLabel('CSV file', { exact: true }).setInputFiles({
    name: 'wrong-columns.csv',
    mimeType: 'text/csv',
    buffer: csv(['Email,First Name,Nickname', 'a@example.com,A,B']),
  });
  await page.getByRole('button', { name: 'Submit' }).click();
  await page.getByRole('alert').waitFor();
  await shot('user-csv-sync-refused');

  // Zoë changes department after hr-export: its revert leaves her alone (CHANGED_SINCE).
  const hrExport = (
    await app.http.get('/api/tenants/acme/csv-sync/syncs?limit=50', acme.adminToken)
  ).body.items.find((s: { fileName: string }) => s.fileName === 'hr-export-2026-12-01.csv');
  await syncFile(app.http, 'acme', acme.adminToken, csv([HEADER, rows(() => 'HR')[0]]), {
    fileName: 'zoe-moves-to-hr.csv',
  });
  await browser.open(`/tenants/acme/csv-sync/syncs/${hrExport.id}`);
  await page.getByRole('button', { name: 'Revert', exact: true }).click();
  await page.getByRole('dialog').waitFor();
  await shot('revert-dialog', false);
  await page.getByRole('button', { name: 'Confirm revert' }).click();
  await page.getByRole('heading', { name: 'Records hr-export-2026-12-01.csv (revert)' }).waitFor();
  await page
    .getByRole('region', { name: 'Summary' })
    .locator('.badge', { hasText: /^Completed/ })
    .waitFor();
  await page.locator('table.records tbody tr').first().waitFor();
  await shot('records-revert');

  await browser.open('/tenants/acme/csv-sync/syncs');
  await page.getByRole('link', { name: 'leavers.csv' }).waitFor();
  await shot('user-csv-sync-list');

  // The file and its revert have one name: the original is the older link.
  await page.getByRole('link', { name: 'hr-export-2026-12-01.csv' }).last().click();
  await page.locator('table.records tbody tr').first().waitFor();
  await page.getByRole('link', { name: /\(Revert, / }).waitFor();
  await shot('records');

  await browser.open('/tenants/acme/users');
  await page.locator('table tbody tr').first().waitFor();
  await shot('users');

  await page.setViewportSize({ width: 390, height: 844 });
  await browser.open(`/tenants/acme/csv-sync?sync=${dry.body.id}`);
  await page.getByRole('button', { name: 'Apply' }).waitFor();
  await shot('user-csv-sync-390px');
  await page.setViewportSize({ width: 1280, height: 800 });
  await browser.signOut();

  await browser.signIn(globex.body.token);
  await page.getByRole('heading', { name: 'Module off' }).waitFor();
  await shot('module-off');
  await browser.signOut();
});
