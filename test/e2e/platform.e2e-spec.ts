import { PassThrough } from 'node:stream';
import { EntityManager } from '@mikro-orm/postgresql';
import { TenantsService } from '../../src/tenants/tenants.service';
import { startApp, TestApp } from '../support/app';
import { expectStatus, setUpTenant, STAFF_TOKEN } from '../support/fixtures';

describe('the platform under the routes', () => {
  let t: TestApp;
  const logLines: string[] = [];

  beforeAll(async () => {
    const logs = new PassThrough();
    logs.on('data', (chunk: Buffer) => logLines.push(...chunk.toString('utf8').split('\n').filter(Boolean)));
    t = await startApp({ LOG_LEVEL: 'info' }, undefined, { logDestination: logs });
  });
  afterAll(() => t.close());

  it('gives two concurrent requests EntityManagers of their own', async () => {
    const { tenantId, adminToken } = await setUpTenant(t.http);
    const em = t.app.get(EntityManager);
    const tenants = t.app.get(TenantsService);
    const original = tenants.get.bind(tenants);
    const seen: number[] = [];
    let arrived = 0;
    let release!: () => void;
    const bothInside = new Promise<void>((resolve) => (release = resolve));
    const spy = jest.spyOn(tenants, 'get').mockImplementation(async (id: string) => {
      seen.push(em.getContext(false).id);
      arrived += 1;
      if (arrived === 2) release();
      await bothInside; // both requests are inside the handler at the same time
      return original(id);
    });
    try {
      const [a, b] = await Promise.all([
        t.http.get(`/api/tenants/${tenantId}`, adminToken),
        t.http.get(`/api/tenants/${tenantId}`, STAFF_TOKEN),
      ]);
      expect([a.status, b.status]).toEqual([200, 200]);
    } finally {
      spy.mockRestore();
    }
    expect(seen).toHaveLength(2);
    expect(seen[0]).not.toBe(seen[1]);
    expect(seen).not.toContain(em.id); // neither is the global EntityManager
  });

  it('logs requests as JSON with a request id and never a token', async () => {
    const { tenantId, adminToken } = await setUpTenant(t.http);
    await expectStatus(
      t.http.request('GET', `/api/tenants/${tenantId}`, {
        token: adminToken,
        headers: { 'x-request-id': 'trace-me-1' },
      }),
      200,
    );
    await t.http.get(`/api/tenants/${tenantId}`, 'ucs_wrong-token-should-not-be-logged');
    await new Promise((resolve) => setImmediate(resolve));
    const entries = logLines.map((line) => JSON.parse(line) as Record<string, any>);
    const traced = entries.find((e) => e.req?.id === 'trace-me-1');
    expect(traced).toMatchObject({
      req: { method: 'GET', path: `/api/tenants/${tenantId}` },
      res: { statusCode: 200 },
    });
    const all = logLines.join('\n');
    expect(all).not.toContain(adminToken);
    expect(all).not.toContain(STAFF_TOKEN);
    expect(all).not.toContain('ucs_wrong-token-should-not-be-logged');
  });
});
