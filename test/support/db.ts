// Direct looks into a test database, for what the API cannot show (e.g. that a refused upload stored nothing).
import { Client } from 'pg';

export async function withDb<T>(databaseUrl: string, work: (db: Client) => Promise<T>): Promise<T> {
  const db = new Client({ connectionString: databaseUrl });
  await db.connect();
  try {
    return await work(db);
  } finally {
    await db.end();
  }
}

export async function storedCounts(databaseUrl: string, tenantId: string) {
  return withDb(databaseUrl, async (db) => {
    const { rows } = await db.query(
      `SELECT (SELECT count(*)::int FROM sync WHERE tenant_id = $1) AS syncs,
              (SELECT count(*)::int FROM sync_row r JOIN sync s ON s.id = r.sync_id WHERE s.tenant_id = $1) AS staged,
              (SELECT count(*)::int FROM sync_record r JOIN sync s ON s.id = r.sync_id WHERE s.tenant_id = $1) AS records,
              (SELECT count(*)::int FROM app_user WHERE tenant_id = $1) AS users,
              (SELECT count(*)::int FROM sync_row) AS "allStaged"`,
      [tenantId],
    );
    return rows[0] as { syncs: number; staged: number; records: number; users: number; allStaged: number };
  });
}

/** Waits until no sync of the tenant is queued or processing, so that counts taken next stay still. */
export async function settled(databaseUrl: string, tenantId: string): Promise<void> {
  await withDb(databaseUrl, async (db) => {
    for (let i = 0; i < 1200; i += 1) {
      const { rows } = await db.query(
        "SELECT count(*)::int AS busy FROM sync WHERE tenant_id = $1 AND status IN ('queued', 'processing')",
        [tenantId],
      );
      if (rows[0].busy === 0) return;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    throw new Error(`The syncs of ${tenantId} did not settle`);
  });
}
