// Applies a tenant's syncs in the background: one at a time in run order, each in batches that commit their
// users, outcome records and progress atomically, so that a retried job resumes after the last committed batch
// and applies nothing twice (SPEC §6).
import { Inject, Injectable } from '@nestjs/common';
import { PinoLogger } from 'nestjs-pino';
import { Client, Pool, PoolClient } from 'pg';
import type { CellProblem } from '../../libs/csv';
import { checkHeader, compileRowParser, SyncAction, SyncConfig } from '../../libs/values';
import { AuditService } from '../audit/audit.service';
import { BatchBudget } from './batch-budget';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { copyData, copyLines, copyText } from '../database/copy';
import { inTransaction, PG_POOL } from '../database/pg-pool';
import { FILE_HASH_WORK_MEM, HASH_JOIN_ONLY, queryWithJoins } from '../database/planner';
import { TenantsService } from '../tenants/tenants.service';
import { NO_USER_WRITES, UserBulkRepository, UserWrites } from '../users/user-bulk.repository';
import { storedChanges } from './record-changes';
import { WorkerStop, WorkerStopping } from './worker-stop';
import { RowDecision, StagedRow, SyncEvaluator } from './sync-evaluation';
import type { SyncStatus, SyncWarning } from './sync.entity';
import {
  ADVANCE_SYNC,
  APPLY_DELETE_BATCH,
  COUNT_DELETE_MATCHES,
  DELETE_STAGED_ROWS,
  FAIL_SYNC,
  FINISH_SYNC,
  COPY_RECORDS,
  LAST_STAGED_LINE,
  LOCK_SYNC,
  MARK_DUPLICATES,
  NEXT_RUNNABLE,
  NO_COMMIT_WAIT,
  PARK_FOR_CONFIRMATION,
  START_SYNC,
  SELECT_BATCH,
} from './sync.sql';

/** First key of the advisory lock that makes one worker at a time apply a tenant's syncs. */
const TENANT_LOCK_NAMESPACE = 7_301_001;
/** Below this many users the mass-delete guard does not apply (SPEC §6). */
const GUARD_MIN_USERS = 10;

interface LockedSync {
  id: string;
  tenant_id: string;
  status: SyncStatus;
  dry_run: boolean;
  action: SyncAction;
  last_line: number;
  config_version: number;
  header: string[];
  delimiter: string;
  rows_prepared: boolean;
  confirmed: boolean;
  total_rows: number;
  failed: number;
}

interface StagedRowRecord {
  line: number;
  email: string | null;
  cells: string[];
  problems: CellProblem[] | null;
  dup_of: number | null;
}

interface RunContext {
  syncId: string;
  tenantId: string;
  /** The last line applied when the run began: the run resumes after it. */
  lastLine: number;
  /** The last line of the file that holds a row: the run ends there. */
  lastStagedLine: number;
  evaluator: SyncEvaluator;
  dryRun: boolean;
  /** A delete that deletes (not a dry run): its rows are looked up, deleted and recorded by one statement of
   *  the batch (APPLY_DELETE_BATCH). */
  deletesInWrite: boolean;
}

type WriteOutcome = 'written' | 'done' | { resumeAfter: number };

/** A batch whose transaction was rolled back, and what the run does next. */
class NotWritten extends Error {
  constructor(readonly outcome: Exclude<WriteOutcome, 'written'>) {
    super('the batch was not written');
  }
}

/** A batch read, decided and turned into COPY data outside its transaction, ready to be written. */
interface DecidedBatch {
  /** The line the batch follows; it is written only if the sync is still there. */
  after: number;
  /** The end of the batch's window of lines; the sync's last_line once it is written. */
  lastLine: number;
  size: number;
  users: UserWrites;
  /** For a delete that deletes (deletesInWrite): the lines of the window whose rows failed; every other row of
   *  the window is looked up, deleted and recorded in the write. Null otherwise. */
  deleteSkipping: number[] | null;
  /** COPY lines of the outcome records known before the write (for a delete that deletes, the failures). */
  records: Buffer;
  counts: OutcomeCounts;
  /** Gives the batch's rows back to the process's BatchBudget: once it is written, rolled back or dropped. */
  release: () => void;
}

@Injectable()
export class SyncRunner {
  constructor(
    @Inject(PG_POOL) private readonly pool: Pool,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly users: UserBulkRepository,
    private readonly tenants: TenantsService,
    private readonly audit: AuditService,
    private readonly budget: BatchBudget,
    private readonly logger: PinoLogger,
    private readonly stop: WorkerStop,
  ) {
    this.logger.setContext(SyncRunner.name);
  }

  /**
   * Applies the runnable syncs of a tenant, oldest first, while holding the tenant's advisory lock; returns at
   * once when another worker holds it. The lock lives on a connection of its own, so a worker that dies
   * releases it with its connection.
   */
  async drainTenant(tenantId: string): Promise<void> {
    const lock = new Client({ connectionString: this.config.databaseUrl, keepAlive: true });
    lock.on('error', () => undefined); // a broken lock connection surfaces as a failed query below
    await lock.connect();
    try {
      // Server-side keepalives: if a worker's machine vanishes without closing the socket, PostgreSQL ends
      // the session (and so frees the lock) within about half a minute instead of hours.
      await lock.query(
        'SET tcp_keepalives_idle = 10; SET tcp_keepalives_interval = 5; SET tcp_keepalives_count = 3',
      );
      for (;;) {
        const locked = await lock.query<{ locked: boolean }>(
          'SELECT pg_try_advisory_lock($1, hashtext($2)) AS locked',
          [TENANT_LOCK_NAMESPACE, tenantId],
        );
        if (!locked.rows[0].locked) return;
        try {
          for (let next = await this.nextRunnable(tenantId); next; next = await this.nextRunnable(tenantId)) {
            this.stop.check();
            await this.run(next);
            if ((await this.nextRunnable(tenantId)) === next) {
              throw new Error(`sync ${next} is still runnable after its run`);
            }
          }
        } finally {
          await lock.query('SELECT pg_advisory_unlock($1, hashtext($2))', [TENANT_LOCK_NAMESPACE, tenantId]);
        }
        // A sync accepted between the last look and the unlock found the lock taken and left it to us.
        if (!(await this.nextRunnable(tenantId))) return;
      }
    } finally {
      await lock.end().catch(() => undefined);
    }
  }

  private async nextRunnable(tenantId: string): Promise<string | null> {
    const { rows } = await this.pool.query<{ id: string }>(NEXT_RUNNABLE, [tenantId]);
    return rows[0]?.id ?? null;
  }

  /** Runs one sync to a final or parked status. Only a passing fault (connection lost) is thrown, for a retry. */
  private async run(syncId: string): Promise<void> {
    try {
      const context = await this.prepare(syncId);
      if (!context) return;
      await this.runBatches(context);
    } catch (error) {
      if (isPassingFault(error)) throw error;
      await this.fail(syncId, error);
    }
  }

  /** Duplicates are marked once, the mass-delete guard is checked, and the sync turns to processing. */
  private async prepare(syncId: string): Promise<RunContext | null> {
    return inTransaction(this.pool, async (tx) => {
      const sync = await lockSync(tx, syncId);
      if (!sync || (sync.status !== 'queued' && sync.status !== 'processing')) return null;
      const config = await this.tenants.configVersion(sync.tenant_id, sync.config_version);
      await tx.query(FILE_HASH_WORK_MEM);
      if (!sync.rows_prepared) await tx.query(MARK_DUPLICATES, [syncId]);

      if (sync.status === 'queued' && sync.action === 'delete' && !sync.dry_run && !sync.confirmed) {
        const guard = await this.massDeleteGuard(tx, sync, config);
        if (guard) {
          await tx.query(PARK_FOR_CONFIRMATION, [syncId, JSON.stringify([guard])]);
          await this.audit.recordWith(tx, {
            tenantId: sync.tenant_id,
            actor: 'system',
            action: 'sync.awaiting_confirmation',
            details: { syncId, reason: guard.message },
          });
          return null;
        }
      }
      if (sync.status === 'queued' || !sync.rows_prepared) await tx.query(START_SYNC, [syncId]);
      const staged = await tx.query<{ line: number | null }>(LAST_STAGED_LINE, [syncId]);
      return {
        syncId,
        tenantId: sync.tenant_id,
        lastLine: sync.last_line,
        lastStagedLine: staged.rows[0].line ?? sync.last_line,
        evaluator: createEvaluator(sync, config),
        dryRun: sync.dry_run,
        deletesInWrite: sync.action === 'delete' && !sync.dry_run,
      };
    });
  }

  private async massDeleteGuard(
    tx: PoolClient,
    sync: LockedSync,
    config: SyncConfig,
  ): Promise<SyncWarning | null> {
    const { rows } = await queryWithJoins<{ users: number; matched: number }>(
      tx,
      HASH_JOIN_ONLY,
      COUNT_DELETE_MATCHES,
      [sync.id, sync.tenant_id],
    );
    const { users, matched } = rows[0];
    if (users <= GUARD_MIN_USERS || matched * 100 < config.deleteGuardPercent * users) return null;
    const percent = Math.round((matched * 100) / users);
    return {
      code: 'MASS_DELETE_GUARD',
      message:
        `This file would delete ${matched} of the tenant's ${users} users (${percent}%), at or above the ` +
        `guard of ${config.deleteGuardPercent}%. Nothing was deleted; apply the sync to run it, or cancel it.`,
    };
  }

  /**
   * Runs the batches of a sync, each in a transaction of its own. A batch is the rows of a window of
   * SYNC_BATCH_SIZE lines (fewer rows where the file has empty lines or line breaks in cells).
   *
   * Three batches are under way at a time: one is read and decided, and two are written, each on a connection
   * of its own, so that PostgreSQL works on two cores (fewer when the process runs more syncs at once than its
   * BatchBudget holds at full speed). This holds because the emails of a file are distinct
   * (a repeat fails as DUPLICATE_IN_FILE), so no two batches touch the same user, and the tenant's lock keeps
   * every other writer of its users away. What keeps the order is the sync's row: a batch locks it only after
   * its users and records are written and the batch before it has committed, and writes its progress only if
   * the sync's last line is where the batch begins; otherwise it is rolled back whole (see writeBatch).
   */
  private async runBatches(context: RunContext): Promise<void> {
    let next = this.decideBatch(context, context.lastLine);
    let ahead = true; // `next` is being decided and is not taken yet
    let inFlight: Promise<WriteOutcome> | null = null; // the batch before, maybe not committed yet
    try {
      for (;;) {
        const batch = await next;
        ahead = false;
        if (this.stop.requested) {
          // The worker is stopping: the batch before settles (commits or rolls back) before the run lets go.
          batch.release();
          if (inFlight) await inFlight;
          this.stop.check();
        }
        const more = batch.lastLine < context.lastStagedLine;
        if (more) {
          next = this.decideBatch(context, batch.lastLine);
          ahead = true;
          next.catch(() => undefined); // seen when awaited, or never if the sync stops here
        }
        const write = this.writeBatch(context, batch, more, inFlight);
        write.catch(() => undefined); // seen below
        const before = inFlight ? await inFlight : 'written';
        inFlight = write;
        if (before === 'written' && more) continue;
        // The batch before stopped the run (this one then rolls back), or this is the last batch.
        const last = await write;
        const outcome = before === 'written' ? last : before;
        if (outcome === 'done') break;
        if (outcome === 'written')
          throw new Error(`sync ${context.syncId}: the last batch did not finish it`);
        if (ahead) drop(next);
        next = this.decideBatch(context, outcome.resumeAfter);
        ahead = true;
        inFlight = null;
      }
    } finally {
      if (ahead) drop(next); // decided ahead, and not to be written
    }
    await this.cleanUpStagedRows(context.syncId);
  }

  /** Reads the staged rows after a line and decides each: pure evaluation plus one lookup of existing users. */
  private async decideBatch(context: RunContext, after: number): Promise<DecidedBatch> {
    const lastLine = Math.max(
      after,
      Math.min(after + this.config.limits.syncBatchSize, context.lastStagedLine),
    );
    // A window of lines holds at most as many rows.
    const release = await this.budget.take(lastLine - after);
    try {
      return { ...(await this.readAndDecide(context, after, lastLine)), release };
    } catch (error) {
      release();
      throw error;
    }
  }

  private async readAndDecide(
    context: RunContext,
    after: number,
    lastLine: number,
  ): Promise<Omit<DecidedBatch, 'release'>> {
    const { evaluator } = context;
    const { rows } = await this.pool.query<StagedRowRecord>(SELECT_BATCH, [context.syncId, after, lastLine]);
    const parsedRows = rows.map((record) => {
      const row: StagedRow = {
        line: record.line,
        email: record.email,
        cells: record.cells,
        problems: record.problems,
        dupOf: record.dup_of,
      };
      return { row, parsed: evaluator.parse(row) };
    });
    if (context.deletesInWrite) {
      // The rows that passed are the staged rows themselves: their emails were normalised at upload.
      const failed = parsedRows.flatMap(({ parsed }) => ('kind' in parsed ? [parsed] : []));
      return {
        after,
        lastLine,
        size: rows.length,
        users: NO_USER_WRITES,
        deleteSkipping: failed.map((f) => f.line),
        records: copyData(recordLines(context.syncId, failed)),
        counts: countOutcomes(failed),
      };
    }
    const emails = parsedRows.flatMap(({ parsed }) => ('kind' in parsed ? [] : [parsed.parsed.email]));
    const existing = await this.users.findByEmails(this.pool, context.tenantId, emails);
    const decisions: RowDecision[] = parsedRows.map(({ row, parsed }) =>
      'kind' in parsed ? parsed : evaluator.decide(row, parsed.parsed, existing.get(parsed.parsed.email)),
    );
    // An added user's attributes are its record's changes too (record-changes.ts): one JSON text serves both.
    const adds = [];
    const updates = [];
    let records = '';
    for (const d of decisions) {
      if (d.kind === 'add') {
        const attributes = JSON.stringify(d.attributes);
        adds.push({ email: d.email, attributes });
        records += recordLine(context.syncId, d.line, d.email, 'added', attributes);
        continue;
      }
      if (d.kind === 'update') updates.push({ id: d.userId, attributes: JSON.stringify(d.attributes) });
      records += decisionRecordLine(context.syncId, d);
    }
    return {
      after,
      lastLine,
      size: rows.length,
      users: this.users.prepare(context.tenantId, adds, updates),
      deleteSkipping: null,
      records: copyData(records),
      counts: countOutcomes(decisions),
    };
  }

  /**
   * Writes a decided batch's users and outcome records, then, once the batch before it (`previous`) has
   * committed, locks the sync and writes its progress, all in one transaction; the last batch also finishes
   * the sync. A batch that no longer follows the sync's last line (the batch before was not written, another
   * run moved it) or whose sync was cancelled is rolled back whole.
   */
  private async writeBatch(
    context: RunContext,
    batch: DecidedBatch,
    more: boolean,
    previous: Promise<WriteOutcome> | null,
  ): Promise<WriteOutcome> {
    try {
      return await inTransaction(this.pool, async (tx) => {
        // A batch before the last commits without waiting for its WAL to reach the disk. If PostgreSQL
        // crashed right after, the batch would be lost whole (users, records and progress together) and the
        // sync would resume before it; the upload and the sync's final batch still commit durably.
        if (more) await tx.query(NO_COMMIT_WAIT);
        const counts = await this.writeRows(tx, context, batch);
        const before = previous ? await previous : 'written';
        if (before !== 'written') throw new NotWritten(before);
        const sync = await lockSync(tx, context.syncId);
        if (!sync || sync.status !== 'processing') throw new NotWritten('done'); // cancelled meanwhile
        if (sync.last_line !== batch.after) throw new NotWritten({ resumeAfter: sync.last_line });
        await tx.query(ADVANCE_SYNC, [
          sync.id,
          batch.lastLine,
          batch.size,
          counts.added,
          counts.updated,
          counts.unchanged,
          counts.deleted,
          counts.not_found,
          counts.failed,
        ]);
        if (more) return 'written';
        await this.finish(tx, sync);
        return 'done';
      });
    } catch (error) {
      if (error instanceof NotWritten) return error.outcome;
      throw error;
    } finally {
      batch.release();
    }
  }

  /** A batch's users and outcome records; a window without rows (empty lines, or a cell with many line breaks)
   *  writes none and only moves the sync's last line. */
  private async writeRows(tx: PoolClient, context: RunContext, batch: DecidedBatch): Promise<OutcomeCounts> {
    const counts = { ...batch.counts };
    if (!context.dryRun) await this.users.apply(tx, batch.users);
    if (batch.deleteSkipping && batch.size > batch.deleteSkipping.length) {
      const { rows } = await tx.query<{ deleted: number; not_found: number }>(APPLY_DELETE_BATCH, [
        context.syncId,
        batch.after,
        batch.lastLine,
        context.tenantId,
        batch.deleteSkipping,
      ]);
      counts.deleted += rows[0].deleted;
      counts.not_found += rows[0].not_found;
    }
    await copyLines(tx, COPY_RECORDS, batch.records);
    return counts;
  }

  private async finish(tx: PoolClient, sync: LockedSync): Promise<void> {
    const { rows } = await tx.query<{
      failed: number;
      processed_rows: number;
      added: number;
      updated: number;
      unchanged: number;
      deleted: number;
      not_found: number;
    }>(
      'SELECT failed, processed_rows, added, updated, unchanged, deleted, not_found FROM sync WHERE id = $1',
      [sync.id],
    );
    const counts = rows[0];
    const status: SyncStatus = sync.dry_run
      ? 'previewed'
      : counts.failed > 0
        ? 'completed_with_errors'
        : 'completed';
    await tx.query(FINISH_SYNC, [sync.id, status]);
    await this.audit.recordWith(tx, {
      tenantId: sync.tenant_id,
      actor: 'system',
      action: sync.dry_run ? 'sync.previewed' : 'sync.completed',
      details: { syncId: sync.id, status, counts },
    });
    this.logger.info(
      { syncId: sync.id, tenantId: sync.tenant_id, status, rows: counts.processed_rows },
      'sync finished',
    );
  }

  /** Staged rows are only input: once a sync is final (not parked) they go; its outcome records stay. */
  private async cleanUpStagedRows(syncId: string): Promise<void> {
    await this.pool.query(
      `${DELETE_STAGED_ROWS} AND EXISTS (SELECT 1 FROM sync WHERE id = $1 AND status IN ('completed', 'completed_with_errors', 'failed', 'cancelled'))`,
      [syncId],
    );
  }

  private async fail(syncId: string, error: unknown): Promise<void> {
    this.logger.error({ err: error, syncId }, 'sync failed');
    await inTransaction(this.pool, async (tx) => {
      const failure = {
        code: 'PROCESSING_FAILED',
        message:
          'Processing stopped on an unexpected error; the batches before it were applied. It has been logged.',
      };
      const { rows } = await tx.query<{ tenant_id: string; processed_rows: number; total_rows: number }>(
        FAIL_SYNC,
        [syncId, JSON.stringify(failure)],
      );
      if (rows[0]) {
        await this.audit.recordWith(tx, {
          tenantId: rows[0].tenant_id,
          actor: 'system',
          action: 'sync.failed',
          details: {
            syncId,
            error: failure,
            processedRows: rows[0].processed_rows,
            totalRows: rows[0].total_rows,
          },
        });
      }
    });
    await this.cleanUpStagedRows(syncId);
  }
}

/** A batch decided ahead that will not be written gives its rows back once its reading ends. */
function drop(batch: Promise<DecidedBatch>): void {
  batch.then(
    (decided) => decided.release(),
    () => undefined,
  );
}

async function lockSync(tx: PoolClient, syncId: string): Promise<LockedSync | null> {
  const { rows } = await tx.query<LockedSync>(LOCK_SYNC, [syncId]);
  return rows[0] ?? null;
}

function createEvaluator(sync: LockedSync, config: SyncConfig): SyncEvaluator {
  const check = checkHeader(sync.header, config, sync.action);
  // The header was checked at upload against this very configuration version.
  if (!check.ok) throw new Error(`the stored header of sync ${sync.id} no longer matches its configuration`);
  const parseRow = compileRowParser(check.mapping, config, { decimalComma: sync.delimiter !== ',' });
  return new SyncEvaluator(sync.action, config, sync.header, check.mapping, parseRow);
}

type OutcomeCounts = Record<'added' | 'updated' | 'unchanged' | 'deleted' | 'not_found' | 'failed', number>;

const OUTCOME_OF: Record<RowDecision['kind'], keyof OutcomeCounts> = {
  add: 'added',
  update: 'updated',
  unchanged: 'unchanged',
  delete: 'deleted',
  not_found: 'not_found',
  failed: 'failed',
};

function countOutcomes(decisions: RowDecision[]): OutcomeCounts {
  const counts: OutcomeCounts = { added: 0, updated: 0, unchanged: 0, deleted: 0, not_found: 0, failed: 0 };
  for (const d of decisions) counts[OUTCOME_OF[d.kind]] += 1;
  return counts;
}

/** The outcome records of a batch as COPY lines. */
function recordLines(syncId: string, decisions: RowDecision[]): string {
  let data = '';
  for (const d of decisions) data += decisionRecordLine(syncId, d);
  return data;
}

function decisionRecordLine(syncId: string, d: RowDecision): string {
  const stored = storedChanges(d);
  return recordLine(syncId, d.line, d.email, OUTCOME_OF[d.kind], stored && JSON.stringify(stored), d);
}

/** One outcome record in COPY_RECORDS' columns; `changes` is JSON text already. */
function recordLine(
  syncId: string,
  line: number,
  email: string | null,
  outcome: keyof OutcomeCounts,
  changes: string | null,
  failure?: RowDecision,
): string {
  const error =
    failure?.kind === 'failed'
      ? `${copyText(JSON.stringify(failure.error))}\t${copyText(JSON.stringify(failure.cells))}`
      : '\\N\t\\N';
  return `${syncId}\t${line}\t${copyText(email)}\t${outcome}\t${copyText(changes)}\t${error}\n`;
}

const PASSING_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'ENOTFOUND',
  'EAI_AGAIN',
  '57P01', // admin_shutdown: PostgreSQL is restarting
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

/** A fault that goes away by itself (a restart, a lost connection): the job is retried, the sync resumes. */
export function isPassingFault(error: unknown): boolean {
  if (error instanceof WorkerStopping) return true;
  const code = (error as { code?: unknown })?.code;
  if (typeof code === 'string' && PASSING_CODES.has(code)) return true;
  const message = error instanceof Error ? error.message : '';
  return /Connection terminated|connection error|Client was closed|timeout exceeded when trying to connect/i.test(
    message,
  );
}
