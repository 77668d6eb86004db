// The engine's promises of SPEC §6 under concurrency and faults: a tenant's syncs apply in the order of their
// 202 answers, and one run at a time applies them, also when the tenant lock's connection is lost mid-run.
import { request as httpRequest } from 'node:http';
import { Client } from 'pg';
import { TENANT_LOCK_NAMESPACE } from '../../src/csv-sync/tenant-lock';
import { startApp, TestApp } from '../support/app';
import { csvText, HEADER, userRow } from '../support/csv-file';
import { withDb } from '../support/db';
import { setUpTenant, TenantSetup } from '../support/fixtures';
import { upload, waitForSync } from '../support/syncs';
import { waitFor } from '../support/wait';

/** An upload whose body the test sends in two parts: the first part (and so the sync's INSERT) goes out at
 *  once, the rest when the test says; the 202 comes after the rest. */
function slowUpload(baseUrl: string, path: string, token: string, text: string) {
  const boundary = 'slow-upload-boundary';
  const head =
    `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="slow.csv"\r\n` +
    'Content-Type: text/csv\r\n\r\n';
  const cut = text.indexOf('\n', Math.floor(text.length / 2)) + 1;
  const url = new URL(path, baseUrl);
  const req = httpRequest(url, {
    method: 'POST',
    headers: {
      authorization: `Bearer ${token}`,
      'content-type': `multipart/form-data; boundary=${boundary}`,
      'transfer-encoding': 'chunked',
    },
  });
  const answer = new Promise<{ status: number; body: any }>((resolve, reject) => {
    req.on('error', reject);
    req.on('response', (res) => {
      let data = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (data += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: JSON.parse(data) }));
    });
  });
  req.write(head + text.slice(0, cut));
  return {
    answer,
    finish() {
      req.end(`${text.slice(cut)}\r\n--${boundary}--\r\n`);
      return answer;
    },
  };
}

describe('the sync engine (SPEC §6)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startApp({ SYNC_BATCH_SIZE: '500', RECOVERY_INTERVAL_SECONDS: '1', WORKER_CONCURRENCY: '2' });
  });
  afterAll(() => t.close());

  const db = () => t.environment.databaseUrl;
  const syncPath = (s: TenantSetup) => `/api/tenants/${s.tenantId}/csv-sync/syncs`;

  it('applies syncs in the order of their 202s: a slow upload accepted after a fast one runs after it', async () => {
    const s = await setUpTenant(t.http);
    // The tenant is busy (another run holds it) while both files arrive, as when a long sync is running.
    const busy = new Client({ connectionString: db() });
    await busy.connect();
    try {
      await busy.query('SELECT pg_advisory_lock($1, hashtext($2))', [TENANT_LOCK_NAMESPACE, s.tenantId]);
      const rows = (department: string) =>
        Array.from({ length: 2000 }, (_, i) => userRow(i + 1, { Department: department }));
      // A starts first and streams slowly; its sync row is written (uncommitted) once its COPY runs.
      const a = slowUpload(
        t.http.baseUrl,
        `${syncPath(s)}?action=upsert`,
        s.adminToken,
        csvText([HEADER, ...rows('HR')]),
      );
      await waitFor(
        async () =>
          (
            await busy.query(
              "SELECT 1 FROM pg_stat_activity WHERE datname = current_database() AND query LIKE 'COPY sync_row%'",
            )
          ).rowCount === 1,
        'the slow upload to stage its rows',
      );
      // B starts later and is accepted first.
      const b = await upload(t.http, s.tenantId, s.adminToken, csvText([HEADER, ...rows('Sales')]));
      expect(b.status).toBe(202);
      const aAnswer = await a.finish();
      expect(aAnswer.status).toBe(202);
      await busy.query('SELECT pg_advisory_unlock($1, hashtext($2))', [TENANT_LOCK_NAMESPACE, s.tenantId]);

      const doneA = await waitForSync(t.http, s.tenantId, aAnswer.body.id, s.adminToken, {
        timeoutMs: 90_000,
      });
      const doneB = await waitForSync(t.http, s.tenantId, b.body.id, s.adminToken, { timeoutMs: 90_000 });
      expect([doneB.status, doneA.status]).toEqual(['completed', 'completed']);
      // B first (it added the users), then A (it updated them): A's values are the tenant's.
      expect(doneB.counts).toMatchObject({ added: 2000, updated: 0 });
      expect(doneA.counts).toMatchObject({ added: 0, updated: 2000 });
      expect(Date.parse(doneA.startedAt)).toBeGreaterThanOrEqual(Date.parse(doneB.finishedAt));
      const { rows: departments } = await busy.query(
        "SELECT attributes->>'department' AS department, count(*)::int AS n FROM app_user WHERE tenant_id = $1 GROUP BY 1",
        [s.tenantId],
      );
      expect(departments).toEqual([{ department: 'HR', n: 2000 }]);
    } finally {
      await busy.end();
    }
  });

  it("lets no second run in when the tenant lock's connection alone is killed mid-run, and loses no row", async () => {
    const s = await setUpTenant(t.http);
    const ROWS = 20_000;
    const file = csvText([HEADER, ...Array.from({ length: ROWS }, (_, i) => userRow(i + 1))]);
    const accepted = await upload(t.http, s.tenantId, s.adminToken, file);
    expect(accepted.status).toBe(202);
    const syncId = accepted.body.id;

    const lockHolder = async () =>
      withDb(db(), async (q) => {
        const { rows } = await q.query(
          `SELECT l.pid, s.processed_rows
             FROM pg_locks AS l, sync AS s
            WHERE l.locktype = 'advisory' AND l.granted AND l.classid = $1 AND l.objid = hashtext($2)::oid
              AND s.id = $3 AND s.status = 'processing'`,
          [TENANT_LOCK_NAMESPACE, s.tenantId, syncId],
        );
        return rows[0] as { pid: number; processed_rows: number } | undefined;
      });
    let holder: { pid: number; processed_rows: number } | undefined;
    await waitFor(
      async () => {
        holder = await lockHolder();
        return !!holder && holder.processed_rows > 0;
      },
      'the sync to be processing',
      60_000,
    );
    expect(holder!.processed_rows).toBeLessThan(ROWS);
    // What a failover, a proxy or idle_session_timeout does to the lock's idle connection, and only to it.
    await withDb(db(), (q) => q.query('SELECT pg_terminate_backend($1)', [holder!.pid]));

    const done = await waitForSync(t.http, s.tenantId, syncId, s.adminToken, { timeoutMs: 120_000 });
    expect(done.status).toBe('completed');
    expect(done.error).toBeNull();
    expect(done.counts).toEqual({
      total: ROWS,
      added: ROWS,
      updated: 0,
      unchanged: 0,
      deleted: 0,
      notFound: 0,
      failed: 0,
    });
    const stored = await withDb(db(), async (q) => {
      const records = await q.query(
        `SELECT count(*)::int AS n, count(DISTINCT line)::int AS lines, count(*) FILTER (WHERE outcome = 'added')::int AS added
           FROM sync_record WHERE sync_id = $1`,
        [syncId],
      );
      const users = await q.query(
        'SELECT count(*)::int AS n, count(DISTINCT email)::int AS emails FROM app_user WHERE tenant_id = $1',
        [s.tenantId],
      );
      const fence = await q.query('SELECT fence::int FROM sync_tenant_fence WHERE tenant_id = $1', [
        s.tenantId,
      ]);
      return { records: records.rows[0], users: users.rows[0], fence: fence.rows[0].fence };
    });
    expect(stored.records).toEqual({ n: ROWS, lines: ROWS, added: ROWS });
    expect(stored.users).toEqual({ n: ROWS, emails: ROWS });
    // The run that lost its lock connection gave the tenant up, and a later run took it (a newer fence).
    expect(stored.fence).toBeGreaterThanOrEqual(2);
  });

  it('rolls back the batch of a run whose fence a newer run took, and the sync resumes exactly', async () => {
    const s = await setUpTenant(t.http);
    const ROWS = 20_000;
    const file = csvText([HEADER, ...Array.from({ length: ROWS }, (_, i) => userRow(i + 1))]);
    const accepted = await upload(t.http, s.tenantId, s.adminToken, file);
    const syncId = accepted.body.id;
    await waitFor(
      async () =>
        (await t.http.get(`${syncPath(s)}/${syncId}`, s.adminToken)).body.progress.processedRows > 0,
      'the sync to be processing',
      60_000,
    );
    // A newer run takes the tenant's fence: every later transaction of the running one must roll back, and the
    // sync goes on only once a run has taken the tenant again (a fence newer still).
    const { bumped, status } = await withDb(db(), async (q) => {
      const fence = await q.query(
        'UPDATE sync_tenant_fence SET fence = fence + 1 WHERE tenant_id = $1 RETURNING fence::int',
        [s.tenantId],
      );
      const sync = await q.query('SELECT status FROM sync WHERE id = $1', [syncId]);
      return { bumped: fence.rows[0].fence as number, status: sync.rows[0].status as string };
    });
    expect(status).toBe('processing');
    const done = await waitForSync(t.http, s.tenantId, syncId, s.adminToken, { timeoutMs: 120_000 });
    expect(done.status).toBe('completed');
    expect(done.counts).toMatchObject({ total: ROWS, added: ROWS, failed: 0 });
    const records = await withDb(
      db(),
      async (q) =>
        (await q.query('SELECT count(*)::int AS n FROM sync_record WHERE sync_id = $1', [syncId])).rows[0].n,
    );
    expect(records).toBe(ROWS);
    const fence = await withDb(
      db(),
      async (q) =>
        (await q.query('SELECT fence::int FROM sync_tenant_fence WHERE tenant_id = $1', [s.tenantId])).rows[0]
          .fence,
    );
    expect(fence).toBeGreaterThan(bumped);
  });

  it('answers an honest retry of a dry-run upload with its sync after it was applied, whatever it ended as', async () => {
    const s = await setUpTenant(t.http);
    // One row fails: the applied sync ends completed_with_errors, not completed.
    const file = csvText([HEADER, userRow(1), userRow(2, { Email: 'not-an-email' })]);
    const key = 'preview-then-apply-1';
    const first = await upload(t.http, s.tenantId, s.adminToken, file, { dryRun: true, idempotencyKey: key });
    expect(first.status).toBe(202);
    await waitForSync(t.http, s.tenantId, first.body.id, s.adminToken, { statuses: ['previewed'] });
    const applied = await t.http.post(`${syncPath(s)}/${first.body.id}/apply`, {}, s.adminToken);
    expect(applied.status).toBe(202);
    const done = await waitForSync(t.http, s.tenantId, first.body.id, s.adminToken);
    expect(done.status).toBe('completed_with_errors');

    const retry = await upload(t.http, s.tenantId, s.adminToken, file, { dryRun: true, idempotencyKey: key });
    expect(retry.status).toBe(202);
    expect(retry.body).toMatchObject({ id: first.body.id, status: 'completed_with_errors', dryRun: false });
    expect(retry.body).not.toHaveProperty('requestedDryRun');
    // The same key for what the first upload did not ask for is still refused.
    const asReal = await upload(t.http, s.tenantId, s.adminToken, file, { idempotencyKey: key });
    expect(asReal.status).toBe(409);
    expect(asReal.body.error).toBe('IDEMPOTENCY_KEY_REUSED');
  });
});
