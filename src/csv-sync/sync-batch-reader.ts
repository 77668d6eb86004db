// Reads a sync's batches and decides each row, outside any transaction: a batch is the staged rows of a window
// of SYNC_BATCH_SIZE lines (fewer rows where the file has empty lines or line breaks in cells), turned into the
// COPY data of its users and outcome records, ready for SyncBatchWriter.
import { Inject, Injectable } from '@nestjs/common';
import type { Pool } from 'pg';
import type { CellProblem } from '../../libs/csv';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { CopyBuffer, copyText } from '../database/copy';
import { PG_POOL } from '../database/pg-pool';
import { NO_USER_WRITES, UserBulkRepository, UserWrites } from '../users/user-bulk.repository';
import { BatchBudget } from './batch-budget';
import { storedChanges } from './record-changes';
import { RowDecision, StagedRow, SyncEvaluator } from './sync-evaluation';
import { SELECT_BATCH } from './sync.sql';

/** What every batch of one run of a sync needs to know. */
export interface RunContext {
  syncId: string;
  tenantId: string;
  /** The last line applied when the run began: the run resumes after it. */
  lastLine: number;
  /** The last line of the file that holds a row: the run ends there. */
  lastStagedLine: number;
  dryRun: boolean;
  rows: FileRows | RevertRows;
}

/** The rows of an uploaded file: parsed and decided here, by the evaluator of its configuration version. */
export interface FileRows {
  kind: 'file';
  evaluator: SyncEvaluator;
  /** A delete that deletes (not a dry run): its rows are looked up, deleted and recorded by one statement of
   *  the batch (UserBulkRepository.deleteByStagedLines). */
  deletesInWrite: boolean;
}

/** The rows of a revert (outcome records of the sync it reverts): looked up, undone and recorded by one
 *  statement of the batch (UserBulkRepository.revertByStagedLines); nothing of them passes through here. */
export interface RevertRows {
  kind: 'revert';
  /** The configured attribute keys and their columns, in order, and the email column: a CHANGED_SINCE error
   *  names the columns. */
  keys: string[];
  columns: string[];
  emailColumn: string;
}

export type OutcomeCounts = Record<
  'added' | 'updated' | 'unchanged' | 'deleted' | 'not_found' | 'failed',
  number
>;

/** A batch read, decided and turned into COPY data outside its transaction, ready to be written. */
export interface DecidedBatch {
  /** The line the batch follows; it is written only if the sync's last line is there. */
  after: number;
  /** The end of the batch's window of lines; the sync's last_line once it is written. */
  lastLine: number;
  /** The sync's last batch: its transaction also finishes the sync. */
  last: boolean;
  /** The rows in the window (a revert's are counted by its write). */
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

interface StagedRowRecord {
  line: number;
  email: string | null;
  cells: string[];
  problems: CellProblem[] | null;
  dup_of: number | null;
}

@Injectable()
export class SyncBatchReader {
  constructor(
    @Inject(PG_POOL) private readonly pool: Pool,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly users: UserBulkRepository,
    private readonly budget: BatchBudget,
  ) {}

  /** The batch after `after` (a line), up to the sync's last staged line at most; it may hold no row. Waits
   *  for its rows in the process's BatchBudget first. */
  async read(context: RunContext, after: number): Promise<DecidedBatch> {
    const lastLine = Math.max(
      after,
      Math.min(after + this.config.limits.syncBatchSize, context.lastStagedLine),
    );
    // A window of lines holds at most as many rows; a revert's stay in PostgreSQL.
    const release = await this.budget.take(context.rows.kind === 'revert' ? 0 : lastLine - after);
    try {
      const decided =
        context.rows.kind === 'revert'
          ? revertWindow(after, lastLine)
          : await this.readAndDecide(context, context.rows, after, lastLine);
      return { ...decided, last: lastLine >= context.lastStagedLine, release };
    } catch (error) {
      release();
      throw error;
    }
  }

  private async readAndDecide(
    context: RunContext,
    { evaluator, deletesInWrite }: FileRows,
    after: number,
    lastLine: number,
  ): Promise<Omit<DecidedBatch, 'release' | 'last'>> {
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
    if (deletesInWrite) {
      // The rows that passed are the staged rows themselves: their emails were normalised at upload.
      const failed = parsedRows.flatMap(({ parsed }) => ('kind' in parsed ? [parsed] : []));
      return {
        after,
        lastLine,
        size: rows.length,
        users: NO_USER_WRITES,
        deleteSkipping: failed.map((f) => f.line),
        records: recordLines(context.syncId, failed),
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
    const records = new CopyBuffer();
    for (const d of decisions) {
      if (d.kind === 'add') {
        const attributes = JSON.stringify(d.attributes);
        const id = this.users.newId();
        adds.push({ id, email: d.email, attributes });
        records.push(recordLine(context.syncId, d.line, d.email, 'added', attributes, id));
        continue;
      }
      if (d.kind === 'update') updates.push({ id: d.userId, attributes: JSON.stringify(d.attributes) });
      records.push(decisionRecordLine(context.syncId, d));
    }
    return {
      after,
      lastLine,
      size: rows.length,
      users: this.users.prepare(context.tenantId, adds, updates),
      deleteSkipping: null,
      records: records.take(),
      counts: countOutcomes(decisions),
    };
  }
}

/** A window of a revert's lines: its write does all of it. */
function revertWindow(after: number, lastLine: number): Omit<DecidedBatch, 'release' | 'last'> {
  return {
    after,
    lastLine,
    size: 0,
    users: NO_USER_WRITES,
    deleteSkipping: null,
    records: NO_RECORDS,
    counts: countOutcomes([]),
  };
}

const NO_RECORDS = Buffer.alloc(0);

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
function recordLines(syncId: string, decisions: RowDecision[]): Buffer {
  const data = new CopyBuffer();
  for (const d of decisions) data.push(decisionRecordLine(syncId, d));
  return data.take();
}

function decisionRecordLine(syncId: string, d: RowDecision): string {
  const stored = storedChanges(d);
  const userId = d.kind === 'update' || d.kind === 'delete' ? d.userId : null;
  return recordLine(syncId, d.line, d.email, OUTCOME_OF[d.kind], stored && JSON.stringify(stored), userId, d);
}

/** One outcome record in COPY_RECORDS' columns; `changes` is JSON text already. `userId`: the user the row
 *  added, updated or deleted (a revert finds it by this id). */
function recordLine(
  syncId: string,
  line: number,
  email: string | null,
  outcome: keyof OutcomeCounts,
  changes: string | null,
  userId: string | null,
  failure?: RowDecision,
): string {
  const error =
    failure?.kind === 'failed'
      ? `${copyText(JSON.stringify(failure.error))}\t${copyText(JSON.stringify(failure.cells))}`
      : '\\N\t\\N';
  return `${syncId}\t${line}\t${copyText(email)}\t${outcome}\t${copyText(changes)}\t${error}\t${userId ?? '\\N'}\n`;
}
