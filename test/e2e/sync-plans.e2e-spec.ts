// The statements of a sync batch read the rows of the batch and no others, whether or not PostgreSQL has
// statistics on the tables (a table just loaded has none; with autovacuum off it never gets any). A plan that
// reads a whole tenant or the rest of a file for each batch makes a large sync quadratic in its size.
import { randomUUID } from 'node:crypto';
import type { Client } from 'pg';
import {
  LAST_STAGED_LINE,
  RECORD_DELETED_LINES,
  RECORD_REVERTED_LINES,
  SELECT_BATCH,
  STAGE_REVERT_ROWS,
} from '../../src/csv-sync/sync.sql';
import { ALL_JOIN_METHODS, HASH_JOIN_ONLY, NESTED_LOOP_ONLY } from '../../src/database/planner';
import {
  APPLY_CHANGED_USERS,
  COUNT_STAGED_MATCHES,
  COUNT_USERS_UP_TO,
  CREATE_CHANGED_USERS,
  deleteByStagedLines,
  SELECT_USERS_BY_EMAIL,
} from '../../src/users/user-bulk.sql';
import { COUNT_REVERT_DELETES, revertByStagedLines } from '../../src/users/user-revert.sql';

/** A delete's batch as SyncBatchWriter runs it: the users' statement with the sync's outcome records. */
const APPLY_DELETE_BATCH = deleteByStagedLines(RECORD_DELETED_LINES);
/** A revert's batch as SyncBatchWriter runs it. */
const APPLY_REVERT_BATCH = revertByStagedLines(RECORD_REVERTED_LINES);
import { createTestEnvironment, TestEnvironment } from '../support/app';
import { withDb } from '../support/db';

const TENANT = 'plans';
const USERS = 30_000;
const BATCH = 2_000;

interface PlanNode {
  'Node Type': string;
  'Actual Rows': number;
  'Actual Loops': number;
  'Rows Removed by Filter'?: number;
  'Rows Removed by Index Recheck'?: number;
  Plans?: PlanNode[];
}

/** Rows that the table and index scans of a statement looked at (returned or filtered out), over all loops.
 *  Scans of a function's result or of a WITH query's rows, already in memory, do not count. */
async function rowsScanned(db: Client, sql: string, params: unknown[]): Promise<number> {
  const { rows } = await db.query(`EXPLAIN (ANALYZE, FORMAT JSON) ${sql}`, params);
  const visit = (node: PlanNode): number => {
    const own =
      node['Node Type'].endsWith('Scan') && !['Function Scan', 'CTE Scan'].includes(node['Node Type'])
        ? (node['Actual Rows'] +
            (node['Rows Removed by Filter'] ?? 0) +
            (node['Rows Removed by Index Recheck'] ?? 0)) *
          node['Actual Loops']
        : 0;
    return own + (node.Plans ?? []).reduce((sum, child) => sum + visit(child), 0);
  };
  return visit(rows[0]['QUERY PLAN'][0].Plan as PlanNode);
}

/** The most times any table or index scan of a statement ran: 1 when each is read once. */
async function mostScanLoops(db: Client, sql: string, params: unknown[]): Promise<number> {
  const { rows } = await db.query(`EXPLAIN (ANALYZE, FORMAT JSON) ${sql}`, params);
  const visit = (node: PlanNode): number =>
    Math.max(node['Node Type'].endsWith('Scan') ? node['Actual Loops'] : 0, ...(node.Plans ?? []).map(visit));
  return visit(rows[0]['QUERY PLAN'][0].Plan as PlanNode);
}

/** Runs `work` in a transaction that is rolled back: EXPLAIN ANALYZE of a write really writes. */
async function rolledBack<T>(db: Client, work: () => Promise<T>): Promise<T> {
  await db.query('BEGIN');
  try {
    return await work();
  } finally {
    await db.query('ROLLBACK');
  }
}

describe('the statements of a sync batch (plans)', () => {
  let environment: TestEnvironment;
  const syncId = randomUUID();
  beforeAll(async () => {
    environment = await createTestEnvironment();
    await withDb(environment.databaseUrl, async (db) => {
      await db.query(
        `INSERT INTO app_user (tenant_id, email, attributes)
         SELECT $1, 'user' || g || '@example.com', jsonb_build_object('firstName', 'Zoë', 'n', g)
           FROM generate_series(1, $2::int) AS g`,
        [TENANT, USERS],
      );
      await db.query(
        `INSERT INTO sync_row (sync_id, line, email, cells)
         SELECT $1, g + 1, 'user' || g || '@example.com', '["a", "b"]'::jsonb FROM generate_series(1, $2::int) AS g`,
        [syncId, USERS],
      );
    });
  });

  const emails = Array.from({ length: BATCH }, (_, i) => `user${10_000 + i * 3}@example.com`);

  // Each case runs on the tables as loaded (no statistics) and again after ANALYZE.
  describe.each([
    ['without statistics', false],
    ['with statistics', true],
  ])('%s', (_name, analyze) => {
    beforeAll(async () => {
      if (analyze) await withDb(environment.databaseUrl, (db) => db.query('ANALYZE app_user, sync_row'));
    });

    it('looks up the users of a batch with one index probe per email', async () => {
      const lookup = [...emails, 'nobody@example.com'];
      const scanned = await withDb(environment.databaseUrl, (db) =>
        rowsScanned(db, SELECT_USERS_BY_EMAIL, [TENANT, lookup]),
      );
      // EXPLAIN rounds the rows per loop: an email that is not there still counts as one.
      expect(scanned).toBeLessThanOrEqual(lookup.length);
    });

    it('reads the staged rows of one window of lines, not the rest of the file', async () => {
      await withDb(environment.databaseUrl, async (db) => {
        expect((await db.query(LAST_STAGED_LINE, [syncId])).rows[0].line).toBe(USERS + 1);
        // A bitmap scan counts the window's rows twice (index, then table).
        expect(await rowsScanned(db, SELECT_BATCH, [syncId, 20_000, 20_000 + BATCH])).toBeLessThanOrEqual(
          2 * BATCH,
        );
      });
    });

    it("counts a large tenant's users only up to what a small file could delete (the guard's first step)", async () => {
      await withDb(environment.databaseUrl, async (db) => {
        // Ten rows against a guard of 50%: more than 21 users and the guard cannot stop the file.
        expect((await db.query(COUNT_USERS_UP_TO, [TENANT, 21])).rows[0].users).toBe(21);
        // A bitmap scan would count its rows twice (index, then table); either way not the 30,000 users.
        expect(await rowsScanned(db, COUNT_USERS_UP_TO, [TENANT, 21])).toBeLessThanOrEqual(2 * 21);
        expect((await db.query(COUNT_USERS_UP_TO, [TENANT, USERS + 5])).rows[0].users).toBe(USERS);
      });
    });

    it('counts the users a delete file names (the mass-delete guard) reading each table once', async () => {
      await withDb(environment.databaseUrl, async (db) => {
        const { loops, counts } = await rolledBack(db, async () => {
          await db.query(HASH_JOIN_ONLY);
          const result = {
            loops: await mostScanLoops(db, COUNT_STAGED_MATCHES, [syncId, TENANT]),
            counts: (await db.query(COUNT_STAGED_MATCHES, [syncId, TENANT])).rows[0],
          };
          await db.query(ALL_JOIN_METHODS);
          return result;
        });
        expect(counts).toEqual({ users: USERS, matched: USERS });
        expect(loops).toBe(1);
      });
    });

    it('deletes a batch of staged rows with one index probe per row, reading only its window', async () => {
      await withDb(environment.databaseUrl, async (db) => {
        // Lines 20,002..22,001 name user20001..user22000; two of them failed in the worker and are left out.
        const params = [syncId, 20_001, 20_001 + BATCH, TENANT, [20_002, 20_003]];
        const { scanned, counts, records } = await rolledBack(db, async () => ({
          scanned: await rowsScanned(db, APPLY_DELETE_BATCH, params),
          counts: (await db.query('SELECT count(*)::int AS n FROM app_user WHERE tenant_id = $1', [TENANT]))
            .rows[0].n,
          records: (
            await db.query(
              `SELECT outcome, count(*)::int AS n, min(line) AS first, max(line) AS last
                 FROM sync_record WHERE sync_id = $1 GROUP BY outcome`,
              [syncId],
            )
          ).rows,
        }));
        expect(counts).toBe(USERS - (BATCH - 2));
        expect(records).toEqual([{ outcome: 'deleted', n: BATCH - 2, first: 20_004, last: 20_001 + BATCH }]);
        // The window's rows, one probe of the email index and one of the primary key per user (a bitmap scan
        // counts its rows twice, index then table): never the rest of the file or of the tenant.
        expect(scanned).toBeLessThanOrEqual(5 * BATCH);
      });
    });

    it('updates the users of a batch through the primary key', async () => {
      await withDb(environment.databaseUrl, async (db) => {
        const { rows } = await db.query<{ id: string }>(
          'SELECT id FROM app_user WHERE tenant_id = $1 AND email = ANY($2::text[])',
          [TENANT, emails],
        );
        expect(rows).toHaveLength(BATCH);
        const ids = rows.map((r) => r.id);
        const updated = await rolledBack(db, async () => {
          await db.query(CREATE_CHANGED_USERS);
          await db.query(
            `INSERT INTO changed_user (id, attributes) SELECT id, '{"firstName": "René"}' FROM unnest($1::uuid[]) AS id`,
            [ids],
          );
          await db.query(NESTED_LOOP_ONLY);
          const scanned = await rowsScanned(db, APPLY_CHANGED_USERS, []);
          await db.query(ALL_JOIN_METHODS);
          return scanned;
        });
        // The changed users once (the temporary table), and each user once through the primary key.
        expect(updated).toBeLessThanOrEqual(2 * BATCH);
      });
    });
  });
});

describe('the statements of a revert batch (plans)', () => {
  let environment: TestEnvironment;
  // A revert staged from the records of an upsert that added the even users and changed the first name of the
  // odd ones; and the records of two syncs, a small one to be reverted beside a large one.
  const revertId = randomUUID();
  const smallSyncId = randomUUID();
  const largeSyncId = randomUUID();
  const SMALL = 2_000;
  beforeAll(async () => {
    environment = await createTestEnvironment();
    await withDb(environment.databaseUrl, async (db) => {
      await db.query(
        `INSERT INTO app_user (tenant_id, email, attributes)
         SELECT $1, 'user' || g || '@example.com', jsonb_build_object('firstName', 'Zoë', 'n', g)
           FROM generate_series(1, $2::int) AS g`,
        [TENANT, USERS],
      );
      await db.query(
        `INSERT INTO sync_row (sync_id, line, email, cells, outcome, changes)
         SELECT $1, g + 1, 'user' || g || '@example.com', '[]', CASE WHEN g % 2 = 0 THEN 'added' ELSE 'updated' END,
                CASE WHEN g % 2 = 0 THEN json_build_object('firstName', 'Zoë', 'n', g)
                     ELSE '{"firstName": {"from": "Ann", "to": "Zoë"}}'::json END
           FROM generate_series(1, $2::int) AS g`,
        [revertId, USERS],
      );
      await db.query(
        `INSERT INTO sync_record (sync_id, line, email, outcome, changes)
         SELECT CASE WHEN g <= $3 THEN $1::uuid ELSE $2::uuid END, g + 1, 'user' || g || '@example.com', 'added',
                '{"firstName": "Zoë"}'::json
           FROM generate_series(1, $4::int) AS g`,
        [smallSyncId, largeSyncId, SMALL, USERS],
      );
    });
  });

  describe.each([
    ['without statistics', false],
    ['with statistics', true],
  ])('%s', (_name, analyze) => {
    beforeAll(async () => {
      if (analyze) {
        await withDb(environment.databaseUrl, (db) => db.query('ANALYZE app_user, sync_row, sync_record'));
      }
    });

    it('reverts a batch of staged records with one index probe per row, reading only its window', async () => {
      await withDb(environment.databaseUrl, async (db) => {
        // Lines 20,002..22,001: 1,000 added users as the sync left them (deleted) and 1,000 updated ones whose
        // first name is still the sync's (it goes back).
        const params = [
          revertId,
          20_001,
          20_001 + BATCH,
          TENANT,
          true,
          ['firstName'],
          ['First Name'],
          'Email',
        ];
        const { scanned, counts, users } = await rolledBack(db, async () => {
          await db.query(NESTED_LOOP_ONLY);
          const scannedRows = await rowsScanned(db, APPLY_REVERT_BATCH, params);
          await db.query(ALL_JOIN_METHODS);
          return {
            scanned: scannedRows,
            counts: (
              await db.query(
                'SELECT outcome, count(*)::int AS n FROM sync_record WHERE sync_id = $1 GROUP BY outcome ORDER BY 1',
                [revertId],
              )
            ).rows,
            users: (
              await db.query(
                `SELECT count(*)::int AS n, count(*) FILTER (WHERE attributes ->> 'firstName' = 'Ann')::int AS ann
                   FROM app_user WHERE tenant_id = $1`,
                [TENANT],
              )
            ).rows[0],
          };
        });
        expect(counts).toEqual([
          { outcome: 'deleted', n: BATCH / 2 },
          { outcome: 'updated', n: BATCH / 2 },
        ]);
        expect(users).toEqual({ n: USERS - BATCH / 2, ann: BATCH / 2 });
        // The window's rows, one probe of the email index per row, one of the primary key per user deleted or
        // changed (a bitmap scan counts its rows twice): never the rest of the revert or of the tenant.
        expect(scanned).toBeLessThanOrEqual(5 * BATCH);
      });
    });

    it('stages the records of the reverted sync alone', async () => {
      await withDb(environment.databaseUrl, async (db) => {
        const { scanned, staged } = await rolledBack(db, async () => ({
          scanned: await rowsScanned(db, STAGE_REVERT_ROWS, [randomUUID(), smallSyncId]),
          staged: (await db.query(STAGE_REVERT_ROWS, [randomUUID(), smallSyncId])).rowCount,
        }));
        expect(staged).toBe(SMALL);
        // A bitmap scan counts the sync's records twice; the other sync's 28,000 are never read.
        expect(scanned).toBeLessThanOrEqual(2 * SMALL);
      });
    });

    it('counts the users a revert would delete (the mass-delete guard) reading each table once', async () => {
      await withDb(environment.databaseUrl, async (db) => {
        const { loops, counts } = await rolledBack(db, async () => {
          await db.query(HASH_JOIN_ONLY);
          const result = {
            loops: await mostScanLoops(db, COUNT_REVERT_DELETES, [revertId, TENANT]),
            counts: (await db.query(COUNT_REVERT_DELETES, [revertId, TENANT])).rows[0],
          };
          await db.query(ALL_JOIN_METHODS);
          return result;
        });
        expect(counts).toEqual({ users: USERS, matched: USERS / 2 });
        expect(loops).toBe(1);
      });
    });
  });
});
