import { startApp, TestApp } from '../support/app';

describe('operating the service (SPEC §8)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startApp();
  });
  afterAll(() => t.close());

  it('answers liveness without a token', async () => {
    const res = await t.http.get('/health');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ status: 'ok' });
  });

  it('is ready when PostgreSQL and Redis answer', async () => {
    const res = await t.http.get('/health/ready');
    expect(res.status).toBe(200);
    expect(res.body.status).toBe('ok');
    expect(res.body.details).toEqual({ postgres: { status: 'up' }, redis: { status: 'up' } });
  });

  it('serves the OpenAPI document and its UI without a token', async () => {
    const ui = await t.http.get('/docs');
    expect(ui.status).toBe(200);
    expect(ui.headers.get('content-type')).toContain('text/html');
    const doc = await t.http.get('/docs/json');
    expect(doc.status).toBe(200);
    expect(Object.keys(doc.body.paths)).toEqual(
      expect.arrayContaining([
        '/api/tenants',
        '/api/tenants/{tenantId}/csv-sync/config',
        '/api/tenants/{tenantId}/csv-sync/activation',
        '/api/tenants/{tenantId}/csv-sync/template',
        '/api/tenants/{tenantId}/tokens/{tokenId}',
        '/api/tenants/{tenantId}/audit-events',
      ]),
    );
  });

  it('gives every answer a request id, and keeps one the client sent', async () => {
    const own = await t.http.request('GET', '/health', { headers: { 'x-request-id': 'client-id-42' } });
    expect(own.headers.get('x-request-id')).toBe('client-id-42');
    const generated = await t.http.get('/api/tenants');
    expect(generated.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('answers an unknown route with 404 in the error shape', async () => {
    const res = await t.http.get('/api/nothing-here');
    expect(res.status).toBe(404);
    expect(res.body).toMatchObject({ statusCode: 404, error: 'NOT_FOUND' });
  });
});

describe('readiness without Redis', () => {
  let t: TestApp;
  beforeAll(async () => {
    // Port 1 refuses connections: Redis is "down" for this app only.
    t = await startApp({ REDIS_URL: 'redis://127.0.0.1:1', WORKER_MODE: 'api' });
  });
  afterAll(() => t.close());

  it('stays alive but is not ready, with the §3 error shape', async () => {
    expect((await t.http.get('/health')).status).toBe(200);
    const res = await t.http.get('/health/ready');
    expect(res.status).toBe(503);
    expect(res.body).toMatchObject({ statusCode: 503, error: 'SERVICE_UNAVAILABLE' });
    expect(res.body.details.redis.status).toBe('down');
    expect(res.body.details.postgres.status).toBe('up');
  });
});
