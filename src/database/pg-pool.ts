// The plain node-postgres pool for the set-based hot path (COPY, unnest batches), beside MikroORM's pool.
import { Pool, PoolClient } from 'pg';

export const PG_POOL = Symbol('PG_POOL');
/** The uploads' own pool, of MAX_UPLOADS_IN_FLIGHT connections: an upload holds one while it streams the client's
 *  body into COPY, and must never take one that other requests or the workers wait for. */
export const UPLOAD_PG_POOL = Symbol('UPLOAD_PG_POOL');

export function createPgPool(databaseUrl: string, max: number, idleTimeoutMillis = 30_000): Pool {
  const pool = new Pool({ connectionString: databaseUrl, max, idleTimeoutMillis, keepAlive: true });
  // A connection lost to a PostgreSQL restart emits 'error': on the pool for an idle client, on the client
  // itself while it is checked out between two queries of a transaction. Without listeners the process would
  // crash; with them the loss surfaces where it matters, as the failure of the next query, and the broken
  // client is discarded on release.
  pool.on('error', () => undefined);
  pool.on('connect', (client) => client.on('error', () => undefined));
  return pool;
}

/** Runs `work` in one transaction on one connection; rolls back on any error. */
export async function inTransaction<T>(pool: Pool, work: (client: PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  let broken = false;
  try {
    await client.query('BEGIN');
    const result = await work(client);
    await client.query('COMMIT');
    return result;
  } catch (error) {
    try {
      await client.query('ROLLBACK');
    } catch {
      broken = true;
    }
    throw error;
  } finally {
    client.release(broken);
  }
}
