// Issue 14, findings 1, 4 and 6: stalled uploads, announced sizes and the multipart shape.
import { startApp, TestApp } from '../support/app';
import { csvText, HEADER, userRow, usersFile } from '../support/csv-file';
import { settled, storedCounts } from '../support/db';
import { setUpTenant, TenantSetup } from '../support/fixtures';
import { filePart, multipartHead, RawRequest } from '../support/raw-http';
import { upload } from '../support/syncs';
import { waitFor } from '../support/wait';

const IDLE_SECONDS = 20;

describe('upload limits (issue 14)', () => {
  let t: TestApp;
  let stalling: TenantSetup;
  let other: TenantSetup;
  const open: RawRequest[] = [];

  beforeAll(async () => {
    t = await startApp({
      MAX_FILE_MB: '1',
      UPLOAD_IDLE_SECONDS: String(IDLE_SECONDS),
      MAX_UPLOADS_PER_TENANT: '12',
      MAX_UPLOADS_IN_FLIGHT: '12',
    });
    [stalling, other] = [await setUpTenant(t.http), await setUpTenant(t.http)];
  });
  afterAll(async () => {
    open.forEach((request) => request.destroy());
    await t.close();
  });

  const uploadPath = (tenant: TenantSetup) => `/api/tenants/${tenant.tenantId}/csv-sync/syncs?action=upsert`;

  /** An upload that announces 1 MB (the limit), sends its head and 4,000 rows (enough for staging to begin), then
   *  stops. */
  function stalledUpload(tenant: TenantSetup, contentLength = 1_000_000): RawRequest {
    const start = filePart(
      csvText([HEADER, ...Array.from({ length: 4000 }, (_, i) => userRow(i + 1))]),
    ).replace(/\r\n$/, '');
    const request = new RawRequest(
      t.http.baseUrl,
      multipartHead(uploadPath(tenant), tenant.adminToken, { contentLength }) + start,
    );
    open.push(request);
    return request;
  }

  it('answers other tenants while ten uploads stall, and cuts the stalled ones off with nothing staged', async () => {
    // Ten is more than the test's DB_POOL_SIZE (5): uploads that held pool connections would starve the others.
    const stalled = Array.from({ length: 10 }, () => stalledUpload(stalling));
    const startedAt = Date.now();
    await new Promise((resolve) => setTimeout(resolve, 500)); // let the stalled uploads reach their handler

    const users = await t.http.get(`/api/tenants/${other.tenantId}/users`, other.adminToken);
    expect(users.status).toBe(200);
    const accepted = await upload(t.http, other.tenantId, other.adminToken, usersFile(3));
    expect(accepted.status).toBe(202);
    expect(Date.now() - startedAt).toBeLessThan(IDLE_SECONDS * 1000);

    const answers = await Promise.all(stalled.map((request) => request.answer((IDLE_SECONDS + 15) * 1000)));
    for (const answer of answers) {
      expect(answer).not.toBeNull();
      if (answer?.status !== null) {
        expect(answer?.status).toBe(408);
        expect(JSON.parse(answer?.body ?? '{}')).toMatchObject({ statusCode: 408, error: 'UPLOAD_TIMEOUT' });
      }
    }
    expect(await Promise.all(stalled.map((request) => request.closed(5000)))).toEqual(
      stalled.map(() => true),
    );
    expect(await storedCounts(t.environment.databaseUrl, stalling.tenantId)).toMatchObject({
      syncs: 0,
      staged: 0,
    });
  }, 120_000);

  it('refuses more uploads in flight than MAX_UPLOADS_PER_TENANT with 429 TOO_MANY_UPLOADS and Retry-After', async () => {
    const tenant = await setUpTenant(t.http);
    const stalled = Array.from({ length: 12 }, () => stalledUpload(tenant));
    expect(await stalled[0].answer(1500)).toBeNull(); // still waiting for its body
    // Once all twelve have reached the service, the next one is refused; until then it may pass.
    let refused = await upload(t.http, tenant.tenantId, tenant.adminToken, usersFile(1));
    await waitFor(async () => {
      refused = await upload(t.http, tenant.tenantId, tenant.adminToken, usersFile(1));
      return refused.status !== 202;
    }, 'the thirteenth upload to be refused');
    expect(refused.status).toBe(429);
    expect(refused.body).toMatchObject({ statusCode: 429, error: 'TOO_MANY_UPLOADS' });
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    // Another tenant is not held back by this one's uploads.
    expect((await upload(t.http, other.tenantId, other.adminToken, usersFile(1))).status).toBe(202);
    stalled.forEach((request) => request.destroy());
  });

  it('refuses an upload whose Content-Length is over the limit before reading its body, staging nothing', async () => {
    await settled(t.environment.databaseUrl, other.tenantId);
    const before = await storedCounts(t.environment.databaseUrl, other.tenantId);
    const request = stalledUpload(other, 220 * 1024 * 1024);
    const answer = await request.answer(IDLE_SECONDS * 1000 - 500); // well before the idle timeout
    expect(answer?.status).toBe(413);
    expect(JSON.parse(answer?.body ?? '{}')).toMatchObject({
      statusCode: 413,
      error: 'FILE_TOO_LARGE',
      details: { limitBytes: 1024 * 1024, contentLength: 220 * 1024 * 1024 },
    });
    // The client is still sending: the rest of its body is read and dropped, the connection is not cut under it.
    expect(answer?.headers.connection).not.toBe('close');
    request.write(Buffer.alloc(512 * 1024, 'a'));
    expect(await request.closed(1000)).toBe(false);
    request.destroy();
    const after = await storedCounts(t.environment.databaseUrl, other.tenantId);
    expect(after.syncs).toBe(before.syncs);
    expect(after.allStaged).toBe(before.allStaged);
  });

  describe('the multipart body: exactly one part, named "file"', () => {
    const rows = csvText([HEADER, userRow(1)]);
    const send = (body: string, contentType?: string) =>
      t.http.request('POST', uploadPath(other), {
        token: other.adminToken,
        body,
        headers: { 'content-type': contentType ?? 'multipart/form-data; boundary=XyZ' },
      });

    it.each([
      ['two file parts', filePart(rows) + filePart(rows, { fileName: 'b.csv' }) + '--XyZ--\r\n', /one part/],
      ['a part named "upload"', filePart(rows, { name: 'upload' }) + '--XyZ--\r\n', /"upload"/],
      [
        'a field before the file',
        '--XyZ\r\nContent-Disposition: form-data; name="note"\r\n\r\nhello\r\n' +
          filePart(rows) +
          '--XyZ--\r\n',
        /"note"/,
      ],
      [
        'a file part followed by a field',
        filePart(rows) + '--XyZ\r\nContent-Disposition: form-data; name="x"\r\n\r\ny\r\n--XyZ--\r\n',
        /one part/,
      ],
      ['no closing boundary', filePart(rows), /malformed/],
      ['a garbage body', 'this is not multipart at all', /malformed|"file"/],
    ])('refuses %s with 400 INVALID_MULTIPART', async (_, body, message) => {
      const before = await storedCounts(t.environment.databaseUrl, other.tenantId);
      const res = await send(body);
      expect(res.status).toBe(400);
      expect(res.body).toMatchObject({ statusCode: 400, error: 'INVALID_MULTIPART' });
      expect(res.body.message).toMatch(message);
      expect((await storedCounts(t.environment.databaseUrl, other.tenantId)).syncs).toBe(before.syncs);
    });

    it.each([
      ['no boundary', 'multipart/form-data'],
      ['another boundary than the body uses', 'multipart/form-data; boundary=Other'],
      ['a garbled boundary', 'multipart/form-data; boundary="unterminated'],
    ])('refuses a content type with %s with a named 400', async (_, contentType) => {
      const res = await send(filePart(rows) + '--XyZ--\r\n', contentType);
      expect(res.status).toBe(400);
      expect(res.body.error).toMatch(/^(INVALID_MULTIPART|FILE_REQUIRED)$/);
      expect(res.body.statusCode).toBe(400);
    });
  });
});
