// Writes one decided batch of a sync in one transaction: the run's fence is proved first, then the batch's users
// and outcome records are written, and once the batch before it has committed the sync advances past it (and
// the last batch finishes the sync). Users, records and progress commit together or not at all, so a run that
// stops resumes after the last committed batch and applies nothing twice (SPEC §6).
import { Inject, Injectable } from '@nestjs/common';
import { PinoLogger } from 'nestjs-pino';
import type { Pool, PoolClient } from 'pg';
import { AuditService } from '../audit/audit.service';
import { copyLines } from '../database/copy';
import { inTransaction, PG_POOL } from '../database/pg-pool';
import { UserBulkRepository } from '../users/user-bulk.repository';
import type { WriteResult } from './batch-pipeline';
import type { DecidedBatch, OutcomeCounts, RevertRows, RunContext } from './sync-batch-reader';
import { SyncLifecycle } from './sync-lifecycle';
import { COPY_RECORDS, NO_COMMIT_WAIT, RECORD_DELETED_LINES, RECORD_REVERTED_LINES } from './sync.sql';
import { TenantLease, TenantLost } from './tenant-lock';

@Injectable()
export class SyncBatchWriter {
  constructor(
    @Inject(PG_POOL) private readonly pool: Pool,
    private readonly users: UserBulkRepository,
    private readonly lifecycle: SyncLifecycle,
    private readonly audit: AuditService,
    private readonly logger: PinoLogger,
  ) {
    this.logger.setContext(SyncBatchWriter.name);
  }

  /**
   * Two batches of a sync may be written at once (BatchPipeline): no two batches touch the same user, as the
   * emails of a file are distinct (a repeat fails as DUPLICATE_IN_FILE), and the tenant's fence keeps every
   * other run away. `before` settles when the batch before this one has committed; this one advances the sync
   * only then, so batches commit in the order of the file. 'stop': the sync was cancelled meanwhile, and the
   * batch was rolled back.
   */
  async write(
    lease: TenantLease,
    context: RunContext,
    batch: DecidedBatch,
    before: Promise<void>,
  ): Promise<WriteResult> {
    try {
      return await this.writeInTransaction(lease, context, batch, before);
    } catch (error) {
      if (error instanceof BatchStopped) return 'stop';
      throw error;
    }
  }

  private writeInTransaction(
    lease: TenantLease,
    context: RunContext,
    batch: DecidedBatch,
    before: Promise<void>,
  ): Promise<WriteResult> {
    return inTransaction(this.pool, async (tx) => {
      await lease.hold(tx);
      // A batch before the last commits without waiting for its WAL to reach the disk. If PostgreSQL
      // crashed right after, the batch would be lost whole (users, records and progress together) and the
      // sync would resume before it; the upload and the sync's final batch still commit durably.
      if (!batch.last) await tx.query(NO_COMMIT_WAIT);
      const { rows, counts } =
        context.rows.kind === 'revert'
          ? await this.revertRows(tx, context, context.rows, batch)
          : { rows: batch.size, counts: await this.writeRows(tx, context, batch) };
      await before;
      const advanced = await this.lifecycle.advance(tx, context.syncId, {
        after: batch.after,
        lastLine: batch.lastLine,
        rows,
        counts,
      });
      if (!advanced) return this.notAdvanced(tx, lease, context, batch);
      if (batch.last) await this.finish(tx, context);
      return 'written';
    });
  }

  /** A batch's users and outcome records; a window without rows (empty lines, or a cell with many line breaks)
   *  writes none and only moves the sync's last line. */
  private async writeRows(tx: PoolClient, context: RunContext, batch: DecidedBatch): Promise<OutcomeCounts> {
    const counts = { ...batch.counts };
    if (!context.dryRun) await this.users.apply(tx, batch.users);
    if (batch.deleteSkipping && batch.size > batch.deleteSkipping.length) {
      const [deleted] = await this.users.deleteByStagedLines<{ deleted: number; not_found: number }>(
        tx,
        {
          syncId: context.syncId,
          after: batch.after,
          until: batch.lastLine,
          tenantId: context.tenantId,
          skipLines: batch.deleteSkipping,
        },
        RECORD_DELETED_LINES,
      );
      counts.deleted += deleted.deleted;
      counts.not_found += deleted.not_found;
    }
    await copyLines(tx, COPY_RECORDS, batch.records);
    return counts;
  }

  /** A revert's window: its users undone where they are as the reverted sync left them (or, in a dry run, only
   *  looked at), and its outcome records, by one statement. */
  private async revertRows(
    tx: PoolClient,
    context: RunContext,
    names: RevertRows,
    batch: DecidedBatch,
  ): Promise<{ rows: number; counts: OutcomeCounts }> {
    const [{ rows, ...counts }] = await this.users.revertByStagedLines<OutcomeCounts & { rows: number }>(
      tx,
      {
        syncId: context.syncId,
        after: batch.after,
        until: batch.lastLine,
        tenantId: context.tenantId,
        apply: !context.dryRun,
      },
      RECORD_REVERTED_LINES,
      [names.keys, names.columns, names.emailColumn],
    );
    return { rows, counts };
  }

  /** Rolled back: the sync was cancelled (the run stops), or its last line is not where this batch begins,
   *  which only another run could have done (the run lost its tenant). */
  private async notAdvanced(
    tx: PoolClient,
    lease: TenantLease,
    context: RunContext,
    batch: DecidedBatch,
  ): Promise<WriteResult> {
    const { rows } = await tx.query<{ status: string; last_line: number }>(
      'SELECT status, last_line FROM sync WHERE id = $1',
      [context.syncId],
    );
    if (rows[0]?.status !== 'processing') throw new BatchStopped();
    throw new TenantLost(
      lease.tenantId,
      `sync ${context.syncId} is at line ${rows[0].last_line}, not at ${batch.after}`,
    );
  }

  private async finish(tx: PoolClient, context: RunContext): Promise<void> {
    const finished = await this.lifecycle.finish(tx, context.syncId);
    if (!finished) throw new Error(`sync ${context.syncId} could not be finished`);
    const { tenant_id: tenantId, dry_run: dryRun, status, ...counts } = finished;
    await this.audit.recordWith(tx, {
      tenantId,
      actor: 'system',
      action: dryRun ? 'sync.previewed' : 'sync.completed',
      details: { syncId: context.syncId, status, counts },
    });
    this.logger.info(
      { syncId: context.syncId, tenantId, status, rows: counts.processed_rows },
      'sync finished',
    );
  }
}

/** The sync is no longer processing (cancelled): the batch is rolled back and the run stops. */
export class BatchStopped extends Error {
  constructor() {
    super('the sync stopped processing');
    this.name = 'BatchStopped';
  }
}
