import { startApp, TestApp } from '../support/app';
import { expectStatus, STAFF_TOKEN, uniqueTenantId } from '../support/fixtures';

describe('tenants (SPEC §4)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startApp();
  });
  afterAll(() => t.close());

  it('creates a tenant with the module off and no configuration', async () => {
    const id = uniqueTenantId();
    const res = await t.http.post('/api/tenants', { id, name: 'ACME Corp' }, STAFF_TOKEN);
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      id,
      name: 'ACME Corp',
      csvSync: { enabled: false, configVersion: null },
    });
    const read = await t.http.get(`/api/tenants/${id}`, STAFF_TOKEN);
    expect(read.body).toEqual(res.body);
  });

  it('refuses a duplicate id with 409 and keeps the first tenant', async () => {
    const id = uniqueTenantId();
    await expectStatus(t.http.post('/api/tenants', { id, name: 'First' }, STAFF_TOKEN), 201);
    const res = await t.http.post('/api/tenants', { id, name: 'Second' }, STAFF_TOKEN);
    expect(res.status).toBe(409);
    expect(res.body).toMatchObject({ statusCode: 409, error: 'TENANT_EXISTS' });
    expect((await t.http.get(`/api/tenants/${id}`, STAFF_TOKEN)).body.name).toBe('First');
  });

  it('creates exactly one tenant when the same id is posted concurrently', async () => {
    const id = uniqueTenantId();
    const answers = await Promise.all(
      Array.from({ length: 5 }, () => t.http.post('/api/tenants', { id, name: 'Race' }, STAFF_TOKEN)),
    );
    expect(answers.map((r) => r.status).sort()).toEqual([201, 409, 409, 409, 409]);
  });

  it.each([
    ['an upper-case slug', { id: 'ACME', name: 'x' }, 'id'],
    ['a slug with spaces', { id: 'ac me', name: 'x' }, 'id'],
    ['a slug with a trailing hyphen', { id: 'acme-', name: 'x' }, 'id'],
    ['a missing name', { id: 'acme-missing-name' }, 'name'],
    ['a name of the wrong type', { id: 'acme-wrong-type', name: 5 }, 'name'],
    ['an unknown property', { id: 'acme-unknown', name: 'x', plan: 'gold' }, 'plan'],
  ])('refuses %s with 400 naming the field, and writes nothing', async (_case, body, field) => {
    const res = await t.http.post('/api/tenants', body, STAFF_TOKEN);
    expect(res.status).toBe(400);
    expect(res.body.error).toBe('VALIDATION_ERROR');
    expect(res.body.details.problems.map((p: { field: string }) => p.field)).toContain(field);
    expect(res.body.message).toContain(field);
    const id = (body as { id: string }).id;
    expect((await t.http.get(`/api/tenants/${encodeURIComponent(id)}`, STAFF_TOKEN)).status).toBe(404);
  });

  it('refuses malformed JSON with INVALID_JSON', async () => {
    const res = await t.http.request('POST', '/api/tenants', {
      token: STAFF_TOKEN,
      body: '{"id": "x", ',
      headers: { 'content-type': 'application/json' },
    });
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ statusCode: 400, error: 'INVALID_JSON' });
  });

  it('refuses a body that is not JSON with 415', async () => {
    const res = await t.http.request('POST', '/api/tenants', {
      token: STAFF_TOKEN,
      body: 'id=acme',
      headers: { 'content-type': 'text/plain' },
    });
    expect(res.status).toBe(415);
    expect(res.body.error).toBe('UNSUPPORTED_MEDIA_TYPE');
  });

  it('pages through tenants without skipping or repeating while new ones arrive', async () => {
    const prefix = `page-${Date.now().toString(36)}`;
    for (let i = 0; i < 7; i += 1) {
      await expectStatus(
        t.http.post('/api/tenants', { id: `${prefix}-${i}`, name: `P${i}` }, STAFF_TOKEN),
        201,
      );
    }
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const query: string = cursor ? `&cursor=${cursor}` : '';
      const res = await expectStatus(t.http.get(`/api/tenants?limit=3${query}`, STAFF_TOKEN), 200);
      seen.push(...res.body.items.map((x: { id: string }) => x.id));
      cursor = res.body.nextCursor;
      pages += 1;
      // A tenant created between pages sorts after "page-" ids ("zz-") and so must show up at the end.
      if (pages === 1)
        await expectStatus(
          t.http.post('/api/tenants', { id: `zz-${prefix}`, name: 'late' }, STAFF_TOKEN),
          201,
        );
    } while (cursor);
    expect(new Set(seen).size).toBe(seen.length);
    const ours = seen.filter((id) => id.startsWith(prefix));
    expect(ours).toEqual(Array.from({ length: 7 }, (_, i) => `${prefix}-${i}`));
    expect(seen).toContain(`zz-${prefix}`);
  });

  it.each([
    ['limit=0', 'VALIDATION_ERROR'],
    ['limit=501', 'VALIDATION_ERROR'],
    ['limit=ten', 'VALIDATION_ERROR'],
    ['cursor=not-a-cursor', 'INVALID_CURSOR'],
  ])('refuses ?%s with 400 %s', async (query, code) => {
    const res = await t.http.get(`/api/tenants?${query}`, STAFF_TOKEN);
    expect(res.status).toBe(400);
    expect(res.body.error).toBe(code);
  });

  it('refuses a cursor of another list', async () => {
    const tokens = await t.http.get('/api/tenants?limit=1', STAFF_TOKEN);
    const auditCursor = Buffer.from(JSON.stringify(['audit', '5'])).toString('base64url');
    expect(tokens.body.nextCursor).not.toBe(auditCursor);
    const res = await t.http.get(`/api/tenants?cursor=${auditCursor}`, STAFF_TOKEN);
    expect(res.status).toBe(400);
    expect(res.body.error).toBe('INVALID_CURSOR');
  });
});
