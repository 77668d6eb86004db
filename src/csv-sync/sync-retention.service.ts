// Retention of the sync logs: syncs and their records older than LOG_RETENTION_DAYS are purged by a repeatable
// Bull job, and each purge is itself written to the audit trail. Audit events are kept.
import { InjectQueue } from '@nestjs/bull';
import { Inject, Injectable, OnApplicationBootstrap } from '@nestjs/common';
import type { Queue } from 'bull';
import { PinoLogger } from 'nestjs-pino';
import { Pool } from 'pg';
import { AuditService } from '../audit/audit.service';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { inTransaction, PG_POOL } from '../database/pg-pool';
import { PURGE_CRON, SYNC_QUEUE, SyncJob } from './sync-queue.constants';
import {
  PURGE_LEFTOVER_STAGED_ROWS,
  PURGE_RECORDS,
  PURGE_STAGED_ROWS,
  PURGE_SYNCS,
  SELECT_EXPIRED_SYNCS,
} from './sync.sql';

const DAY_MS = 86_400_000;
/** Syncs purged per transaction, so that a large backlog does not hold one huge transaction. */
const PURGE_CHUNK = 100;

export interface PurgeResult {
  cutoff: string;
  syncs: number;
  records: number;
  stagedRows: number;
}

@Injectable()
export class SyncRetention implements OnApplicationBootstrap {
  constructor(
    @Inject(PG_POOL) private readonly pool: Pool,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @InjectQueue(SYNC_QUEUE) private readonly queue: Queue,
    private readonly audit: AuditService,
    private readonly logger: PinoLogger,
  ) {
    this.logger.setContext(SyncRetention.name);
  }

  /** Bull keys a repeatable job by name and schedule, so every worker adding it leaves one schedule. */
  async onApplicationBootstrap(): Promise<void> {
    try {
      await this.queue.add(
        SyncJob.PurgeLogs,
        {},
        { repeat: { cron: PURGE_CRON, tz: 'UTC' }, removeOnComplete: true, removeOnFail: 10 },
      );
    } catch (error) {
      this.logger.warn(
        { err: error },
        'could not schedule the log purge; it will be scheduled at the next start',
      );
    }
  }

  async purge(now = new Date()): Promise<PurgeResult> {
    const cutoff = new Date(now.getTime() - this.config.logRetentionDays * DAY_MS);
    const leftovers = await this.pool.query(PURGE_LEFTOVER_STAGED_ROWS);
    const result: PurgeResult = {
      cutoff: cutoff.toISOString(),
      syncs: 0,
      records: 0,
      stagedRows: leftovers.rowCount ?? 0,
    };
    const { rows } = await this.pool.query<{ id: string }>(SELECT_EXPIRED_SYNCS, [cutoff]);
    for (let i = 0; i < rows.length; i += PURGE_CHUNK) {
      const ids = rows.slice(i, i + PURGE_CHUNK).map((r) => r.id);
      await inTransaction(this.pool, async (tx) => {
        result.records += (await tx.query(PURGE_RECORDS, [ids])).rowCount ?? 0;
        result.stagedRows += (await tx.query(PURGE_STAGED_ROWS, [ids])).rowCount ?? 0;
        result.syncs += (await tx.query(PURGE_SYNCS, [ids])).rowCount ?? 0;
      });
    }
    await this.audit.recordWith(this.pool, {
      tenantId: null,
      actor: 'system',
      action: 'logs.purged',
      details: { ...result, retentionDays: this.config.logRetentionDays },
    });
    this.logger.info(result, 'sync logs purged');
    return result;
  }
}
