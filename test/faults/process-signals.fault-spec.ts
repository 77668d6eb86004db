import { createTestEnvironment, dropTestEnvironment, TestEnvironment } from '../support/app';
import { csvFile, HEADER, userRow } from '../support/csv-file';
import { storedCounts } from '../support/db';
import { setUpTenant, TenantSetup } from '../support/fixtures';
import { HttpClient } from '../support/http';
import { ServiceProcess } from '../support/processes';
import { upload, waitForSync } from '../support/syncs';
import { waitFor } from '../support/wait';
import { rawUpload } from './raw-upload';
import { syncState, userCounts, waitForStatement, startService } from './support';

/** How long a process may take from SIGTERM to its exit (docs/RELIABILITY.md): one batch or one upload's end,
 *  with room for a busy machine. */
const STOP_BOUND_MS = 15_000;
const BATCH = 2000;

/**
 * SPEC §6 and docs/RELIABILITY.md: a process that is told to stop (SIGTERM: a deploy, a scale-down) leaves
 * nothing half done. A worker finishes or rolls back the batch it is in and exits; the next worker resumes the
 * sync exactly. An API process finishes the uploads in progress, or refuses them cleanly.
 */
describe('processes stopped with SIGTERM', () => {
  let env: TestEnvironment;
  let api: ServiceProcess;
  let http: HttpClient;
  const processes: ServiceProcess[] = [];

  const start = async (mode: 'api' | 'worker') => {
    const started = await startService({
      ...env.env,
      WORKER_MODE: mode,
      RECOVERY_INTERVAL_SECONDS: '2',
    });
    processes.push(started);
    return started;
  };

  const ensureWorker = async () => {
    const alive = processes.some(
      (p) => p.http === undefined && p.child.exitCode === null && p.child.signalCode === null,
    );
    if (!alive) await start('worker');
  };

  /** Sends SIGTERM and answers how long the process took to exit (Infinity: not within a minute), and how. */
  const stop = async (service: ServiceProcess) => {
    const began = Date.now();
    let timer: NodeJS.Timeout | undefined;
    const exited = await Promise.race([
      service.kill('SIGTERM').then(() => true),
      new Promise<boolean>((resolve) => {
        timer = setTimeout(() => resolve(false), 60_000);
      }),
    ]);
    clearTimeout(timer);
    return {
      ms: exited ? Date.now() - began : Infinity,
      code: service.child.exitCode,
      signal: service.child.signalCode,
    };
  };

  beforeAll(async () => {
    env = await createTestEnvironment({ SYNC_BATCH_SIZE: String(BATCH), DB_POOL_SIZE: '6' });
    api = await start('api');
    http = api.http!;
  });

  afterAll(async () => {
    await Promise.all(processes.map((p) => p.kill('SIGKILL')));
    await dropTestEnvironment(env);
  });

  it('a worker stopped mid-sync ends its batch, exits in time, and the next worker finishes the sync exactly', async () => {
    const tenant: TenantSetup = await setUpTenant(http);
    const rows = 100_000;
    const file = csvFile([
      HEADER,
      ...Array.from({ length: rows }, (_, i) => userRow(i + 1, { Department: 'Sales' })),
    ]);
    // A second sync queued behind the first: a worker that drained the tenant to the end before exiting
    // would run it too.
    const first = await upload(http, tenant.tenantId, tenant.adminToken, file);
    const second = await upload(http, tenant.tenantId, tenant.adminToken, file);
    expect([first.status, second.status]).toEqual([202, 202]);

    const worker = await start('worker');
    await waitFor(
      async () => (await syncState(env.databaseUrl, first.body.id)).processedRows >= 3 * BATCH,
      'the first batches of the sync',
      120_000,
    );
    const stopped = await stop(worker);
    expect(stopped.ms).toBeLessThan(STOP_BOUND_MS);
    expect(stopped.code === 0 || stopped.signal === 'SIGTERM').toBe(true);
    expect(worker.output.filter((line) => line.includes('"level":50'))).toEqual([]);

    // What the worker left: whole batches only, counters and records and users agreeing, the rest to do.
    const left = await syncState(env.databaseUrl, first.body.id);
    expect(left.status).toBe('processing');
    expect(left.processedRows).toBeLessThan(rows);
    expect(left.lastLine % BATCH).toBe(0); // batches are windows of BATCH lines; line 1 is the header
    expect(left).toMatchObject({
      counted: left.processedRows,
      records: left.processedRows,
      distinctLines: left.processedRows,
      lastLine: left.processedRows + 1,
    });
    expect(await userCounts(env.databaseUrl, tenant.tenantId, 'department', 'Sales')).toEqual({
      users: left.processedRows,
      matching: left.processedRows,
    });
    expect((await syncState(env.databaseUrl, second.body.id)).status).toBe('queued');

    await start('worker');
    const done = await waitForSync(http, tenant.tenantId, first.body.id, tenant.adminToken, {
      timeoutMs: 240_000,
    });
    expect(done.status).toBe('completed');
    expect(done.counts).toEqual({
      total: rows,
      added: rows,
      updated: 0,
      unchanged: 0,
      deleted: 0,
      notFound: 0,
      failed: 0,
    });
    expect(await syncState(env.databaseUrl, first.body.id)).toMatchObject({
      processedRows: rows,
      records: rows,
      distinctLines: rows,
    });
    const again = await waitForSync(http, tenant.tenantId, second.body.id, tenant.adminToken, {
      timeoutMs: 240_000,
    });
    expect(again.counts).toMatchObject({ total: rows, unchanged: rows, added: 0, updated: 0 });
    expect(await userCounts(env.databaseUrl, tenant.tenantId, 'department', 'Sales')).toEqual({
      users: rows,
      matching: rows,
    });
  });

  it('an API process stopped during an upload finishes that upload and refuses new ones', async () => {
    const tenant = await setUpTenant(http);
    const second = await start('api');
    const rows = 40_000;
    const file = csvFile([HEADER, ...Array.from({ length: rows }, (_, i) => userRow(i + 1))]);
    const slow = rawUpload(
      second.http!.baseUrl,
      `/api/tenants/${tenant.tenantId}/csv-sync/syncs?action=upsert`,
      file,
      { token: tenant.adminToken, idempotencyKey: 'sigterm-api-1' },
    );
    await slow.send(slow.body.subarray(0, Math.floor(slow.body.length / 2)));
    await waitForStatement(env.databaseUrl, 'COPY sync_row');

    const stopping = stop(second);
    // The process no longer takes new work; the upload in progress goes on to its end.
    await waitFor(
      async () => (await second.http!.get('/health').catch(() => undefined))?.status !== 200,
      'the API to stop taking requests',
    );
    await slow.finish();
    const answer = await slow.response;
    const stopped = await stopping;
    expect(stopped.ms).toBeLessThan(STOP_BOUND_MS);
    expect(stopped.code === 0 || stopped.signal === 'SIGTERM').toBe(true);
    expect({ status: answer.status, total: answer.body?.progress?.totalRows }).toEqual({
      status: 202,
      total: rows,
    });

    // The sync it accepted is processed like any other.
    await ensureWorker();
    const done = await waitForSync(http, tenant.tenantId, answer.body.id, tenant.adminToken, {
      timeoutMs: 120_000,
    });
    expect(done.counts).toMatchObject({ total: rows, added: rows, failed: 0 });
  });

  it('an API process stopped while a client has stopped sending refuses that upload cleanly and exits', async () => {
    const tenant = await setUpTenant(http);
    const second = await start('api');
    const file = csvFile([HEADER, ...Array.from({ length: 40_000 }, (_, i) => userRow(i + 1))]);
    const stalled = rawUpload(
      second.http!.baseUrl,
      `/api/tenants/${tenant.tenantId}/csv-sync/syncs?action=upsert`,
      file,
      { token: tenant.adminToken },
    );
    await stalled.send(stalled.body.subarray(0, Math.floor(stalled.body.length / 2)));
    await waitForStatement(env.databaseUrl, 'COPY sync_row');

    const stopped = await stop(second);
    const answer = await Promise.race([
      stalled.response,
      new Promise((resolve) => setTimeout(resolve, 1000)),
    ]);
    stalled.destroy();
    // The grace for uploads in progress (10 s) and the shutdown after it.
    expect(stopped.ms).toBeLessThan(10_000 + STOP_BOUND_MS);
    expect(answer).toMatchObject({ status: 503, body: { statusCode: 503, error: 'SERVICE_UNAVAILABLE' } });
    expect(await storedCounts(env.databaseUrl, tenant.tenantId)).toMatchObject({ syncs: 0, staged: 0 });
  });
});
