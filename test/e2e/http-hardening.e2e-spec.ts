// Issue 14, findings 5, 7, 8, 10 and 11 (and issue 12's security headers): every hostile input a named 4xx in
// the SPEC §3 shape, no SQL values in logs, opaque cursors bound to their list and tenant, headers, rate limits.
import { PassThrough } from 'node:stream';
import { startApp, TestApp } from '../support/app';
import { usersFile } from '../support/csv-file';
import { withDb } from '../support/db';
import { EXAMPLE_CONFIG, expectStatus, setUpTenant, STAFF_TOKEN, TenantSetup } from '../support/fixtures';
import { RawRequest } from '../support/raw-http';
import { upload, waitForSync } from '../support/syncs';

describe('the HTTP edge (issue 14)', () => {
  let t: TestApp;
  let a: TenantSetup;
  let b: TenantSetup;
  const logLines: string[] = [];

  beforeAll(async () => {
    const logs = new PassThrough();
    logs.on('data', (chunk: Buffer) => logLines.push(...chunk.toString('utf8').split('\n').filter(Boolean)));
    t = await startApp({ LOG_LEVEL: 'info' }, undefined, { logDestination: logs });
    [a, b] = [await setUpTenant(t.http), await setUpTenant(t.http)];
  });
  afterAll(() => t.close());

  const expectNamed4xx = (
    res: { status: number; body: any; text: string },
    status: number,
    error: string,
  ) => {
    expect({ status: res.status, error: res.body?.error }).toEqual({ status, error });
    expect(res.body).toEqual(expect.objectContaining({ statusCode: status, message: expect.any(String) }));
  };

  describe('text PostgreSQL cannot store is refused with 400, naming where it was', () => {
    it.each([
      ['a NUL in ?q=', (x: TenantSetup) => `/api/tenants/${x.tenantId}/users?q=%00`, 'query.q'],
      [
        'a NUL in ?email=',
        (x: TenantSetup) => `/api/tenants/${x.tenantId}/users?email=a%00@b.de`,
        'query.email',
      ],
      ['a NUL in a tenant id', () => '/api/tenants/alpha%00', 'path.tenantId'],
      [
        'a NUL in a sync id',
        (x: TenantSetup) => `/api/tenants/${x.tenantId}/csv-sync/syncs/a%00b`,
        'path.syncId',
      ],
    ])('%s', async (_, path, field) => {
      const res = await t.http.get(path(a), STAFF_TOKEN);
      expectNamed4xx(res, 400, 'VALIDATION_ERROR');
      expect(res.body.details.problems[0].field).toBe(field);
    });

    it.each([
      [
        'a NUL in a tenant name',
        'POST',
        () => '/api/tenants',
        () => ({ id: 'nul-name', name: 'a\u0000b' }),
        'body.name',
      ],
      [
        'a lone surrogate in a tenant name',
        'POST',
        () => '/api/tenants',
        () => ({ id: 'sur-name', name: 'a\ud800b' }),
        'body.name',
      ],
      [
        'a NUL in a token name',
        'POST',
        (x: TenantSetup) => `/api/tenants/${x.tenantId}/tokens`,
        () => ({ name: 'x\u0000' }),
        'body.name',
      ],
      [
        'a NUL in a configured enum value',
        'PUT',
        (x: TenantSetup) => `/api/tenants/${x.tenantId}/csv-sync/config`,
        () => ({
          ...EXAMPLE_CONFIG,
          attributes: [{ key: 'department', column: 'Department', type: 'enum', values: ['R&D\u0000'] }],
        }),
        'body.attributes.0.values.0',
      ],
      [
        'a lone surrogate in a column name',
        'PUT',
        (x: TenantSetup) => `/api/tenants/${x.tenantId}/csv-sync/config`,
        () => ({ ...EXAMPLE_CONFIG, emailColumn: 'E\udc00mail' }),
        'body.emailColumn',
      ],
    ])('%s', async (_, method, path, body, field) => {
      const res = await t.http.request(method, path(a), { token: STAFF_TOKEN, json: body() });
      expectNamed4xx(res, 400, 'VALIDATION_ERROR');
      expect(res.body.details.problems[0].field).toBe(field);
    });

    it('refuses JSON nested 3,000 deep with 400 INVALID_JSON', async () => {
      const deep = `${'{"a":'.repeat(3000)}1${'}'.repeat(3000)}`;
      const res = await t.http.request('PUT', `/api/tenants/${a.tenantId}/csv-sync/config`, {
        token: STAFF_TOKEN,
        body: deep,
        headers: { 'content-type': 'application/json' },
      });
      expectNamed4xx(res, 400, 'INVALID_JSON');
    });

    it('stores an upload whose file name holds a NUL without it', async () => {
      const res = await upload(t.http, a.tenantId, a.adminToken, usersFile(1), { fileName: 'a\u0000b.csv' });
      expect(res.status).toBe(202);
      expect(res.body.fileName).toBe('ab.csv');
    });
  });

  describe('what Fastify and Node refuse before a route runs has the SPEC §3 shape', () => {
    const raw = async (request: string) => {
      const answer = await new RawRequest(t.http.baseUrl, request).answer();
      return { status: answer?.status, body: JSON.parse(answer?.body || '{}') };
    };

    it('answers 431 HEADERS_TOO_LARGE to a 60 kB header', async () => {
      const res = await raw(`GET /health HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(60_000)}\r\n\r\n`);
      expect(res).toEqual({
        status: 431,
        body: expect.objectContaining({ statusCode: 431, error: 'HEADERS_TOO_LARGE' }),
      });
    });

    it('answers 400 MALFORMED_REQUEST to a broken chunked body', async () => {
      const res = await raw(
        `POST /api/tenants HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n` +
          `Transfer-Encoding: chunked\r\n\r\nzz\r\n{}\r\n0\r\n\r\n`,
      );
      expect(res).toEqual({
        status: 400,
        body: expect.objectContaining({ statusCode: 400, error: 'MALFORMED_REQUEST' }),
      });
    });

    it('answers 414 URI_TOO_LONG to a 1,000-character id', async () => {
      const res = await t.http.get(
        `/api/tenants/${a.tenantId}/csv-sync/syncs/${'x'.repeat(1000)}`,
        a.adminToken,
      );
      expectNamed4xx(res, 414, 'URI_TOO_LONG');
    });
  });

  describe('cursors', () => {
    async function usersCursor(tenant: TenantSetup): Promise<string> {
      const sync = await upload(t.http, tenant.tenantId, tenant.adminToken, usersFile(3));
      await waitForSync(t.http, tenant.tenantId, sync.body.id, tenant.adminToken);
      const page = await expectStatus(
        t.http.get(`/api/tenants/${tenant.tenantId}/users?limit=1`, tenant.adminToken),
        200,
      );
      expect(page.body.nextCursor).toEqual(expect.any(String));
      return page.body.nextCursor;
    }

    it('show no email, neither plain nor in base64', async () => {
      const cursor = await usersCursor(a);
      const page = await t.http.get(`/api/tenants/${a.tenantId}/users?limit=1`, a.adminToken);
      const email: string = page.body.items[0].email;
      expect(cursor).not.toContain(email);
      expect(Buffer.from(cursor, 'base64url').toString('latin1')).not.toContain(email.split('@')[0]);
    });

    it('are refused by another tenant, another list, and when altered', async () => {
      const cursor = await usersCursor(a);
      await usersCursor(b);
      const other = await t.http.get(`/api/tenants/${b.tenantId}/users?cursor=${cursor}`, STAFF_TOKEN);
      expectNamed4xx(other, 400, 'INVALID_CURSOR');
      const list = await t.http.get(
        `/api/tenants/${a.tenantId}/csv-sync/syncs?cursor=${cursor}`,
        a.adminToken,
      );
      expectNamed4xx(list, 400, 'INVALID_CURSOR');
      const altered = `${cursor.slice(0, -2)}${cursor.endsWith('A') ? 'B' : 'A'}A`;
      const forged = await t.http.get(`/api/tenants/${a.tenantId}/users?cursor=${altered}`, a.adminToken);
      expectNamed4xx(forged, 400, 'INVALID_CURSOR');
      expect(
        (await t.http.get(`/api/tenants/${a.tenantId}/users?cursor=${cursor}`, a.adminToken)).status,
      ).toBe(200);
    });
  });

  describe('security headers', () => {
    it('are sent on API answers', async () => {
      const res = await t.http.get('/api/tenants', STAFF_TOKEN);
      const csp = res.headers.get('content-security-policy') ?? '';
      expect(csp).toContain("default-src 'self'");
      expect(csp).toContain("frame-ancestors 'none'");
      expect(csp).toContain("script-src 'self'");
      expect(csp).not.toContain('unsafe-inline');
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
      expect(res.headers.get('referrer-policy')).toBe('no-referrer');
      expect(res.headers.get('x-frame-options')).toBe('DENY');
      expect(res.headers.get('strict-transport-security')).toMatch(/max-age=\d+/);
    });

    it('keep /docs working: its page has no inline script and its files are served', async () => {
      const page = await t.http.get('/docs');
      expect(page.status).toBe(200);
      expect(page.headers.get('content-security-policy')).toContain("default-src 'self'");
      const scripts = [...page.text.matchAll(/<script([^>]*)>([\s\S]*?)<\/script>/g)];
      expect(scripts.length).toBeGreaterThan(0);
      for (const [, attributes, inline] of scripts) {
        expect(attributes).toMatch(/src=/);
        expect(inline.trim()).toBe('');
      }
      const policy = page.headers.get('content-security-policy') ?? '';
      expect(policy).toContain("script-src 'self';");
      expect(policy).toContain("style-src 'self' 'unsafe-inline'"); // Swagger UI's own <style> blocks
      for (const [, src] of page.text.matchAll(/(?:src|href)="\.?\/?([^"]+\.(?:js|css))"/g)) {
        expect((await t.http.get(`/${src}`)).status).toBe(200); // ./docs/x.js, relative to /docs
      }
    });

    it('say no-store on the answer that shows a token once', async () => {
      const res = await expectStatus(
        t.http.post(`/api/tenants/${a.tenantId}/tokens`, { name: 'Once' }, STAFF_TOKEN),
        201,
      );
      expect(res.headers.get('cache-control')).toBe('no-store');
    });
  });

  it('logs a database error as its code and statement, never its SQL values (finding 7)', async () => {
    // A constraint the API does not know makes the insert of a token fail inside PostgreSQL.
    await withDb(t.environment.databaseUrl, (db) =>
      db.query(`ALTER TABLE api_token ADD CONSTRAINT no_secret_names CHECK (name <> 'Secret Agent Zebra')`),
    );
    try {
      const res = await t.http.post(
        `/api/tenants/${a.tenantId}/tokens`,
        { name: 'Secret Agent Zebra' },
        STAFF_TOKEN,
      );
      expect(res.status).toBe(500);
      expect(res.body).toEqual({ statusCode: 500, error: 'INTERNAL_ERROR', message: expect.any(String) });
    } finally {
      await withDb(t.environment.databaseUrl, (db) =>
        db.query('ALTER TABLE api_token DROP CONSTRAINT no_secret_names'),
      );
    }
    const logged = logLines.filter((line) => line.includes('"sqlState"'));
    expect(logged.length).toBeGreaterThan(0);
    expect(logged.join('\n')).toContain('"statement":"INSERT api_token"');
    expect(logged.join('\n')).toContain('"sqlState":"23514"');
    const all = logLines.join('\n');
    expect(all).not.toContain('Secret Agent Zebra');
    expect(all).not.toMatch(/insert into/i);
    expect(all).not.toContain(a.tenantId + "'");
  });
});

// In this order: a client past a limit stays refused for the rest of the minute.
describe('rate limits (issue 14, finding 11)', () => {
  let first: TestApp;
  let second: TestApp;
  let tenant: TenantSetup;

  beforeAll(async () => {
    const limits = { AUTH_FAILURES_PER_MINUTE: '3', RATE_LIMIT_PER_MINUTE: '40', UPLOADS_PER_MINUTE: '2' };
    first = await startApp(limits);
    second = await startApp(limits, first.environment); // a second API process on the same Redis and database
    tenant = await setUpTenant(first.http);
  });
  afterAll(async () => {
    await second.close();
    await first.close();
  });

  it('refuses a tenant past UPLOADS_PER_MINUTE with 429 TOO_MANY_UPLOADS', async () => {
    const answers = [];
    for (const app of [first, second, first]) {
      answers.push(await upload(app.http, tenant.tenantId, tenant.adminToken, usersFile(1)));
    }
    expect(answers.map((res) => res.status)).toEqual([202, 202, 429]);
    expect(answers[2].body).toMatchObject({ statusCode: 429, error: 'TOO_MANY_UPLOADS' });
    expect(Number(answers[2].headers.get('retry-after'))).toBeGreaterThan(0);
  });

  it('refuses a client after too many wrong tokens, across API processes, with 429 and Retry-After', async () => {
    for (const app of [first, second, first]) {
      expect((await app.http.get('/api/tenants', 'ucs_wrong-token')).status).toBe(401);
    }
    for (const token of ['ucs_wrong-token', STAFF_TOKEN]) {
      const res = await second.http.get('/api/tenants', token);
      expect(res.status).toBe(429);
      expect(res.body).toMatchObject({ statusCode: 429, error: 'RATE_LIMITED' });
      expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(0);
    }
  });

  it('holds every client to RATE_LIMIT_PER_MINUTE requests, health checks aside', async () => {
    let last = await first.http.get('/api/tenants');
    for (let i = 0; i < 45 && last.status !== 429; i += 1) last = await first.http.get('/api/tenants');
    expect(last.status).toBe(429);
    expect(last.body).toMatchObject({ statusCode: 429, error: 'RATE_LIMITED' });
    expect(Number(last.headers.get('retry-after'))).toBeGreaterThan(0);
    expect((await second.http.get('/api/tenants')).status).toBe(429);
    expect((await first.http.get('/health')).status).toBe(200);
  });
});
