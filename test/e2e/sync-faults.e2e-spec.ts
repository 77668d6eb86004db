import Redis from 'ioredis';
import { createTestEnvironment, dropTestEnvironment, TestEnvironment } from '../support/app';
import { TEST_REDIS_URL } from '../support/env';
import { deleteKeys } from '../support/global-teardown';
import { csvFile, HEADER, userRow } from '../support/csv-file';
import { withDb } from '../support/db';
import { setUpTenant, TenantSetup } from '../support/fixtures';
import { HttpClient } from '../support/http';
import { startServiceProcess, ServiceProcess } from '../support/processes';
import { upload, waitForSync } from '../support/syncs';

const ROWS = 200_000;

// A 200k-row sync through a crash took 136 s on a busy shared machine: more than jest's default of this project.
jest.setTimeout(300_000);

/**
 * SPEC §6: a worker that dies mid-sync loses no row and applies no row twice. The API and the workers run as
 * separate processes (WORKER_MODE), and the worker is killed with SIGKILL: no shutdown hook runs.
 */
describe('a worker killed in the middle of a sync', () => {
  let env: TestEnvironment;
  let api: ServiceProcess;
  let http: HttpClient;
  const workers: ServiceProcess[] = [];

  const startWorker = async () => {
    const worker = await startServiceProcess({
      ...env.env,
      WORKER_MODE: 'worker',
      RECOVERY_INTERVAL_SECONDS: '1',
    });
    workers.push(worker);
    return worker;
  };

  beforeAll(async () => {
    env = await createTestEnvironment({ SYNC_BATCH_SIZE: '2000', DB_POOL_SIZE: '4' });
    api = await startServiceProcess({ ...env.env, WORKER_MODE: 'api' });
    http = api.http!;
  });

  afterAll(async () => {
    await Promise.all([api, ...workers].map((p) => p?.kill('SIGKILL')));
    await dropTestEnvironment(env);
  });

  /** Uploads, kills the worker once a third of the rows are done, starts another, and waits for the end. A
   *  delete of most users is confirmed first (the mass-delete guard), as an admin would. */
  async function syncThroughACrash(
    tenant: TenantSetup,
    file: Buffer,
    action: 'upsert' | 'delete' = 'upsert',
  ) {
    const victim = await startWorker();
    const accepted = await upload(http, tenant.tenantId, tenant.adminToken, file, { action });
    expect(accepted.status).toBe(202);
    const syncId = accepted.body.id;
    if (action === 'delete') {
      await waitForSync(http, tenant.tenantId, syncId, tenant.adminToken, {
        statuses: ['awaiting_confirmation'],
      });
      const applied = await http.post(
        `/api/tenants/${tenant.tenantId}/csv-sync/syncs/${syncId}/apply`,
        {},
        tenant.adminToken,
      );
      expect(applied.status).toBe(202);
    }
    const deadline = Date.now() + 120_000;
    let progress = 0;
    while (progress < ROWS / 3) {
      if (Date.now() > deadline) throw new Error('the sync made no progress');
      const res = await http.get(
        `/api/tenants/${tenant.tenantId}/csv-sync/syncs/${syncId}`,
        tenant.adminToken,
      );
      progress = res.body.progress.processedRows;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    await victim.kill('SIGKILL');
    const atKill = (
      await http.get(`/api/tenants/${tenant.tenantId}/csv-sync/syncs/${syncId}`, tenant.adminToken)
    ).body;
    expect(atKill.status).toBe('processing');
    expect(atKill.progress.processedRows).toBeLessThan(ROWS);

    await startWorker();
    const done = await waitForSync(http, tenant.tenantId, syncId, tenant.adminToken, { timeoutMs: 240_000 });
    return { done, killedAt: atKill.progress.processedRows };
  }

  /** Users as an earlier sync would have left them, written directly: each test stands on its own. */
  const seedUsers = (tenant: TenantSetup, count: number, department: string) =>
    withDb(env.databaseUrl, (db) =>
      db.query(
        `INSERT INTO app_user (tenant_id, email, attributes)
         SELECT $1, 'user' || g || '@example.com',
                jsonb_build_object('firstName', 'Seed', 'lastName', 'Seed', 'department', $3::text)
           FROM generate_series(1, $2::int) AS g`,
        [tenant.tenantId, count, department],
      ),
    );

  const recordStats = (syncId: string) =>
    withDb(env.databaseUrl, async (db) => {
      const { rows } = await db.query(
        `SELECT count(*)::int AS records, count(DISTINCT line)::int AS lines, min(line) AS first, max(line) AS last,
                count(*) FILTER (WHERE outcome = 'added')::int AS added,
                count(*) FILTER (WHERE outcome = 'updated')::int AS updated,
                count(*) FILTER (WHERE outcome = 'deleted' AND changes->>'department' = 'HR')::int AS deleted,
                count(*) FILTER (WHERE outcome = 'not_found')::int AS not_found
           FROM sync_record WHERE sync_id = $1`,
        [syncId],
      );
      return rows[0];
    });

  const userStats = (tenant: TenantSetup) =>
    withDb(env.databaseUrl, async (db) => {
      const { rows } = await db.query(
        `SELECT count(*)::int AS users, count(DISTINCT email)::int AS emails,
                count(*) FILTER (WHERE attributes->>'department' = 'HR')::int AS hr
           FROM app_user WHERE tenant_id = $1`,
        [tenant.tenantId],
      );
      return rows[0];
    });

  it('adds every row exactly once after a SIGKILL during a 200k-row Add', async () => {
    const tenant = await setUpTenant(http);
    const rows = Array.from({ length: ROWS }, (_, i) => userRow(i + 1, { Department: 'Sales' }));
    const { done, killedAt } = await syncThroughACrash(tenant, csvFile([HEADER, ...rows]));
    expect(killedAt).toBeGreaterThan(0);
    expect(done.status).toBe('completed');
    expect(done.counts).toEqual({
      total: ROWS,
      added: ROWS,
      updated: 0,
      unchanged: 0,
      deleted: 0,
      notFound: 0,
      failed: 0,
    });
    expect(done.progress).toEqual({ processedRows: ROWS, totalRows: ROWS, percent: 100 });
    expect(await recordStats(done.id)).toEqual({
      records: ROWS,
      lines: ROWS,
      first: 2,
      last: ROWS + 1,
      added: ROWS,
      updated: 0,
      deleted: 0,
      not_found: 0,
    });
    expect(await userStats(tenant)).toEqual({ users: ROWS, emails: ROWS, hr: 0 });
  });

  it('updates every row exactly once after a SIGKILL during a 200k-row Update', async () => {
    const tenant = await setUpTenant(http);
    await seedUsers(tenant, ROWS, 'Sales');
    const rows = Array.from({ length: ROWS }, (_, i) => userRow(i + 1, { Department: 'HR' }));
    const { done } = await syncThroughACrash(tenant, csvFile([HEADER, ...rows]));
    expect(done.status).toBe('completed');
    expect(done.counts).toEqual({
      total: ROWS,
      added: 0,
      updated: ROWS,
      unchanged: 0,
      deleted: 0,
      notFound: 0,
      failed: 0,
    });
    expect(await recordStats(done.id)).toEqual({
      records: ROWS,
      lines: ROWS,
      first: 2,
      last: ROWS + 1,
      added: 0,
      updated: ROWS,
      deleted: 0,
      not_found: 0,
    });
    expect(await userStats(tenant)).toEqual({ users: ROWS, emails: ROWS, hr: ROWS });
  });

  it('deletes every row exactly once after a SIGKILL during a 200k-row Delete', async () => {
    const tenant = await setUpTenant(http);
    await seedUsers(tenant, ROWS, 'HR');
    // Every 200th line names nobody: 1,000 rows are not found, and the users they stand for stay.
    const emails = Array.from({ length: ROWS }, (_, i) =>
      (i + 1) % 200 === 0 ? [`nobody${i + 1}@example.com`] : [`user${i + 1}@example.com`],
    );
    const { done } = await syncThroughACrash(tenant, csvFile([['Email'], ...emails]), 'delete');
    expect(done.status).toBe('completed');
    expect(done.counts).toEqual({
      total: ROWS,
      added: 0,
      updated: 0,
      unchanged: 0,
      deleted: ROWS - 1000,
      notFound: 1000,
      failed: 0,
    });
    // Each deleted user's record keeps its last values (every department was HR).
    expect(await recordStats(done.id)).toEqual({
      records: ROWS,
      lines: ROWS,
      first: 2,
      last: ROWS + 1,
      added: 0,
      updated: 0,
      deleted: ROWS - 1000,
      not_found: 1000,
    });
    expect(await userStats(tenant)).toEqual({ users: 1000, emails: 1000, hr: 1000 });
  });

  it('finds an accepted sync again in PostgreSQL when Redis lost the queue', async () => {
    const tenant = await setUpTenant(http);
    await Promise.all(workers.splice(0).map((w) => w.kill('SIGKILL')));
    const accepted = await upload(
      http,
      tenant.tenantId,
      tenant.adminToken,
      csvFile([HEADER, userRow(900_001), userRow(900_002)]),
    );
    expect(accepted.status).toBe(202);
    // Redis comes back empty (no persistence on these machines): every key of this queue is gone.
    const redis = new Redis(TEST_REDIS_URL);
    await deleteKeys(redis, `${env.queuePrefix}:*`);
    redis.disconnect();
    await startWorker();
    const done = await waitForSync(http, tenant.tenantId, accepted.body.id, tenant.adminToken, {
      timeoutMs: 60_000,
    });
    expect(done.status).toBe('completed');
    expect(done.counts.added).toBe(2);
  });

  /** What a PostgreSQL restart looks like to its clients, three times while the sync is processing, each time
   *  after it moved on: every session of the database ends at once (57P01), the API's and the worker's. */
  async function killEveryConnectionThrice(tenant: TenantSetup, syncId: string, total: number) {
    let kills = 0;
    let lastProgress = -1;
    const deadline = Date.now() + 180_000;
    while (kills < 3 && Date.now() < deadline) {
      const res = await http
        .get(`/api/tenants/${tenant.tenantId}/csv-sync/syncs/${syncId}`, tenant.adminToken)
        .catch(() => undefined);
      const body = res?.status === 200 ? res.body : undefined;
      if (body && !['queued', 'processing'].includes(body.status)) break;
      const progress: number = body?.progress.processedRows ?? -1;
      if (body?.status === 'processing' && progress > lastProgress && progress < total) {
        await withDb(env.databaseUrl, (db) =>
          db.query(
            'SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()',
          ),
        );
        kills += 1;
        lastProgress = progress;
      }
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    return kills;
  }

  const KILL_ROWS = 60_000;

  it('updates every row exactly once when every database connection is killed three times mid-update', async () => {
    if (workers.every((w) => w.child.exitCode !== null || w.child.signalCode !== null)) await startWorker();
    const tenant = await setUpTenant(http);
    await seedUsers(tenant, KILL_ROWS, 'Sales');
    const rows = Array.from({ length: KILL_ROWS }, (_, i) => userRow(i + 1, { Department: 'R&D' }));
    const accepted = await upload(http, tenant.tenantId, tenant.adminToken, csvFile([HEADER, ...rows]));
    expect(accepted.status).toBe(202);
    const kills = await killEveryConnectionThrice(tenant, accepted.body.id, KILL_ROWS);
    expect(kills).toBe(3);
    const done = await waitForSync(http, tenant.tenantId, accepted.body.id, tenant.adminToken, {
      timeoutMs: 120_000,
    });
    expect(done.status).toBe('completed');
    expect(done.counts).toEqual({
      total: KILL_ROWS,
      added: 0,
      updated: KILL_ROWS,
      unchanged: 0,
      deleted: 0,
      notFound: 0,
      failed: 0,
    });
    expect(await recordStats(accepted.body.id)).toEqual({
      records: KILL_ROWS,
      lines: KILL_ROWS,
      first: 2,
      last: KILL_ROWS + 1,
      added: 0,
      updated: KILL_ROWS,
      deleted: 0,
      not_found: 0,
    });
    const departments = await withDb(
      env.databaseUrl,
      async (db) =>
        (
          await db.query(
            "SELECT attributes->>'department' AS department, count(*)::int AS n FROM app_user WHERE tenant_id = $1 GROUP BY 1",
            [tenant.tenantId],
          )
        ).rows,
    );
    expect(departments).toEqual([{ department: 'R&D', n: KILL_ROWS }]);
  });

  it('adds every row exactly once when every database connection is killed three times mid-add', async () => {
    if (workers.every((w) => w.child.exitCode !== null || w.child.signalCode !== null)) await startWorker();
    const tenant = await setUpTenant(http);
    const rows = Array.from({ length: KILL_ROWS }, (_, i) => userRow(i + 1));
    const accepted = await upload(http, tenant.tenantId, tenant.adminToken, csvFile([HEADER, ...rows]));
    expect(await killEveryConnectionThrice(tenant, accepted.body.id, KILL_ROWS)).toBe(3);
    const done = await waitForSync(http, tenant.tenantId, accepted.body.id, tenant.adminToken, {
      timeoutMs: 120_000,
    });
    expect(done.status).toBe('completed');
    expect(done.counts).toMatchObject({ total: KILL_ROWS, added: KILL_ROWS, updated: 0, failed: 0 });
    expect(await recordStats(accepted.body.id)).toMatchObject({
      records: KILL_ROWS,
      lines: KILL_ROWS,
      added: KILL_ROWS,
    });
    expect(await userStats(tenant)).toMatchObject({ users: KILL_ROWS, emails: KILL_ROWS });
  });

  it('deletes every row exactly once when every database connection is killed three times mid-delete', async () => {
    if (workers.every((w) => w.child.exitCode !== null || w.child.signalCode !== null)) await startWorker();
    const tenant = await setUpTenant(http);
    // Ten users stay: a delete of fewer than all is still a mass delete, confirmed first as an admin would.
    await seedUsers(tenant, KILL_ROWS + 10, 'HR');
    const emails = Array.from({ length: KILL_ROWS }, (_, i) => [`user${i + 1}@example.com`]);
    const accepted = await upload(http, tenant.tenantId, tenant.adminToken, csvFile([['Email'], ...emails]), {
      action: 'delete',
    });
    await waitForSync(http, tenant.tenantId, accepted.body.id, tenant.adminToken, {
      statuses: ['awaiting_confirmation'],
    });
    await http.post(
      `/api/tenants/${tenant.tenantId}/csv-sync/syncs/${accepted.body.id}/apply`,
      {},
      tenant.adminToken,
    );
    expect(await killEveryConnectionThrice(tenant, accepted.body.id, KILL_ROWS)).toBe(3);
    const done = await waitForSync(http, tenant.tenantId, accepted.body.id, tenant.adminToken, {
      timeoutMs: 120_000,
    });
    expect(done.status).toBe('completed');
    expect(done.counts).toMatchObject({ total: KILL_ROWS, deleted: KILL_ROWS, notFound: 0, failed: 0 });
    expect(await recordStats(accepted.body.id)).toMatchObject({
      records: KILL_ROWS,
      lines: KILL_ROWS,
      deleted: KILL_ROWS,
    });
    expect(await userStats(tenant)).toMatchObject({ users: 10, emails: 10 });
  });
});
