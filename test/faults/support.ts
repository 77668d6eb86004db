// What the fault suites share: looks into the database that the API cannot give, and waits on it.
import { withDb } from '../support/db';
import { ServiceProcess, startServiceProcess } from '../support/processes';
import { waitFor } from '../support/wait';

/** The stored state of one sync: its progress counters beside what its batches really wrote. */
export interface SyncState {
  status: string;
  lastLine: number;
  processedRows: number;
  counted: number;
  records: number;
  distinctLines: number;
}

export async function syncState(databaseUrl: string, syncId: string): Promise<SyncState> {
  return withDb(databaseUrl, async (db) => {
    const { rows } = await db.query(
      `SELECT s.status, s.last_line AS "lastLine", s.processed_rows AS "processedRows",
              (s.added + s.updated + s.unchanged + s.deleted + s.not_found + s.failed) AS counted,
              (SELECT count(*)::int FROM sync_record WHERE sync_id = s.id) AS records,
              (SELECT count(DISTINCT line)::int FROM sync_record WHERE sync_id = s.id) AS "distinctLines"
         FROM sync AS s WHERE s.id = $1`,
      [syncId],
    );
    return rows[0] as SyncState;
  });
}

/** Users of a tenant, all of them and those whose attribute `key` has `value`. */
export async function userCounts(
  databaseUrl: string,
  tenantId: string,
  key: string,
  value: string,
): Promise<{ users: number; matching: number }> {
  return withDb(databaseUrl, async (db) => {
    const { rows } = await db.query(
      `SELECT count(*)::int AS users, count(*) FILTER (WHERE attributes->>$2 = $3)::int AS matching
         FROM app_user WHERE tenant_id = $1`,
      [tenantId, key, value],
    );
    return rows[0] as { users: number; matching: number };
  });
}

/** Waits until a statement that starts with `prefix` runs in the database (another process's session). */
export async function waitForStatement(
  databaseUrl: string,
  prefix: string,
  timeoutMs = 60_000,
): Promise<void> {
  await withDb(databaseUrl, async (db) => {
    await waitFor(
      async () => {
        const { rows } = await db.query(
          `SELECT count(*)::int AS n FROM pg_stat_activity
            WHERE datname = current_database() AND pid <> pg_backend_pid() AND state = 'active'
              AND query LIKE $1`,
          [`${prefix}%`],
        );
        return rows[0].n > 0;
      },
      `a statement "${prefix}…"`,
      timeoutMs,
    );
  });
}

/** Waits until no session but the caller's is connected to the database: killed processes' sessions ended. */
export async function waitForNoSessions(databaseUrl: string, timeoutMs = 30_000): Promise<void> {
  await withDb(databaseUrl, async (db) => {
    await waitFor(
      async () => {
        const { rows } = await db.query(
          `SELECT count(*)::int AS n FROM pg_stat_activity
            WHERE datname = current_database() AND pid <> pg_backend_pid()`,
        );
        return rows[0].n === 0;
      },
      'the sessions of the stopped processes to end',
      timeoutMs,
    );
  });
}

/** Service processes start slowly on a busy machine (many test runs at once): the suites wait longer than
 *  the 30 s that startServiceProcess allows by default. */
const START_TIMEOUT_MS = 120_000;

export function startService(env: Record<string, string>): Promise<ServiceProcess> {
  return startServiceProcess(env, START_TIMEOUT_MS);
}
