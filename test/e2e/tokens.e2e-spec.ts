import { Client } from 'pg';
import { startApp, TestApp } from '../support/app';
import { expectStatus, setUpTenant, STAFF_TOKEN } from '../support/fixtures';

describe('admin tokens (SPEC §3, §4)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startApp();
  });
  afterAll(() => t.close());

  it('shows a token once, and stores only its hash', async () => {
    const { tenantId } = await setUpTenant(t.http);
    const issued = await expectStatus(
      t.http.post(`/api/tenants/${tenantId}/tokens`, { name: 'HR nightly job' }, STAFF_TOKEN),
      201,
    );
    expect(issued.body).toMatchObject({ name: 'HR nightly job', createdBy: 'staff', revokedAt: null });
    expect(issued.body.token).toMatch(/^ucs_[A-Za-z0-9_-]{43}$/);

    const list = await expectStatus(t.http.get(`/api/tenants/${tenantId}/tokens`, STAFF_TOKEN), 200);
    const listed = list.body.items.find((x: { id: string }) => x.id === issued.body.id);
    expect(listed).toEqual({
      id: issued.body.id,
      name: 'HR nightly job',
      createdBy: 'staff',
      createdAt: issued.body.createdAt,
      revokedAt: null,
    });
    expect(list.text).not.toContain(issued.body.token);

    const db = new Client({ connectionString: t.environment.databaseUrl });
    await db.connect();
    try {
      const { rows } = await db.query('SELECT * FROM api_token WHERE id = $1', [issued.body.id]);
      expect(JSON.stringify(rows)).not.toContain(issued.body.token);
      expect(rows[0].token_hash).toMatch(/^[0-9a-f]{64}$/);
    } finally {
      await db.end();
    }
  });

  it('revokes once: a second revocation changes nothing, an unknown id is 404', async () => {
    const { tenantId, adminTokenId } = await setUpTenant(t.http);
    await expectStatus(t.http.delete(`/api/tenants/${tenantId}/tokens/${adminTokenId}`, STAFF_TOKEN), 204);
    await expectStatus(t.http.delete(`/api/tenants/${tenantId}/tokens/${adminTokenId}`, STAFF_TOKEN), 204);
    const revoked = await t.http.get(
      `/api/tenants/${tenantId}/audit-events?action=token.revoked`,
      STAFF_TOKEN,
    );
    expect(revoked.body.items).toHaveLength(1);
    const unknown = await t.http.delete(`/api/tenants/${tenantId}/tokens/not-a-uuid`, STAFF_TOKEN);
    expect(unknown.status).toBe(404);
    expect(unknown.body.error).toBe('TOKEN_NOT_FOUND');
  });

  it("does not revoke another tenant's token through this tenant's path", async () => {
    const a = await setUpTenant(t.http);
    const b = await setUpTenant(t.http);
    const res = await t.http.delete(`/api/tenants/${a.tenantId}/tokens/${b.adminTokenId}`, STAFF_TOKEN);
    expect(res.status).toBe(404);
    expect((await t.http.get(`/api/tenants/${b.tenantId}`, b.adminToken)).status).toBe(200);
  });

  it.each([
    ['an empty name', { name: '   ' }],
    ['a missing name', {}],
    ['a name too long', { name: 'x'.repeat(101) }],
    ['an unknown property', { name: 'ok', scope: 'all' }],
  ])('refuses %s', async (_case, body) => {
    const { tenantId } = await setUpTenant(t.http);
    const res = await t.http.post(`/api/tenants/${tenantId}/tokens`, body, STAFF_TOKEN);
    expect(res.status).toBe(400);
    expect(res.body.error).toBe('VALIDATION_ERROR');
  });
});
