import { createTestEnvironment, dropTestEnvironment, TestEnvironment } from '../support/app';
import { csvFile, HEADER, userRow } from '../support/csv-file';
import { setUpTenant } from '../support/fixtures';
import { HttpClient } from '../support/http';
import { ServiceProcess } from '../support/processes';
import { startRedisServer, RedisServer } from '../support/redis-server';
import { upload, waitForSync } from '../support/syncs';
import { waitFor } from '../support/wait';
import { syncState, userCounts, startService } from './support';

const BATCH = 2000;
const ROWS = 100_000;

/**
 * SPEC §6: Redis may come back empty (these machines run it without persistence). PostgreSQL holds every
 * sync's state, so a sync accepted but not final is found again there and put back on the queue, without a
 * person. The service runs as an API and a worker process on a redis-server of this test's own, which the test
 * stops and starts again, empty, in the middle of a sync.
 */
describe('Redis restarted empty in the middle of a sync', () => {
  let redis: RedisServer;
  let env: TestEnvironment;
  let api: ServiceProcess;
  let worker: ServiceProcess;
  let http: HttpClient;

  beforeAll(async () => {
    redis = await startRedisServer();
    env = await createTestEnvironment({
      REDIS_URL: redis.url,
      SYNC_BATCH_SIZE: String(BATCH),
      RECOVERY_INTERVAL_SECONDS: '2',
    });
    api = await startService({ ...env.env, WORKER_MODE: 'api' });
    worker = await startService({ ...env.env, WORKER_MODE: 'worker' });
    http = api.http!;
  });

  afterAll(async () => {
    await Promise.all([api, worker].map((p) => p?.kill('SIGKILL')));
    await redis?.stop();
    await dropTestEnvironment(env);
  });

  it('completes the running sync, the one accepted while Redis was down and later ones, each exactly once', async () => {
    const tenant = await setUpTenant(http);
    const other = await setUpTenant(http);
    const rowsOf = (department: string) =>
      csvFile([
        HEADER,
        ...Array.from({ length: ROWS }, (_, i) => userRow(i + 1, { Department: department })),
      ]);
    const running = await upload(http, tenant.tenantId, tenant.adminToken, rowsOf('Sales'));
    expect(running.status).toBe(202);
    await waitFor(
      async () => (await syncState(env.databaseUrl, running.body.id)).processedRows >= 3 * BATCH,
      'the first batches of the sync',
      120_000,
    );

    await redis.stop();
    expect((await syncState(env.databaseUrl, running.body.id)).status).toBe('processing');
    // Accepted while Redis is away: PostgreSQL has it, the queue does not.
    const meanwhile = await upload(http, tenant.tenantId, tenant.adminToken, rowsOf('HR'));
    expect(meanwhile.status).toBe(202);
    const elsewhere = await upload(
      http,
      other.tenantId,
      other.adminToken,
      csvFile([HEADER, userRow(1), userRow(2), userRow(3)]),
    );
    expect(elsewhere.status).toBe(202);
    await redis.start();

    const first = await waitForSync(http, tenant.tenantId, running.body.id, tenant.adminToken, {
      timeoutMs: 240_000,
    });
    const second = await waitForSync(http, tenant.tenantId, meanwhile.body.id, tenant.adminToken, {
      timeoutMs: 240_000,
    });
    const third = await waitForSync(http, other.tenantId, elsewhere.body.id, other.adminToken);
    expect([first.status, second.status, third.status]).toEqual(['completed', 'completed', 'completed']);
    const exact = (counts: object) => ({
      total: ROWS,
      added: 0,
      updated: 0,
      unchanged: 0,
      deleted: 0,
      notFound: 0,
      failed: 0,
      ...counts,
    });
    expect(first.counts).toEqual(exact({ added: ROWS }));
    expect(second.counts).toEqual(exact({ updated: ROWS }));
    expect(third.counts).toMatchObject({ total: 3, added: 3, failed: 0 });
    for (const sync of [first, second]) {
      expect(await syncState(env.databaseUrl, sync.id)).toMatchObject({
        processedRows: ROWS,
        records: ROWS,
        distinctLines: ROWS,
      });
    }
    // In the order they were accepted: the file accepted later decides each user's department.
    expect(new Date(second.startedAt).getTime()).toBeGreaterThanOrEqual(new Date(first.finishedAt).getTime());
    expect(await userCounts(env.databaseUrl, tenant.tenantId, 'department', 'HR')).toEqual({
      users: ROWS,
      matching: ROWS,
    });

    // The queue works again on the new, empty Redis: a new upload goes through it at once.
    const after = await upload(
      http,
      other.tenantId,
      other.adminToken,
      csvFile([HEADER, userRow(1, { Department: 'HR' })]),
    );
    const last = await waitForSync(http, other.tenantId, after.body.id, other.adminToken);
    expect(last.counts).toMatchObject({ total: 1, updated: 1 });
  });
});
