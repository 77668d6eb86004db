// Migrations that change stored data convert what an earlier version wrote, both ways.
import { randomBytes, randomUUID } from 'node:crypto';
import { MikroORM } from '@mikro-orm/postgresql';
import { ensureDatabase } from '../../src/database/ensure-database';
import { createOrmOptions } from '../../src/database/mikro-orm.config';
import { withDb } from '../support/db';
import { runId, TEST_DATABASE_SERVER } from '../support/env';

describe('Migration20261125120000_record_values', () => {
  it('turns the changes of added and deleted records into their values, and back', async () => {
    const databaseUrl = `${TEST_DATABASE_SERVER}/ucs_test_${runId()}_m${randomBytes(4).toString('hex')}`;
    await ensureDatabase(databaseUrl);
    const orm = await MikroORM.init(createOrmOptions({ databaseUrl, dbPoolSize: 2 }));
    try {
      const migrator = orm.getMigrator();
      await migrator.up({ to: 'Migration20261125110000_csv_sync' });
      const syncId = randomUUID();
      const before = {
        added: { firstName: { from: null, to: 'Zoë' }, groups: { from: null, to: ['A', 'B'] } },
        deleted: { firstName: { from: 'Ann', to: null } },
        updated: { department: { from: 'Sales', to: 'R&D' } },
      };
      await withDb(databaseUrl, async (db) => {
        for (const [line, [outcome, changes]] of Object.entries(before).entries()) {
          await db.query(
            'INSERT INTO sync_record (sync_id, line, email, outcome, changes) VALUES ($1, $2, $3, $4, $5)',
            [syncId, line + 2, `u${line}@example.com`, outcome, JSON.stringify(changes)],
          );
        }
        await db.query(
          "INSERT INTO sync_record (sync_id, line, email, outcome) VALUES ($1, 9, 'x@example.com', 'not_found')",
          [syncId],
        );
      });
      const stored = () =>
        withDb(databaseUrl, async (db) => {
          const { rows } = await db.query('SELECT outcome, changes FROM sync_record ORDER BY line');
          return rows.map((r) => [r.outcome, r.changes]);
        });

      await migrator.up();
      expect(await stored()).toEqual([
        ['added', { firstName: 'Zoë', groups: ['A', 'B'] }],
        ['deleted', { firstName: 'Ann' }],
        ['updated', before.updated],
        ['not_found', null],
      ]);

      await migrator.down({ to: 'Migration20261125120000_record_values' });
      expect(await stored()).toEqual([
        ['added', before.added],
        ['deleted', before.deleted],
        ['updated', before.updated],
        ['not_found', null],
      ]);
    } finally {
      await orm.close(true);
    }
  });
});
