import { createTestEnvironment, dropTestEnvironment, TestEnvironment } from '../support/app';
import { csvFile, HEADER, userRow } from '../support/csv-file';
import { storedCounts, withDb } from '../support/db';
import { setUpTenant, TenantSetup } from '../support/fixtures';
import { HttpClient } from '../support/http';
import { ServiceProcess } from '../support/processes';
import { upload, waitForSync } from '../support/syncs';
import { waitFor } from '../support/wait';
import { rawUpload } from './raw-upload';
import { syncState, waitForStatement, startService } from './support';

const ROWS = 30_000;

/**
 * SPEC §6: an upload is staged in one transaction with its sync, so an API process that dies (SIGKILL: no
 * shutdown hook runs) in the middle of one leaves nothing that anyone can see, and a sync it did commit is
 * found in PostgreSQL and processed even if the process died before it put the job on the queue. The client
 * retries with the same Idempotency-Key and gets exactly one sync.
 */
describe('an API process killed in the middle of an upload', () => {
  let env: TestEnvironment;
  let stable: ServiceProcess;
  let worker: ServiceProcess;
  let http: HttpClient;
  let tenant: TenantSetup;
  const victims: ServiceProcess[] = [];
  const file = csvFile([HEADER, ...Array.from({ length: ROWS }, (_, i) => userRow(i + 1))]);
  const path = () => `/api/tenants/${tenant.tenantId}/csv-sync/syncs?action=upsert`;

  const startVictim = async () => {
    const victim = await startService({ ...env.env, WORKER_MODE: 'api' });
    victims.push(victim);
    return victim;
  };

  const syncsWithKey = (key: string) =>
    withDb(env.databaseUrl, async (db) => {
      const { rows } = await db.query<{ id: string; status: string }>(
        'SELECT id, status FROM sync WHERE tenant_id = $1 AND idempotency_key = $2',
        [tenant.tenantId, key],
      );
      return rows;
    });

  /** Until PostgreSQL has seen the killed process's sessions end, its transaction may still be open. */
  const noUploadSession = () =>
    withDb(env.databaseUrl, (db) =>
      waitFor(async () => {
        const { rows } = await db.query(
          `SELECT count(*)::int AS n FROM pg_stat_activity
            WHERE datname = current_database() AND (query LIKE 'COPY sync_row%' OR state LIKE 'idle in transaction%')`,
        );
        return rows[0].n === 0;
      }, 'the killed upload session to end'),
    );

  beforeAll(async () => {
    env = await createTestEnvironment({ SYNC_BATCH_SIZE: '5000', RECOVERY_INTERVAL_SECONDS: '2' });
    stable = await startService({ ...env.env, WORKER_MODE: 'api' });
    worker = await startService({ ...env.env, WORKER_MODE: 'worker', RECOVERY_INTERVAL_SECONDS: '2' });
    http = stable.http!;
    tenant = await setUpTenant(http);
  });

  afterAll(async () => {
    await Promise.all([stable, worker, ...victims].map((p) => p?.kill('SIGKILL')));
    await dropTestEnvironment(env);
  });

  it('leaves nothing half-staged, and a retry with the same Idempotency-Key makes one exact sync', async () => {
    const victim = await startVictim();
    const key = 'killed-mid-upload';
    const cut = rawUpload(victim.http!.baseUrl, path(), file, {
      token: tenant.adminToken,
      idempotencyKey: key,
    });
    await cut.send(cut.body.subarray(0, Math.floor(cut.body.length / 2)));
    await waitForStatement(env.databaseUrl, 'COPY sync_row');
    await victim.kill('SIGKILL');
    await expect(cut.response).rejects.toThrow();
    await noUploadSession();

    expect(await storedCounts(env.databaseUrl, tenant.tenantId)).toMatchObject({
      syncs: 0,
      staged: 0,
      records: 0,
      users: 0,
    });
    const listed = await http.get(`/api/tenants/${tenant.tenantId}/csv-sync/syncs`, tenant.adminToken);
    expect(listed.body.items).toEqual([]);

    const retry = await upload(http, tenant.tenantId, tenant.adminToken, file, { idempotencyKey: key });
    expect(retry.status).toBe(202);
    const replay = await upload(http, tenant.tenantId, tenant.adminToken, file, { idempotencyKey: key });
    expect(replay.body.id).toBe(retry.body.id);
    const done = await waitForSync(http, tenant.tenantId, retry.body.id, tenant.adminToken, {
      timeoutMs: 120_000,
    });
    expect(done.counts).toMatchObject({ total: ROWS, added: ROWS, failed: 0 });
    expect(await syncsWithKey(key)).toEqual([{ id: retry.body.id, status: 'completed' }]);
  });

  it('never leaves a sync queued, wherever the upload is cut at the end of its body', async () => {
    // The end of an upload: staging done, COMMIT, the job put on the queue, the 202. A process killed in
    // between has committed the sync or not; either way the client's retry ends in one final sync.
    for (const delayMs of [0, 30, 100, 250, 600]) {
      const victim = await startVictim();
      const key = `killed-at-${delayMs}`;
      const cut = rawUpload(victim.http!.baseUrl, path(), file, {
        token: tenant.adminToken,
        idempotencyKey: key,
      });
      await cut.finish();
      await new Promise((resolve) => setTimeout(resolve, delayMs));
      await victim.kill('SIGKILL');
      const answered = await cut.response.catch(() => null);
      await noUploadSession();

      const committed = await syncsWithKey(key);
      expect(committed.length).toBeLessThanOrEqual(1);
      if (answered)
        expect({ status: answered.status, id: answered.body.id }).toEqual({
          status: 202,
          id: committed[0]?.id,
        });
      const retry = await upload(http, tenant.tenantId, tenant.adminToken, file, { idempotencyKey: key });
      expect(retry.status).toBe(202);
      if (committed[0]) expect(retry.body.id).toBe(committed[0].id);
      const done = await waitForSync(http, tenant.tenantId, retry.body.id, tenant.adminToken, {
        timeoutMs: 120_000,
      });
      expect(done.status).toBe('completed');
      expect(done.counts.total).toBe(ROWS);
      expect(await syncState(env.databaseUrl, retry.body.id)).toMatchObject({
        processedRows: ROWS,
        records: ROWS,
      });
      expect(await syncsWithKey(key)).toEqual([{ id: retry.body.id, status: 'completed' }]);
    }
    const busy = await withDb(env.databaseUrl, (db) =>
      db.query("SELECT count(*)::int AS n FROM sync WHERE status IN ('queued', 'processing')"),
    );
    expect(busy.rows[0].n).toBe(0);
  });
});
