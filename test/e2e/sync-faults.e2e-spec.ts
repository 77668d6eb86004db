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

/**
 * SPEC §6: a worker that dies mid-sync loses no row and applies no row twice. The API and the workers run as
 * separate processes (WORKER_MODE), and the worker is killed with SIGKILL: no shutdown hook runs.
 */
describe('a worker killed in the middle of a sync', () => {
  let env: TestEnvironment;
  let api: ServiceProcess;
  let http: HttpClient;
  let tenant: TenantSetup;
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
    tenant = await setUpTenant(http);
  });

  afterAll(async () => {
    await Promise.all([api, ...workers].map((p) => p?.kill('SIGKILL')));
    await dropTestEnvironment(env);
  });

  /** Uploads, kills the worker once a third of the rows are done, starts another, and waits for the end. A
   *  delete of most users is confirmed first (the mass-delete guard), as an admin would. */
  async function syncThroughACrash(file: Buffer, action: 'upsert' | 'delete' = 'upsert') {
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

  const userStats = () =>
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
    const rows = Array.from({ length: ROWS }, (_, i) => userRow(i + 1, { Department: 'Sales' }));
    const { done, killedAt } = await syncThroughACrash(csvFile([HEADER, ...rows]));
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
    expect(await userStats()).toEqual({ users: ROWS, emails: ROWS, hr: 0 });
  });

  it('updates every row exactly once after a SIGKILL during a 200k-row Update', async () => {
    const rows = Array.from({ length: ROWS }, (_, i) => userRow(i + 1, { Department: 'HR' }));
    const { done } = await syncThroughACrash(csvFile([HEADER, ...rows]));
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
    expect(await userStats()).toEqual({ users: ROWS, emails: ROWS, hr: ROWS });
  });

  it('deletes every row exactly once after a SIGKILL during a 200k-row Delete', async () => {
    // Every 200th line names nobody: 1,000 rows are not found, and the users they stand for stay.
    const emails = Array.from({ length: ROWS }, (_, i) =>
      (i + 1) % 200 === 0 ? [`nobody${i + 1}@example.com`] : [`user${i + 1}@example.com`],
    );
    const { done } = await syncThroughACrash(csvFile([['Email'], ...emails]), 'delete');
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
    // Each deleted user's record keeps its last values (the update made every department HR).
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
    expect(await userStats()).toEqual({ users: 1000, emails: 1000, hr: 1000 });
  });

  it('finds an accepted sync again in PostgreSQL when Redis lost the queue', async () => {
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

  it('resumes exactly when PostgreSQL drops every connection in the middle of a sync', async () => {
    if (workers.every((w) => w.child.exitCode !== null || w.child.signalCode !== null)) await startWorker();
    const rows = Array.from({ length: 30_000 }, (_, i) => userRow(i + 500_001, { Department: 'R&D' }));
    const accepted = await upload(http, tenant.tenantId, tenant.adminToken, csvFile([HEADER, ...rows]));
    const syncId = accepted.body.id;
    // What a PostgreSQL restart looks like to its clients: every session ends at once (57P01).
    let kills = 0;
    while (kills < 3) {
      const res = await http
        .get(`/api/tenants/${tenant.tenantId}/csv-sync/syncs/${syncId}`, tenant.adminToken)
        .catch(() => undefined);
      if (res?.body?.status !== 'processing') {
        if (res?.body?.status === 'completed') break;
        await new Promise((resolve) => setTimeout(resolve, 20));
        continue;
      }
      await withDb(env.databaseUrl, (db) =>
        db.query(
          'SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()',
        ),
      );
      kills += 1;
      await new Promise((resolve) => setTimeout(resolve, 300));
    }
    const done = await waitForSync(http, tenant.tenantId, syncId, tenant.adminToken, { timeoutMs: 60_000 });
    expect(kills).toBeGreaterThan(0); // the connections really were dropped while it was processing
    expect(done.status).toBe('completed');
    expect(done.counts).toMatchObject({ total: 30_000, added: 30_000, failed: 0 });
    const stats = await recordStats(syncId);
    expect(stats).toMatchObject({ records: 30_000, lines: 30_000, added: 30_000 });
  });
});
