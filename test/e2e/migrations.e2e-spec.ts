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

describe('Migration20261209100000_revert', () => {
  it('lets syncs be reverts and records keep user ids; down removes the reverts and keeps every other sync', async () => {
    const databaseUrl = `${TEST_DATABASE_SERVER}/ucs_test_${runId()}_m${randomBytes(4).toString('hex')}`;
    await ensureDatabase(databaseUrl);
    const orm = await MikroORM.init(createOrmOptions({ databaseUrl, dbPoolSize: 2 }));
    try {
      const migrator = orm.getMigrator();
      await migrator.up({ to: 'Migration20261202100000_engine' });
      const insertSync = `
        INSERT INTO sync (id, tenant_id, action, dry_run, status, file_name, actor, config_version, encoding,
                          delimiter, header %s)
        VALUES ($1, 't', $2, false, 'completed', 'f.csv', 'a', 1, 'utf-8', ',', '[]' %s)`;
      const upload = randomUUID();
      await withDb(databaseUrl, async (db) => {
        await db.query("INSERT INTO tenant (id, name) VALUES ('t', 'T')");
        await db.query(insertSync.replace(/%s/g, ''), [upload, 'upsert']);
        await expect(db.query(insertSync.replace(/%s/g, ''), [randomUUID(), 'revert'])).rejects.toThrow(
          /sync_action_check/,
        );
      });

      await migrator.up();
      const revertId = randomUUID();
      await withDb(databaseUrl, async (db) => {
        await db.query(insertSync.replace('%s', ', revert_of').replace('%s', ', $3'), [
          revertId,
          'revert',
          upload,
        ]);
        // A revert names its sync, and an upload names none.
        await expect(db.query(insertSync.replace(/%s/g, ''), [randomUUID(), 'revert'])).rejects.toThrow(
          /sync_revert_of_check/,
        );
        // A second revert of the sync that is not failed or cancelled is refused.
        await expect(
          db.query(insertSync.replace('%s', ', revert_of').replace('%s', ', $3'), [
            randomUUID(),
            'revert',
            upload,
          ]),
        ).rejects.toThrow(/sync_live_revert_idx/);
        await db.query(
          "INSERT INTO sync_record (sync_id, line, email, outcome, user_id) VALUES ($1, 2, 'a@x', 'deleted', $2)",
          [revertId, randomUUID()],
        );
      });

      await migrator.down({ to: 'Migration20261202100000_engine' });
      const left = await withDb(databaseUrl, async (db) => ({
        syncs: (await db.query('SELECT id, action FROM sync')).rows,
        records: (await db.query('SELECT count(*)::int AS n FROM sync_record')).rows[0].n,
      }));
      expect(left).toEqual({ syncs: [{ id: upload, action: 'upsert' }], records: 0 });
      await migrator.up();
    } finally {
      await orm.close(true);
    }
  });
});
