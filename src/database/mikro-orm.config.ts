// MikroORM options for the service, the migrate step and the tests, built from the one AppConfig.
import { Migrator } from '@mikro-orm/migrations';
import { defineConfig, PostgreSqlDriver } from '@mikro-orm/postgresql';
import type { AppConfig } from '../config/app-config';
import { ApiToken } from '../auth/api-token.entity';
import { AuditEvent } from '../audit/audit-event.entity';
import { Sync } from '../csv-sync/sync.entity';
import { SyncConfigVersion } from '../tenants/sync-config-version.entity';
import { Tenant } from '../tenants/tenant.entity';
import { MIGRATIONS } from './migrations';

export const ENTITIES = [Tenant, SyncConfigVersion, ApiToken, AuditEvent, Sync];

export function createOrmOptions(config: Pick<AppConfig, 'databaseUrl' | 'dbPoolSize'>) {
  return defineConfig({
    driver: PostgreSqlDriver,
    clientUrl: config.databaseUrl,
    entities: ENTITIES,
    discovery: { warnWhenNoEntities: true },
    pool: { min: 0, max: config.dbPoolSize },
    extensions: [Migrator],
    migrations: {
      tableName: 'mikro_orm_migrations',
      migrationsList: MIGRATIONS,
      transactional: true,
      allOrNothing: true,
      snapshot: false,
      silent: true,
    },
    // Entities are plain data holders here; nothing relies on lazy loading or implicit flushes across requests.
    allowGlobalContext: false,
    debug: false,
  });
}
