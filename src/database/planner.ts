// Join methods pinned for a statement whose good plan must not depend on table statistics (a table just
// loaded has none, and with autovacuum off it never gets any). SET LOCAL lasts until the end of the
// transaction at most; ALL_JOIN_METHODS gives the planner its choice back right after the statement.
import type { PoolClient, QueryResult, QueryResultRow } from 'pg';

/** Probes an index per row of the (small) batch side, instead of hashing the whole of the other table. */
export const NESTED_LOOP_ONLY = 'SET LOCAL enable_hashjoin = off; SET LOCAL enable_mergejoin = off';

/** Hashes one side and reads the other once, instead of an index probe for each of a million rows. */
export const HASH_JOIN_ONLY = 'SET LOCAL enable_nestloop = off; SET LOCAL enable_mergejoin = off';

export const ALL_JOIN_METHODS = 'RESET enable_nestloop; RESET enable_hashjoin; RESET enable_mergejoin';

/** Runs one statement with the join methods pinned, in the caller's transaction. */
export async function queryWithJoins<R extends QueryResultRow = QueryResultRow>(
  tx: PoolClient,
  joins: JoinMethods,
  sql: string,
  params: unknown[] = [],
): Promise<QueryResult<R>> {
  await tx.query(joins);
  const result = await tx.query<R>(sql, params);
  await tx.query(ALL_JOIN_METHODS);
  return result;
}

type JoinMethods = typeof NESTED_LOOP_ONLY | typeof HASH_JOIN_ONLY;

/** Memory for the hash of a whole file's emails (about 70 MB for a million rows) in the few statements that
 *  build one, instead of spilling it to disk in 16 batches: the mass-delete guard of a 1M-row file took 4.8 s
 *  with the default 4 MB and 1.8 s with this. */
export const FILE_HASH_WORK_MEM = "SET LOCAL work_mem = '128MB'";
