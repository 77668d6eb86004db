import { startApp, TestApp } from '../support/app';
import { EXAMPLE_CONFIG, expectStatus, setUpTenant, STAFF_TOKEN, TenantSetup } from '../support/fixtures';

type Who = 'staff' | 'admin' | 'otherAdmin';

interface Route {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  path: (tenantId: string) => string;
  body?: () => unknown;
  /** The status each caller gets on tenant A; 'otherAdmin' is an admin of tenant B. */
  expect: Record<Who, number>;
}

// Every route of SPEC §4, §5 and §7 that exists, with what staff, A's admin and B's admin get on tenant A.
const ROUTES: Route[] = [
  { method: 'GET', path: () => '/api/tenants', expect: { staff: 200, admin: 200, otherAdmin: 200 } },
  {
    method: 'POST',
    path: () => '/api/tenants',
    body: () => ({ id: `m-${Math.random().toString(36).slice(2, 10)}`, name: 'Matrix' }),
    expect: { staff: 201, admin: 403, otherAdmin: 403 },
  },
  { method: 'GET', path: (t) => `/api/tenants/${t}`, expect: { staff: 200, admin: 200, otherAdmin: 404 } },
  {
    method: 'PUT',
    path: (t) => `/api/tenants/${t}/csv-sync/activation`,
    body: () => ({ enabled: true }),
    expect: { staff: 200, admin: 403, otherAdmin: 404 },
  },
  {
    method: 'PUT',
    path: (t) => `/api/tenants/${t}/csv-sync/config`,
    body: () => EXAMPLE_CONFIG,
    expect: { staff: 200, admin: 403, otherAdmin: 404 },
  },
  {
    method: 'GET',
    path: (t) => `/api/tenants/${t}/csv-sync/config`,
    expect: { staff: 200, admin: 200, otherAdmin: 404 },
  },
  {
    method: 'POST',
    path: (t) => `/api/tenants/${t}/tokens`,
    body: () => ({ name: 'Matrix token' }),
    expect: { staff: 201, admin: 403, otherAdmin: 404 },
  },
  {
    method: 'GET',
    path: (t) => `/api/tenants/${t}/tokens`,
    expect: { staff: 200, admin: 403, otherAdmin: 404 },
  },
  {
    method: 'DELETE',
    path: (t) => `/api/tenants/${t}/tokens/00000000-0000-4000-8000-000000000000`,
    expect: { staff: 404, admin: 403, otherAdmin: 404 },
  },
  {
    method: 'GET',
    path: (t) => `/api/tenants/${t}/csv-sync/template?action=upsert`,
    expect: { staff: 200, admin: 200, otherAdmin: 404 },
  },
  {
    method: 'GET',
    path: (t) => `/api/tenants/${t}/users`,
    expect: { staff: 200, admin: 200, otherAdmin: 404 },
  },
  {
    method: 'GET',
    path: (t) => `/api/tenants/${t}/audit-events`,
    expect: { staff: 200, admin: 200, otherAdmin: 404 },
  },
  { method: 'GET', path: () => '/api/audit-events', expect: { staff: 200, admin: 403, otherAdmin: 403 } },
];

describe('authentication, roles and tenancy (SPEC §3)', () => {
  let t: TestApp;
  let a: TenantSetup;
  let b: TenantSetup;
  let revokedToken: string;

  beforeAll(async () => {
    t = await startApp();
    a = await setUpTenant(t.http);
    b = await setUpTenant(t.http);
    const revoked = await expectStatus(
      t.http.post(`/api/tenants/${a.tenantId}/tokens`, { name: 'Old' }, STAFF_TOKEN),
      201,
    );
    revokedToken = revoked.body.token;
    await expectStatus(
      t.http.delete(`/api/tenants/${a.tenantId}/tokens/${revoked.body.id}`, STAFF_TOKEN),
      204,
    );
  });
  afterAll(() => t.close());

  const call = (route: Route, token: string | undefined, headers: Record<string, string> = {}) =>
    t.http.request(route.method, route.path(a.tenantId), { token, json: route.body?.(), headers });

  describe.each(ROUTES.map((r) => [`${r.method} ${r.path(':tenantId')}`, r] as const))(
    '%s',
    (_name, route) => {
      it('answers 401 without a token', async () => {
        const res = await call(route, undefined);
        expect(res.status).toBe(401);
        expect(res.body).toMatchObject({ statusCode: 401, error: 'UNAUTHORIZED' });
      });

      it('answers 401 to a malformed Authorization header', async () => {
        const res = await call(route, undefined, {
          authorization: `Basic ${Buffer.from('a:b').toString('base64')}`,
        });
        expect(res.status).toBe(401);
      });

      it('answers 401 to an unknown token', async () => {
        expect((await call(route, 'ucs_not-a-real-token')).status).toBe(401);
      });

      it('answers 401 to a revoked token', async () => {
        const res = await call(route, revokedToken);
        expect(res.status).toBe(401);
        expect(res.body.error).toBe('UNAUTHORIZED');
      });

      it(`answers ${route.expect.staff} to staff`, async () => {
        expect((await call(route, STAFF_TOKEN)).status).toBe(route.expect.staff);
      });

      it(`answers ${route.expect.admin} to an admin of the tenant`, async () => {
        const res = await call(route, a.adminToken);
        expect(res.status).toBe(route.expect.admin);
        if (res.status === 403) expect(res.body.error).toBe('FORBIDDEN');
      });

      it(`answers ${route.expect.otherAdmin} to an admin of another tenant, with no hint that the tenant exists`, async () => {
        const res = await call(route, b.adminToken);
        expect(res.status).toBe(route.expect.otherAdmin);
        if (res.status === 404) {
          const missing = await t.http.request(route.method, route.path('no-such-tenant'), {
            token: b.adminToken,
            json: route.body?.(),
          });
          // Byte for byte the answer for a tenant that does not exist, but for the id itself.
          expect(res.body.error).toBe('TENANT_NOT_FOUND');
          expect(missing.status).toBe(404);
          expect(res.text.replaceAll(a.tenantId, 'X')).toBe(missing.text.replaceAll('no-such-tenant', 'X'));
        }
      });
    },
  );

  it('answers 404 to staff for every route of a tenant that does not exist', async () => {
    for (const route of ROUTES.filter((r) => r.path('X').includes('X'))) {
      const res = await t.http.request(route.method, route.path('no-such-tenant'), {
        token: STAFF_TOKEN,
        json: route.body?.(),
      });
      expect([route.method, route.path(':id'), res.status, res.body.error]).toEqual([
        route.method,
        route.path(':id'),
        404,
        'TENANT_NOT_FOUND',
      ]);
    }
  });

  it('lists only its own tenant to an admin', async () => {
    const res = await t.http.get('/api/tenants?limit=500', a.adminToken);
    expect(res.body.items.map((x: { id: string }) => x.id)).toEqual([a.tenantId]);
  });

  it('stops a token working at once when it is revoked', async () => {
    const issued = await expectStatus(
      t.http.post(`/api/tenants/${a.tenantId}/tokens`, { name: 'Temp' }, STAFF_TOKEN),
      201,
    );
    expect((await t.http.get(`/api/tenants/${a.tenantId}`, issued.body.token)).status).toBe(200);
    await expectStatus(
      t.http.delete(`/api/tenants/${a.tenantId}/tokens/${issued.body.id}`, STAFF_TOKEN),
      204,
    );
    expect((await t.http.get(`/api/tenants/${a.tenantId}`, issued.body.token)).status).toBe(401);
  });

  it('never answers with a stack trace', async () => {
    const res = await t.http.request('POST', '/api/tenants', {
      token: STAFF_TOKEN,
      body: '{"id": ',
      headers: { 'content-type': 'application/json' },
    });
    expect(res.status).toBe(400);
    expect(Object.keys(res.body).sort()).toEqual(['error', 'message', 'statusCode']);
    expect(res.text).not.toMatch(/\bat .+\.(ts|js):\d+/);
  });
});
