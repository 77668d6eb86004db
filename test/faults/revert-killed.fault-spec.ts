import { createTestEnvironment, dropTestEnvironment, TestEnvironment } from '../support/app';
import { withDb } from '../support/db';
import { setUpTenant, TenantSetup } from '../support/fixtures';
import { HttpClient } from '../support/http';
import { ServiceProcess } from '../support/processes';
import { revert, waitForSync } from '../support/syncs';
import { startService, syncState } from './support';

const ROWS = 200_000;
const BATCH = 2000;
/** Added users changed since the reverted sync (every 1000th line): CHANGED_SINCE, left alone. */
const CHANGED = ROWS / 1000;

/**
 * SPEC §6 and §10: a revert is a sync like any other, so a worker that dies in the middle of one (SIGKILL: no
 * shutdown hook runs) loses no row and applies none twice. The reverted sync's 200,000 records have every
 * outcome a revert undoes, as a revert itself leaves them (so this revert is a redo): added users (deleted
 * again, unless changed since), updated users (their department goes back) and deleted users (added again
 * under their former ids, which a batch applied twice could not do without a duplicate key).
 */
describe('a worker killed in the middle of a revert', () => {
  let env: TestEnvironment;
  let api: ServiceProcess;
  let http: HttpClient;
  const workers: ServiceProcess[] = [];

  const startWorker = async () => {
    const worker = await startService({ ...env.env, WORKER_MODE: 'worker', RECOVERY_INTERVAL_SECONDS: '1' });
    workers.push(worker);
    return worker;
  };

  beforeAll(async () => {
    env = await createTestEnvironment({ SYNC_BATCH_SIZE: String(BATCH), DB_POOL_SIZE: '4' });
    api = await startService({ ...env.env, WORKER_MODE: 'api' });
    http = api.http!;
  });

  afterAll(async () => {
    await Promise.all([api, ...workers].map((p) => p?.kill('SIGKILL')));
    await dropTestEnvironment(env);
  });

  /**
   * Line g + 1 of the reverted sync, for g in 1..ROWS, is about user g (id md5(g)):
   * - g % 4 in (0, 1), added: the user is as the sync left it, except every 1000th, moved to HR since;
   * - g % 4 = 2, updated from Sales to HR: the user is in HR;
   * - g % 4 = 3, deleted with its last attributes (R&D): the user is not there.
   */
  const seedRevertedSync = (tenant: TenantSetup) =>
    withDb(env.databaseUrl, async (db) => {
      await db.query(
        `INSERT INTO app_user (id, tenant_id, email, attributes)
         SELECT md5(g::text)::uuid, $1, 'user' || g || '@example.com',
                jsonb_build_object('firstName', 'Seed', 'lastName', 'L' || g,
                                   'department', CASE WHEN g % 4 = 2 OR g % 1000 = 0 THEN 'HR' ELSE 'Sales' END)
           FROM generate_series(1, $2::int) AS g
          WHERE g % 4 <> 3`,
        [tenant.tenantId, ROWS],
      );
      const { rows } = await db.query<{ id: string }>(
        `INSERT INTO sync (tenant_id, run_seq, action, revert_of, dry_run, requested_dry_run, status, file_name,
                           actor, config_version, encoding, delimiter, header, rows_prepared, total_rows,
                           processed_rows, last_line, added, updated, deleted, started_at, finished_at)
         VALUES ($1, nextval('sync_run_seq'), 'revert', gen_random_uuid(), false, false, 'completed', 'hr.csv',
                 'Jane Doe', 1, 'utf-8', ',', '["Email"]', true, $2, $2, $2 + 1, $3, $4, $5, now(), now())
         RETURNING id`,
        [tenant.tenantId, ROWS, ROWS / 4, ROWS / 4, ROWS / 2],
      );
      const syncId = rows[0].id;
      await db.query(
        `INSERT INTO sync_record (sync_id, line, email, outcome, changes, user_id)
         SELECT $1, g + 1, 'user' || g || '@example.com',
                CASE g % 4 WHEN 2 THEN 'updated' WHEN 3 THEN 'deleted' ELSE 'added' END,
                CASE g % 4
                  WHEN 2 THEN '{"department": {"from": "Sales", "to": "HR"}}'::json
                  WHEN 3 THEN json_build_object('firstName', 'Seed', 'lastName', 'L' || g, 'department', 'R&D')
                  ELSE json_build_object('firstName', 'Seed', 'lastName', 'L' || g, 'department', 'Sales') END,
                md5(g::text)::uuid
           FROM generate_series(1, $2::int) AS g`,
        [syncId, ROWS],
      );
      return syncId;
    });

  it('reverts every row exactly once after a SIGKILL during a 200k-row revert', async () => {
    const tenant = await setUpTenant(http);
    const revertedId = await seedRevertedSync(tenant);
    const victim = await startWorker();

    const accepted = await revert(http, tenant.tenantId, tenant.adminToken, revertedId);
    expect(accepted.status).toBe(202);
    expect(accepted.body).toMatchObject({ action: 'revert', revertOf: revertedId, counts: { total: ROWS } });
    const revertId: string = accepted.body.id;
    // Up to 100,000 of the tenant's 150,000 users would go: the mass-delete guard asks first; an admin confirms.
    const parked = await waitForSync(http, tenant.tenantId, revertId, tenant.adminToken, {
      statuses: ['awaiting_confirmation'],
      timeoutMs: 120_000,
    });
    expect(parked.warnings[0].message).toMatch(
      /^This revert would delete 100000 of the tenant's 150000 users/,
    );
    const applied = await http.post(
      `/api/tenants/${tenant.tenantId}/csv-sync/syncs/${revertId}/apply`,
      {},
      tenant.adminToken,
    );
    expect(applied.status).toBe(202);

    const deadline = Date.now() + 180_000;
    let progress = 0;
    while (progress < ROWS / 3) {
      if (Date.now() > deadline) throw new Error('the revert made no progress');
      const res = await http.get(
        `/api/tenants/${tenant.tenantId}/csv-sync/syncs/${revertId}`,
        tenant.adminToken,
      );
      progress = res.body.progress.processedRows;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    await victim.kill('SIGKILL');
    const atKill = await syncState(env.databaseUrl, revertId);
    expect(atKill.status).toBe('processing');
    expect(atKill.processedRows).toBeGreaterThan(0);
    expect(atKill.processedRows).toBeLessThan(ROWS);

    await startWorker();
    const done = await waitForSync(http, tenant.tenantId, revertId, tenant.adminToken, {
      timeoutMs: 300_000,
    });
    expect(done.status).toBe('completed_with_errors');
    expect(done.counts).toEqual({
      total: ROWS,
      added: ROWS / 4,
      updated: ROWS / 4,
      unchanged: 0,
      deleted: ROWS / 2 - CHANGED,
      notFound: 0,
      failed: CHANGED,
    });
    expect(done.progress).toEqual({ processedRows: ROWS, totalRows: ROWS, percent: 100 });

    const stored = await syncState(env.databaseUrl, revertId);
    expect(stored).toMatchObject({
      records: ROWS,
      distinctLines: ROWS,
      processedRows: ROWS,
      lastLine: ROWS + 1,
    });
    const records = await withDb(env.databaseUrl, async (db) => {
      const { rows } = await db.query(
        `SELECT outcome, count(*)::int AS n, min(line) AS first, max(line) AS last,
                count(*) FILTER (WHERE error ->> 'code' = 'CHANGED_SINCE' AND error ->> 'column' = 'Department')::int
                  AS changed_since
           FROM sync_record WHERE sync_id = $1 GROUP BY outcome ORDER BY outcome`,
        [revertId],
      );
      return rows;
    });
    expect(records).toEqual([
      { outcome: 'added', n: ROWS / 4, first: 4, last: ROWS, changed_since: 0 },
      { outcome: 'deleted', n: ROWS / 2 - CHANGED, first: 2, last: ROWS - 2, changed_since: 0 },
      { outcome: 'failed', n: CHANGED, first: 1001, last: ROWS + 1, changed_since: CHANGED },
      { outcome: 'updated', n: ROWS / 4, first: 3, last: ROWS - 1, changed_since: 0 },
    ]);

    const users = await withDb(env.databaseUrl, async (db) => {
      const { rows } = await db.query(
        `SELECT count(*)::int AS users, count(DISTINCT email)::int AS emails,
                count(*) FILTER (WHERE attributes ->> 'department' = 'HR')::int AS hr,
                count(*) FILTER (WHERE attributes ->> 'department' = 'Sales')::int AS sales,
                count(*) FILTER (WHERE attributes ->> 'department' = 'R&D'
                                   AND id = md5(split_part(substr(email, 5), '@', 1))::uuid)::int AS restored
           FROM app_user WHERE tenant_id = $1`,
        [tenant.tenantId],
      );
      return rows[0];
    });
    // The added users changed since stay (HR), the updated ones are back in Sales, the deleted ones are back in
    // R&D under their former ids.
    expect(users).toEqual({
      users: CHANGED + ROWS / 2,
      emails: CHANGED + ROWS / 2,
      hr: CHANGED,
      sales: ROWS / 4,
      restored: ROWS / 4,
    });
  });
});
