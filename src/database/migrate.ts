// `npm run migrate` (and the first step of `npm start`): create the database if missing, apply migrations.
import { MikroORM } from '@mikro-orm/postgresql';
import { Client } from 'pg';
import { loadConfig } from '../config/app-config';
import { ensureDatabase } from './ensure-database';
import { createOrmOptions } from './mikro-orm.config';

// Two processes starting together (an API and a worker) take turns: the second finds nothing left to do.
const MIGRATION_LOCK = 'SELECT pg_advisory_lock(hashtext($1))';

export async function migrate(databaseUrl: string): Promise<{ created: boolean; applied: string[] }> {
  const created = await ensureDatabase(databaseUrl);
  const lock = new Client({ connectionString: databaseUrl });
  await lock.connect();
  try {
    await lock.query(MIGRATION_LOCK, ['user-csv-sync:migrate']);
    const orm = await MikroORM.init(createOrmOptions({ databaseUrl, dbPoolSize: 2 }));
    try {
      const applied = await orm.getMigrator().up();
      return { created, applied: applied.map((m) => m.name) };
    } finally {
      await orm.close(true);
    }
  } finally {
    await lock.end(); // ends the session, which releases the lock
  }
}

if (require.main === module) {
  const config = loadConfig();
  migrate(config.databaseUrl).then(
    ({ created, applied }) => {
      const db = config.databaseName;
      process.stdout.write(
        JSON.stringify({
          level: 30,
          time: Date.now(),
          msg: `database ${db}: ${created ? 'created, ' : ''}${applied.length} migration(s) applied`,
          applied,
        }) + '\n',
      );
    },
    (error: unknown) => {
      process.stderr.write(`migration failed: ${error instanceof Error ? error.stack : String(error)}\n`);
      process.exit(1);
    },
  );
}
