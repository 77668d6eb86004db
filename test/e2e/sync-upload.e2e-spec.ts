import { startApp, TestApp } from '../support/app';
import { csvFile, HEADER, userRow, usersFile } from '../support/csv-file';
import { settled, storedCounts } from '../support/db';
import { expectStatus, setUpTenant, STAFF_TOKEN, TenantSetup } from '../support/fixtures';
import { upload, waitForSync } from '../support/syncs';

const PNG = Buffer.from('89504e470d0a1a0a0000000d4948445200000001000000010806000000', 'hex');
const ZIP = Buffer.concat([Buffer.from('504b0304140000000800', 'hex'), Buffer.alloc(200, 0)]);

describe('uploading a file (SPEC §6)', () => {
  let t: TestApp;
  let tenant: TenantSetup;

  beforeAll(async () => {
    t = await startApp({ MAX_FILE_MB: '1' });
    tenant = await setUpTenant(t.http);
  });
  afterAll(() => t.close());

  const send = (file: Buffer | string, options = {}) =>
    upload(t.http, tenant.tenantId, tenant.adminToken, file, options);

  it('accepts a file with 202, the sync and its Location', async () => {
    const res = await send(usersFile(3), { fileName: 'people.csv' });
    expect(res.status).toBe(202);
    expect(res.headers.get('location')).toBe(`/api/tenants/${tenant.tenantId}/csv-sync/syncs/${res.body.id}`);
    expect(res.body).toMatchObject({
      id: expect.stringMatching(/^[0-9a-f-]{36}$/),
      tenantId: tenant.tenantId,
      status: expect.stringMatching(/^(queued|processing|completed)$/),
      action: 'upsert',
      dryRun: false,
      fileName: 'people.csv',
      actor: 'Jane Doe',
      configVersion: 1,
      encoding: 'utf-8',
      delimiter: ',',
      warnings: [],
      error: null,
      progress: { totalRows: 3 },
      counts: { total: 3 },
    });
    const done = await waitForSync(t.http, tenant.tenantId, res.body.id, tenant.adminToken);
    expect(done.status).toBe('completed');
  });

  it('returns the first sync for a retry with the same Idempotency-Key', async () => {
    const first = await send(usersFile(2), { idempotencyKey: 'nightly-2026-11-25' });
    const again = await send(usersFile(2), { idempotencyKey: 'nightly-2026-11-25' });
    expect(first.status).toBe(202);
    expect(again.status).toBe(202);
    expect(again.body.id).toBe(first.body.id);
    expect(again.headers.get('location')).toBe(first.headers.get('location'));
    const other = await send(usersFile(2), { idempotencyKey: 'nightly-2026-11-26' });
    expect(other.body.id).not.toBe(first.body.id);
  });

  it('creates one sync for concurrent retries with the same Idempotency-Key', async () => {
    const answers = await Promise.all(
      Array.from({ length: 4 }, () => send(usersFile(5), { idempotencyKey: 'burst-1' })),
    );
    expect(answers.map((a) => a.status)).toEqual([202, 202, 202, 202]);
    expect(new Set(answers.map((a) => a.body.id)).size).toBe(1);
  });

  it('refuses an Idempotency-Key reused for a different action', async () => {
    await expectStatus(send(usersFile(1), { idempotencyKey: 'reuse-1' }), 202);
    const res = await send(csvFile([['Email'], ['user1@example.com']]), {
      action: 'delete',
      idempotencyKey: 'reuse-1',
    });
    expect(res.status).toBe(409);
    expect(res.body.error).toBe('IDEMPOTENCY_KEY_REUSED');
  });

  describe('refuses at once and stores nothing', () => {
    let before: Awaited<ReturnType<typeof storedCounts>>;
    beforeEach(async () => {
      await settled(t.environment.databaseUrl, tenant.tenantId);
      before = await storedCounts(t.environment.databaseUrl, tenant.tenantId);
    });
    afterEach(async () => {
      const after = await storedCounts(t.environment.databaseUrl, tenant.tenantId);
      expect({ syncs: after.syncs, staged: after.staged, users: after.users }).toEqual({
        syncs: before.syncs,
        staged: before.staged,
        users: before.users,
      });
    });

    it('a request without a file', async () => {
      const res = await t.http.request(
        'POST',
        `/api/tenants/${tenant.tenantId}/csv-sync/syncs?action=upsert`,
        {
          token: tenant.adminToken,
          body: new FormData(),
        },
      );
      expect(res.status).toBe(400);
      expect(res.body.error).toBe('FILE_REQUIRED');
    });

    it('a body that is not multipart', async () => {
      const res = await t.http.request(
        'POST',
        `/api/tenants/${tenant.tenantId}/csv-sync/syncs?action=upsert`,
        {
          token: tenant.adminToken,
          body: 'Email\nx@example.com\n',
          headers: { 'content-type': 'text/csv' },
        },
      );
      expect([400, 415]).toContain(res.status);
      expect(['FILE_REQUIRED', 'UNSUPPORTED_MEDIA_TYPE']).toContain(res.body.error);
    });

    it('an unknown or missing action', async () => {
      const missing = await t.http.upload(`/api/tenants/${tenant.tenantId}/csv-sync/syncs`, usersFile(1), {
        token: tenant.adminToken,
      });
      expect(missing.status).toBe(400);
      expect(missing.body.details.problems[0].field).toBe('action');
      const unknown = await t.http.upload(
        `/api/tenants/${tenant.tenantId}/csv-sync/syncs?action=merge`,
        usersFile(1),
        {
          token: tenant.adminToken,
        },
      );
      expect(unknown.status).toBe(400);
    });

    it('an empty file', async () => {
      const res = await send(Buffer.alloc(0));
      expect(res.status).toBe(400);
      expect(res.body.error).toBe('EMPTY_FILE');
    });

    it('a file that is only a byte order mark', async () => {
      const res = await send(Buffer.from([0xef, 0xbb, 0xbf]));
      expect(res.status).toBe(400);
      expect(res.body.error).toBe('EMPTY_FILE');
    });

    it('a file with only a header', async () => {
      const res = await send(csvFile([HEADER]));
      expect(res.status).toBe(400);
      expect(res.body.error).toBe('EMPTY_FILE');
      expect(res.body.message).toMatch(/no data rows/);
    });

    it.each([
      ['a PNG image', PNG, /PNG/],
      ['a ZIP archive (an .xlsx workbook)', ZIP, /xlsx|ZIP/i],
    ])('%s', async (_name, bytes, detected) => {
      const res = await send(bytes, { fileName: 'users.xlsx' });
      expect(res.status).toBe(400);
      expect(res.body.error).toBe('NOT_TEXT');
      expect(res.body.message).toMatch(detected);
    });

    it('a header without the email column', async () => {
      const res = await send(
        csvFile([
          ['Mail', 'First Name', 'Last Name'],
          ['a@example.com', 'A', 'B'],
        ]),
      );
      expect(res.status).toBe(400);
      expect(res.body.error).toBe('INVALID_HEADER');
      expect(res.body.message).toContain('Email');
      expect(res.body.details.missing).toContain('Email');
      expect(res.body.details.unknown).toContain('Mail');
      expect(res.body.details.expected).toEqual(HEADER);
    });

    it('a header missing a required column', async () => {
      const res = await send(
        csvFile([
          ['Email', 'First Name'],
          ['a@example.com', 'A'],
        ]),
      );
      expect(res.status).toBe(400);
      expect(res.body.details.missing).toEqual(['Last Name']);
    });

    it('a header with a duplicate column (whatever its case)', async () => {
      const res = await send(
        csvFile([
          [...HEADER, 'first name'],
          [...userRow(1), 'x'],
        ]),
      );
      expect(res.status).toBe(400);
      expect(res.body.details.duplicates).toEqual(['first name']);
    });

    it('a header with unknown columns under "reject", naming them and the expected ones', async () => {
      const res = await send(
        csvFile([
          [...HEADER, 'Shoe Size', 'Pet'],
          [...userRow(1), '44', 'cat'],
        ]),
      );
      expect(res.status).toBe(400);
      expect(res.body.details.unknown).toEqual(['Shoe Size', 'Pet']);
      expect(res.body.message).toMatch(/Shoe Size/);
      expect(res.body.message).toMatch(/First Name/);
    });

    it('an unterminated quote, naming the line where it opens', async () => {
      const text = `${HEADER.join(',')}\r\n${userRow(1).join(',')}\r\n${userRow(2).join(',').replace('First2', '"First2')}\r\n${userRow(3).join(',')}\r\n`;
      const res = await send(text);
      expect(res.status).toBe(400);
      expect(res.body.error).toBe('INVALID_CSV');
      expect(res.body.details.line).toBe(3);
      expect(res.body.message).toMatch(/line 3/i);
    });

    it('a file over the size limit, with 413', async () => {
      const big = usersFile(20_000); // about 1.6 MB, the limit here is 1 MB
      expect(big.length).toBeGreaterThan(1024 * 1024);
      const res = await send(big);
      expect(res.status).toBe(413);
      expect(res.body.error).toBe('FILE_TOO_LARGE');
    });

    it('anything while the module is off, with 403', async () => {
      const off = await setUpTenant(t.http, { enabled: false });
      const res = await upload(t.http, off.tenantId, off.adminToken, usersFile(1));
      expect(res.status).toBe(403);
      expect(res.body.error).toBe('CSV_SYNC_DISABLED');
      expect(await storedCounts(t.environment.databaseUrl, off.tenantId)).toMatchObject({
        syncs: 0,
        staged: 0,
      });
    });
  });

  it("answers 404 for another tenant's sync, as for one that does not exist", async () => {
    const other = await setUpTenant(t.http);
    const res = await send(usersFile(1));
    const foreign = await t.http.get(
      `/api/tenants/${other.tenantId}/csv-sync/syncs/${res.body.id}`,
      other.adminToken,
    );
    expect(foreign.status).toBe(404);
    expect(foreign.body.error).toBe('SYNC_NOT_FOUND');
    const crossTenant = await t.http.get(
      `/api/tenants/${tenant.tenantId}/csv-sync/syncs/${res.body.id}`,
      other.adminToken,
    );
    expect(crossTenant.status).toBe(404);
    expect(crossTenant.body.error).toBe('TENANT_NOT_FOUND');
    const missing = await t.http.get(
      `/api/tenants/${tenant.tenantId}/csv-sync/syncs/not-a-uuid`,
      STAFF_TOKEN,
    );
    expect(missing.status).toBe(404);
  });
});
