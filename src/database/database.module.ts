// PostgreSQL for every module: MikroORM (entities, small writes) and a node-postgres pool (set-based hot path).
import { MikroOrmModule } from '@mikro-orm/nestjs';
import { DynamicModule, Global, Inject, Injectable, Module, OnApplicationShutdown } from '@nestjs/common';
import { Pool } from 'pg';
import type { AppConfig } from '../config/app-config';
import { createOrmOptions } from './mikro-orm.config';
import { createPgPool, PG_POOL, UPLOAD_PG_POOL } from './pg-pool';

@Injectable()
class PgPoolCloser implements OnApplicationShutdown {
  constructor(
    @Inject(PG_POOL) private readonly pool: Pool,
    @Inject(UPLOAD_PG_POOL) private readonly uploadPool: Pool,
  ) {}

  async onApplicationShutdown(): Promise<void> {
    await Promise.all([this.pool.end(), this.uploadPool.end()]);
  }
}

@Global()
@Module({})
export class DatabaseModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: DatabaseModule,
      imports: [
        // The request-context middleware gives every HTTP request its own EntityManager fork.
        MikroOrmModule.forRoot({ ...createOrmOptions(config), registerRequestContext: true }),
      ],
      providers: [
        { provide: PG_POOL, useFactory: () => createPgPool(config.databaseUrl, config.dbPoolSize) },
        {
          provide: UPLOAD_PG_POOL,
          useFactory: () => createPgPool(config.databaseUrl, config.limits.maxUploadsInFlight, 10_000),
        },
        PgPoolCloser,
      ],
      exports: [PG_POOL, UPLOAD_PG_POOL],
    };
  }
}
