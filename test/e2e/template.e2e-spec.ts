import { startApp, TestApp } from '../support/app';
import { setUpTenant, STAFF_TOKEN } from '../support/fixtures';

const BOM = Buffer.from([0xef, 0xbb, 0xbf]);

describe('CSV template (SPEC §5)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startApp();
  });
  afterAll(() => t.close());

  it('starts with a UTF-8 BOM and lists the email column then the configured columns in order', async () => {
    const { tenantId, adminToken } = await setUpTenant(t.http);
    const res = await t.http.get(`/api/tenants/${tenantId}/csv-sync/template?action=upsert`, adminToken);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(res.headers.get('content-disposition')).toBe(
      `attachment; filename="${tenantId}-users-upsert-template.csv"; filename*=UTF-8''${tenantId}-users-upsert-template.csv`,
    );
    expect(res.bytes.subarray(0, 3)).toEqual(BOM);
    expect(res.bytes.subarray(3).toString('utf8')).toBe(
      'Email,First Name,Last Name,Department,Start Date,Manager,Cost Center,Groups\r\n',
    );
  });

  it('has the email column alone for delete', async () => {
    const { tenantId, adminToken } = await setUpTenant(t.http);
    const res = await t.http.get(`/api/tenants/${tenantId}/csv-sync/template?action=delete`, adminToken);
    expect(res.bytes).toEqual(Buffer.concat([BOM, Buffer.from('Email\r\n')]));
    expect(res.headers.get('content-disposition')).toContain(`${tenantId}-users-delete-template.csv`);
  });

  it('adds one example row made from the types', async () => {
    const { tenantId, adminToken } = await setUpTenant(t.http);
    const res = await t.http.get(
      `/api/tenants/${tenantId}/csv-sync/template?action=upsert&example=true`,
      adminToken,
    );
    const lines = res.bytes.subarray(3).toString('utf8').split('\r\n');
    expect(lines).toHaveLength(3);
    expect(lines[2]).toBe('');
    const example = lines[1].split(',');
    expect(example[0]).toBe('jane.doe@example.com');
    expect(example[3]).toBe('R&D');
    expect(example[4]).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(example[5]).toBe('true');
    expect(example[6]).toMatch(/^-?\d+$/);
    expect(example[7]).toBe('Admins|Scouts');
  });

  it('quotes column names that need it and keeps non-ASCII letters', async () => {
    const { tenantId, adminToken } = await setUpTenant(t.http, {
      config: {
        emailColumn: 'E-Mail-Adresse',
        attributes: [
          { key: 'city', column: 'Straße, Ort', type: 'string' },
          { key: 'start', column: 'Eintritt', type: 'date', format: 'DD.MM.YYYY' },
        ],
      },
    });
    const res = await t.http.get(`/api/tenants/${tenantId}/csv-sync/template?example=true`, adminToken);
    const [header, example] = res.bytes.subarray(3).toString('utf8').split('\r\n');
    expect(header).toBe('E-Mail-Adresse,"Straße, Ort",Eintritt');
    expect(example.split(',').pop()).toMatch(/^\d{2}\.\d{2}\.\d{4}$/);
  });

  it('refuses an unknown action', async () => {
    const { tenantId } = await setUpTenant(t.http);
    const res = await t.http.get(`/api/tenants/${tenantId}/csv-sync/template?action=merge`, STAFF_TOKEN);
    expect(res.status).toBe(400);
    expect(res.body.details.problems[0].field).toBe('action');
  });

  it('answers 409 while the module has no configuration', async () => {
    const { tenantId, adminToken } = await setUpTenant(t.http, { config: null });
    const res = await t.http.get(`/api/tenants/${tenantId}/csv-sync/template`, adminToken);
    expect(res.status).toBe(409);
    expect(res.body.error).toBe('CSV_SYNC_NOT_CONFIGURED');
  });
});
