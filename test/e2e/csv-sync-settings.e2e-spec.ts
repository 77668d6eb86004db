import { startApp, TestApp } from '../support/app';
import { EXAMPLE_CONFIG, expectStatus, setUpTenant, STAFF_TOKEN } from '../support/fixtures';

describe('CSV sync activation and configuration (SPEC §4)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startApp();
  });
  afterAll(() => t.close());

  it('keeps every CSV sync route of a tenant behind the activation flag', async () => {
    const { tenantId, adminToken } = await setUpTenant(t.http, { enabled: false });
    const template = `/api/tenants/${tenantId}/csv-sync/template`;

    const off = await t.http.get(template, adminToken);
    expect(off.status).toBe(403);
    expect(off.body).toMatchObject({ statusCode: 403, error: 'CSV_SYNC_DISABLED' });
    expect(off.body.message).toMatch(/Customer Success Manager/);
    expect((await t.http.get(template, STAFF_TOKEN)).status).toBe(403);

    const on = await t.http.put(
      `/api/tenants/${tenantId}/csv-sync/activation`,
      { enabled: true },
      STAFF_TOKEN,
    );
    expect(on.status).toBe(200);
    expect(on.body.csvSync.enabled).toBe(true);
    expect((await t.http.get(template, adminToken)).status).toBe(200);

    await expectStatus(
      t.http.put(`/api/tenants/${tenantId}/csv-sync/activation`, { enabled: false }, STAFF_TOKEN),
      200,
    );
    expect((await t.http.get(template, adminToken)).status).toBe(403);
    expect((await t.http.get(`/api/tenants/${tenantId}`, adminToken)).body.csvSync.enabled).toBe(false);
  });

  it('refuses an activation body that is not a boolean', async () => {
    const { tenantId } = await setUpTenant(t.http, { enabled: false });
    const res = await t.http.put(
      `/api/tenants/${tenantId}/csv-sync/activation`,
      { enabled: 'yes' },
      STAFF_TOKEN,
    );
    expect(res.status).toBe(400);
    expect(res.body.details.problems[0].field).toBe('enabled');
  });

  it('stores each configuration change as a new version', async () => {
    const { tenantId, adminToken } = await setUpTenant(t.http, { config: null });
    const url = `/api/tenants/${tenantId}/csv-sync/config`;
    const notYet = await t.http.get(url, adminToken);
    expect(notYet.status).toBe(409);
    expect(notYet.body.error).toBe('CSV_SYNC_NOT_CONFIGURED');

    const v1 = await expectStatus(t.http.put(url, EXAMPLE_CONFIG, STAFF_TOKEN), 200);
    expect(v1.body.version).toBe(1);
    const changed = {
      ...EXAMPLE_CONFIG,
      emptyCell: 'clear',
      attributes: EXAMPLE_CONFIG.attributes.slice(0, 2),
    };
    const v2 = await expectStatus(t.http.put(url, changed, STAFF_TOKEN), 200);
    expect(v2.body.version).toBe(2);

    const current = await expectStatus(t.http.get(url, adminToken), 200);
    expect(current.body).toMatchObject({
      version: 2,
      emailColumn: 'Email',
      emptyCell: 'clear',
      updatedBy: 'staff',
    });
    expect(current.body.attributes.map((a: { key: string }) => a.key)).toEqual(['firstName', 'lastName']);
    expect((await t.http.get(`/api/tenants/${tenantId}`, STAFF_TOKEN)).body.csvSync.configVersion).toBe(2);
  });

  it('applies defaults and answers the stored configuration', async () => {
    const { tenantId } = await setUpTenant(t.http, { config: null });
    const res = await expectStatus(
      t.http.put(
        `/api/tenants/${tenantId}/csv-sync/config`,
        {
          emailColumn: 'E-Mail',
          attributes: [{ key: 'team', column: 'Team', type: 'list', values: ['A', 'B'] }],
        },
        STAFF_TOKEN,
      ),
      200,
    );
    expect(res.body).toMatchObject({
      version: 1,
      emailColumn: 'E-Mail',
      unknownColumns: 'reject',
      emptyCell: 'keep',
      deleteGuardPercent: 50,
      attributes: [
        { key: 'team', column: 'Team', type: 'list', values: ['A', 'B'], separator: '|', required: false },
      ],
    });
  });

  it('refuses a configuration with several problems, listing every one, and keeps the current version', async () => {
    const { tenantId } = await setUpTenant(t.http);
    const bad = {
      emailColumn: 'Email',
      attributes: [
        { key: 'firstName', column: 'Name', type: 'text' },
        { key: 'firstName', column: 'name', type: 'string', maxLength: 0 },
        { key: 'dept', column: 'Email', type: 'enum' },
        { key: 'start', column: 'Start', type: 'date', format: 'every tuesday' },
        { key: 'groups', column: 'Groups', type: 'list', values: [] },
      ],
      unknownColumns: 'sometimes',
      deleteGuardPercent: 150,
      colour: 'blue',
    };
    const res = await t.http.put(`/api/tenants/${tenantId}/csv-sync/config`, bad, STAFF_TOKEN);
    expect(res.status).toBe(400);
    expect(res.body.error).toBe('INVALID_CONFIG');
    const paths: string[] = res.body.details.problems.map((p: { path: string }) => p.path);
    expect(paths).toEqual(
      expect.arrayContaining([
        'attributes[0].type',
        'attributes[1].key',
        'attributes[1].column',
        'attributes[1].maxLength',
        'attributes[2].column',
        'attributes[2].values',
        'attributes[3].format',
        'attributes[4].values',
        'unknownColumns',
        'deleteGuardPercent',
      ]),
    );
    expect(paths.some((p) => p.includes('colour'))).toBe(true);
    expect((await t.http.get(`/api/tenants/${tenantId}`, STAFF_TOKEN)).body.csvSync.configVersion).toBe(1);
  });

  it.each([
    ['an array', []],
    ['a string', 'config'],
    ['null', null],
  ])('refuses a configuration that is %s', async (_name, body) => {
    const { tenantId } = await setUpTenant(t.http);
    const res = await t.http.request('PUT', `/api/tenants/${tenantId}/csv-sync/config`, {
      token: STAFF_TOKEN,
      body: JSON.stringify(body),
      headers: { 'content-type': 'application/json' },
    });
    expect(res.status).toBe(400);
    expect(['INVALID_CONFIG', 'INVALID_JSON']).toContain(res.body.error);
  });

  it('refuses a change based on a version that is no longer current', async () => {
    const { tenantId } = await setUpTenant(t.http);
    const url = `/api/tenants/${tenantId}/csv-sync/config`;
    const read = await expectStatus(t.http.get(url, STAFF_TOKEN), 200);
    await expectStatus(t.http.put(url, { ...read.body, emptyCell: 'clear' }, STAFF_TOKEN), 200);
    const stale = await t.http.put(url, { ...read.body, deleteGuardPercent: 10 }, STAFF_TOKEN);
    expect(stale.status).toBe(409);
    expect(stale.body.details).toEqual({ currentVersion: 2, basedOnVersion: 1 });
  });

  it('documents the version of a saved configuration as always present, and optional only on PUT', async () => {
    const doc = await expectStatus(t.http.get('/docs/json'), 200);
    const schemas = doc.body.components.schemas;
    expect(schemas.SyncConfigResponseDto.required).toContain('version');
    expect(schemas.SyncConfigDto.required ?? []).not.toContain('version');
  });

  it('writes every staff action to the audit log with actor and time', async () => {
    const { tenantId, adminTokenId } = await setUpTenant(t.http, { tokenName: 'HR nightly job' });
    await expectStatus(
      t.http.put(`/api/tenants/${tenantId}/csv-sync/activation`, { enabled: false }, STAFF_TOKEN),
      200,
    );
    await expectStatus(t.http.delete(`/api/tenants/${tenantId}/tokens/${adminTokenId}`, STAFF_TOKEN), 204);

    const res = await expectStatus(t.http.get(`/api/tenants/${tenantId}/audit-events`, STAFF_TOKEN), 200);
    const events = res.body.items as {
      action: string;
      actor: string;
      createdAt: string;
      details: any;
      tenantId: string;
    }[];
    expect(events.map((e) => e.action)).toEqual([
      'token.revoked',
      'csv_sync.deactivated',
      'token.issued',
      'csv_sync.activated',
      'csv_sync.configured',
      'tenant.created',
    ]);
    for (const event of events) {
      expect(event).toMatchObject({ actor: 'staff', tenantId });
      expect(Date.now() - Date.parse(event.createdAt)).toBeLessThan(60_000);
    }
    expect(events[0].details).toEqual({ tokenId: adminTokenId, name: 'HR nightly job' });
    expect(events[4].details.version).toBe(1);
    expect(JSON.stringify(events)).not.toMatch(/ucs_[A-Za-z0-9_-]{20,}/);
  });

  it('filters the audit log by action and pages through it', async () => {
    const { tenantId } = await setUpTenant(t.http);
    for (let i = 0; i < 3; i += 1) {
      await expectStatus(
        t.http.put(`/api/tenants/${tenantId}/csv-sync/config`, EXAMPLE_CONFIG, STAFF_TOKEN),
        200,
      );
    }
    const first = await expectStatus(
      t.http.get(`/api/tenants/${tenantId}/audit-events?action=csv_sync.configured&limit=2`, STAFF_TOKEN),
      200,
    );
    expect(first.body.items.map((e: { details: { version: number } }) => e.details.version)).toEqual([4, 3]);
    const second = await expectStatus(
      t.http.get(
        `/api/tenants/${tenantId}/audit-events?action=csv_sync.configured&limit=2&cursor=${first.body.nextCursor}`,
        STAFF_TOKEN,
      ),
      200,
    );
    expect(second.body.items.map((e: { details: { version: number } }) => e.details.version)).toEqual([2, 1]);
    expect(second.body.nextCursor).toBeNull();
    const unknown = await t.http.get(`/api/tenants/${tenantId}/audit-events?action=tea.made`, STAFF_TOKEN);
    expect(unknown.status).toBe(400);
  });
});
