// Applies a tenant's syncs in the background: holding the tenant (TenantLock), one sync at a time in the order
// they were accepted, each through the batch pipeline (runPipeline: SyncBatchReader, then SyncBatchWriter).
// A retried job resumes after the last committed batch and applies nothing twice (SPEC §6).
import { Inject, Injectable } from '@nestjs/common';
import { PinoLogger } from 'nestjs-pino';
import type { Pool, PoolClient } from 'pg';
import { checkHeader, compileRowParser, SyncAction, SyncConfig } from '../../libs/values';
import { AuditService } from '../audit/audit.service';
import { loggableError } from '../common/loggable-error';
import { FILE_HASH_WORK_MEM } from '../database/planner';
import { inTransaction, PG_POOL } from '../database/pg-pool';
import { TenantsService } from '../tenants/tenants.service';
import { UserBulkRepository } from '../users/user-bulk.repository';
import { runPipeline } from './batch-pipeline';
import { DecidedBatch, FileRows, RevertRows, RunContext, SyncBatchReader } from './sync-batch-reader';
import { SyncBatchWriter } from './sync-batch-writer';
import { SyncEvaluator } from './sync-evaluation';
import { SyncLifecycle } from './sync-lifecycle';
import type { StoredSyncAction, SyncStatus, SyncWarning } from './sync.entity';
import { DELETE_STAGED_ROWS, LAST_STAGED_LINE, LOCK_SYNC, MARK_DUPLICATES, NEXT_RUNNABLE } from './sync.sql';
import { TenantLease, TenantLock, TenantLost } from './tenant-lock';
import { WorkerStop, WorkerStopping } from './worker-stop';

/** Below this many users the mass-delete guard does not apply (SPEC §6). */
const GUARD_MIN_USERS = 10;
/** Batches written at once by one run: PostgreSQL works on two cores while the next batch is decided. */
const WRITES_IN_FLIGHT = 2;

interface LockedSync {
  id: string;
  tenant_id: string;
  status: SyncStatus;
  dry_run: boolean;
  action: StoredSyncAction;
  last_line: number;
  config_version: number;
  header: string[];
  delimiter: string;
  rows_prepared: boolean;
  confirmed: boolean;
  total_rows: number;
  failed: number;
}

@Injectable()
export class SyncRunner {
  constructor(
    @Inject(PG_POOL) private readonly pool: Pool,
    private readonly tenantLock: TenantLock,
    private readonly lifecycle: SyncLifecycle,
    private readonly reader: SyncBatchReader,
    private readonly writer: SyncBatchWriter,
    private readonly users: UserBulkRepository,
    private readonly tenants: TenantsService,
    private readonly audit: AuditService,
    private readonly logger: PinoLogger,
    private readonly stop: WorkerStop,
  ) {
    this.logger.setContext(SyncRunner.name);
  }

  /**
   * Applies the runnable syncs of a tenant, in order, while holding the tenant; returns at once when another
   * run holds it. Throws a passing fault (a lost connection, a lost tenant) for the job to be retried; the
   * tenant is given up only once every transaction of the run has settled.
   */
  async drainTenant(tenantId: string): Promise<void> {
    for (;;) {
      const lease = await this.tenantLock.acquire(tenantId);
      if (!lease) return;
      try {
        for (let next = await this.nextRunnable(tenantId); next; next = await this.nextRunnable(tenantId)) {
          lease.check();
          this.stop.check();
          await this.run(lease, next);
          if ((await this.nextRunnable(tenantId)) === next) {
            lease.check();
            throw new Error(`sync ${next} is still runnable after its run`);
          }
        }
      } finally {
        await lease.release();
      }
      // A sync accepted between the last look and the release found the tenant taken and left it to us.
      if (!(await this.nextRunnable(tenantId))) return;
    }
  }

  private async nextRunnable(tenantId: string): Promise<string | null> {
    const { rows } = await this.pool.query<{ id: string }>(NEXT_RUNNABLE, [tenantId]);
    return rows[0]?.id ?? null;
  }

  /** Runs one sync to a final or parked status. Only a passing fault (connection lost) is thrown, for a retry. */
  private async run(lease: TenantLease, syncId: string): Promise<void> {
    try {
      const context = await this.prepare(lease, syncId);
      if (!context) return;
      await runPipeline<DecidedBatch>(
        {
          read: (previous) =>
            previous
              ? previous.last
                ? Promise.resolve(null)
                : this.reader.read(context, previous.lastLine)
              : this.reader.read(context, context.lastLine),
          write: (batch, before) => this.writer.write(lease, context, batch, before),
          release: (batch) => batch.release(),
          // A stopping worker (SIGTERM) ends the run at the next batch boundary, once its writes settled.
          shouldStop: () => lease.lost || this.stop.requested,
        },
        { writesInFlight: WRITES_IN_FLIGHT },
      );
      lease.check(); // a run stopped by a lost lock connection is retried
      this.stop.check(); // so is one stopped for the worker's shutdown, on another worker
    } catch (error) {
      if (isPassingFault(error)) throw error;
      await this.fail(lease, syncId, error);
    }
    await this.cleanUpStagedRows(syncId);
  }

  /** Duplicates are marked once, the mass-delete guard is checked, and the sync turns to processing. */
  private async prepare(lease: TenantLease, syncId: string): Promise<RunContext | null> {
    return inTransaction(this.pool, async (tx) => {
      await lease.hold(tx);
      const { rows } = await tx.query<LockedSync>(LOCK_SYNC, [syncId]);
      const sync = rows[0];
      if (!sync || (sync.status !== 'queued' && sync.status !== 'processing')) return null;
      const config = await this.tenants.configVersion(sync.tenant_id, sync.config_version);
      await tx.query(FILE_HASH_WORK_MEM);
      // Rows come prepared from an upload that repeated no email (repeated-emails.ts); a revert's rows are records
      // of one sync, their emails distinct.
      if (!sync.rows_prepared && sync.action !== 'revert') await tx.query(MARK_DUPLICATES, [syncId]);

      if (sync.status === 'queued' && sync.action !== 'upsert' && !sync.dry_run && !sync.confirmed) {
        const guard = await this.massDeleteGuard(tx, sync, config);
        if (guard) {
          await this.lifecycle.park(tx, syncId, [guard]);
          await this.audit.recordWith(tx, {
            tenantId: sync.tenant_id,
            actor: 'system',
            action: 'sync.awaiting_confirmation',
            details: { syncId, reason: guard.message },
          });
          return null;
        }
      }
      await this.lifecycle.start(tx, syncId);
      const staged = await tx.query<{ line: number | null }>(LAST_STAGED_LINE, [syncId]);
      return {
        syncId,
        tenantId: sync.tenant_id,
        lastLine: sync.last_line,
        lastStagedLine: staged.rows[0].line ?? sync.last_line,
        dryRun: sync.dry_run,
        rows: sync.action === 'revert' ? revertRows(config) : fileRows(sync, sync.action, config),
      };
    });
  }

  private async massDeleteGuard(
    tx: PoolClient,
    sync: LockedSync,
    config: SyncConfig,
  ): Promise<SyncWarning | null> {
    // A file deletes at most one user a row: when the tenant has more users than its rows could be the guard's
    // percent of, the guard cannot stop it, and the tenant's users need not all be read (a nightly file of a few
    // leavers, in a tenant of millions, costs a count of a few hundred index entries instead of a join over all).
    const ceiling = Math.floor((sync.total_rows * 100) / config.deleteGuardPercent) + 1;
    if ((await this.users.countUsersUpTo(tx, sync.tenant_id, ceiling)) >= ceiling) return null;
    const { users, matched } =
      sync.action === 'revert'
        ? await this.users.countRevertDeletes(tx, sync.id, sync.tenant_id)
        : await this.users.countStagedMatches(tx, sync.id, sync.tenant_id);
    if (users <= GUARD_MIN_USERS || matched * 100 < config.deleteGuardPercent * users) return null;
    const percent = Math.round((matched * 100) / users);
    return {
      code: 'MASS_DELETE_GUARD',
      message:
        `This ${sync.action === 'revert' ? 'revert' : 'file'} would delete ${matched} of the tenant's ${users} ` +
        `users (${percent}%), at or above the ` +
        `guard of ${config.deleteGuardPercent}%. Nothing was deleted; apply the sync to run it, or cancel it.`,
    };
  }

  /** Staged rows are only input: once a sync is final (not parked) they go; its outcome records stay. */
  private async cleanUpStagedRows(syncId: string): Promise<void> {
    await this.pool.query(
      `${DELETE_STAGED_ROWS} AND EXISTS (SELECT 1 FROM sync WHERE id = $1 AND status IN ('completed', 'completed_with_errors', 'failed', 'cancelled'))`,
      [syncId],
    );
  }

  /** Only the run that holds the tenant fails its sync: a run that lost it leaves the sync to the new one. */
  private async fail(lease: TenantLease, syncId: string, error: unknown): Promise<void> {
    this.logger.error({ err: loggableError(error), syncId }, 'sync failed');
    await inTransaction(this.pool, async (tx) => {
      await lease.hold(tx);
      const failure = {
        code: 'PROCESSING_FAILED',
        message:
          'Processing stopped on an unexpected error; the batches before it were applied. It has been logged.',
      };
      const failed = await this.lifecycle.fail(tx, syncId, failure);
      if (failed) {
        await this.audit.recordWith(tx, {
          tenantId: failed.tenant_id,
          actor: 'system',
          action: 'sync.failed',
          details: {
            syncId,
            error: failure,
            processedRows: failed.processed_rows,
            totalRows: failed.total_rows,
          },
        });
      }
    });
  }
}

function fileRows(sync: LockedSync, action: SyncAction, config: SyncConfig): FileRows {
  const check = checkHeader(sync.header, config, action);
  // The header was checked at upload against this very configuration version.
  if (!check.ok) throw new Error(`the stored header of sync ${sync.id} no longer matches its configuration`);
  const parseRow = compileRowParser(check.mapping, config, { decimalComma: sync.delimiter !== ',' });
  return {
    kind: 'file',
    evaluator: new SyncEvaluator(action, config, sync.header, check.mapping, parseRow),
    deletesInWrite: action === 'delete' && !sync.dry_run,
  };
}

/** A revert names the columns of its configuration version (the current one when it was accepted). */
function revertRows(config: SyncConfig): RevertRows {
  return {
    kind: 'revert',
    keys: config.attributes.map((a) => a.key),
    columns: config.attributes.map((a) => a.column),
    emailColumn: config.emailColumn,
  };
}

const PASSING_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'ENOTFOUND',
  'EAI_AGAIN',
  '57P01', // admin_shutdown: PostgreSQL is restarting, or the session was terminated
  '57P02',
  '57P03', // cannot_connect_now: still starting up
  '08000',
  '08001',
  '08003',
  '08004',
  '08006',
  '53300', // too_many_connections
  '40001', // serialization_failure
  '40P01', // deadlock_detected
]);

/** A fault that goes away by itself (a restart, a lost connection, a lost tenant): the job is retried, the
 *  sync resumes. */
export function isPassingFault(error: unknown): boolean {
  if (error instanceof TenantLost || error instanceof WorkerStopping) return true;
  const code = (error as { code?: unknown })?.code;
  if (typeof code === 'string' && PASSING_CODES.has(code)) return true;
  const message = error instanceof Error ? error.message : '';
  return /Connection terminated|connection error|Client was closed|timeout exceeded when trying to connect/i.test(
    message,
  );
}
