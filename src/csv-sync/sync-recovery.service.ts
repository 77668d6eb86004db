// Finds accepted syncs that are not final in PostgreSQL and puts their tenants back on the queue, on start and
// then periodically: Redis may come back empty, and Bull fails a job that stalled too often (SPEC §6).
import { Inject, Injectable, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { PinoLogger } from 'nestjs-pino';
import { Pool } from 'pg';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { PG_POOL } from '../database/pg-pool';
import { SyncQueue } from './sync-queue.service';
import { TENANTS_WITH_RUNNABLE_SYNCS } from './sync.sql';

@Injectable()
export class SyncRecovery implements OnApplicationBootstrap, OnApplicationShutdown {
  private timer?: NodeJS.Timeout;

  constructor(
    @Inject(PG_POOL) private readonly pool: Pool,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly queue: SyncQueue,
    private readonly logger: PinoLogger,
  ) {
    this.logger.setContext(SyncRecovery.name);
  }

  onApplicationBootstrap(): void {
    void this.sweep();
    this.timer = setInterval(() => void this.sweep(), this.config.recoveryIntervalMs);
    this.timer.unref();
  }

  onApplicationShutdown(): void {
    clearInterval(this.timer);
  }

  async sweep(): Promise<number> {
    try {
      const { rows } = await this.pool.query<{ tenant_id: string }>(TENANTS_WITH_RUNNABLE_SYNCS);
      // One job id per tenant and interval: workers sweeping at the same time add one job, not one each.
      const slot = Math.floor(Date.now() / this.config.recoveryIntervalMs);
      for (const { tenant_id: tenantId } of rows) {
        await this.queue.drainTenant(tenantId, null, `recover:${tenantId}:${slot}`);
      }
      if (rows.length) this.logger.debug({ tenants: rows.length }, 'recovery sweep enqueued tenants');
      return rows.length;
    } catch (error) {
      this.logger.warn({ err: error }, 'recovery sweep failed; trying again at the next interval');
      return 0;
    }
  }
}
