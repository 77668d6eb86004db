// The life of a sync (SPEC §6): every change of its status is one transition of the table below, made by one
// guarded statement (`UPDATE … WHERE status = ANY(<from>) RETURNING`) in the caller's transaction. A transition
// that does not apply to the sync's status changes nothing and answers null: the caller decides what that means.
import { Injectable } from '@nestjs/common';
import type { PoolClient } from 'pg';
import type { SyncStatus, SyncWarning } from './sync.entity';

export type SyncTransition =
  'accept' | 'start' | 'park' | 'advance' | 'finish' | 'fail' | 'cancel' | 'requeue';

/** From which statuses each transition may be made, and which statuses it leads to. */
export const TRANSITIONS: Readonly<
  Record<SyncTransition, { from: readonly SyncStatus[]; to: readonly SyncStatus[] }>
> = {
  // The upload's own transaction: the sync is not visible before it commits (its run_seq is null until then).
  accept: { from: ['queued'], to: ['queued'] },
  // A run takes it up; a run that resumes after a fault starts it again.
  start: { from: ['queued', 'processing'], to: ['processing'] },
  // The mass-delete guard stopped it before its first batch.
  park: { from: ['queued'], to: ['awaiting_confirmation'] },
  // A batch committed.
  advance: { from: ['processing'], to: ['processing'] },
  finish: { from: ['processing'], to: ['completed', 'completed_with_errors', 'previewed'] },
  fail: { from: ['queued', 'processing'], to: ['failed'] },
  cancel: { from: ['queued', 'processing', 'previewed', 'awaiting_confirmation'], to: ['cancelled'] },
  // POST …/apply of a preview or of a parked mass delete: it goes to the back of the tenant's queue.
  requeue: { from: ['previewed', 'awaiting_confirmation'], to: ['queued'] },
};

/** Whether a sync in `status` may make `transition`. */
export function canMake(transition: SyncTransition, status: SyncStatus): boolean {
  return TRANSITIONS[transition].from.includes(status);
}

/** First key of the transaction-level advisory lock under which a tenant's syncs get their place in its queue:
 *  places are then taken in the order in which their transactions commit, the order of their 202 answers. */
export const QUEUE_PLACE_NAMESPACE = 7_301_002;

const TAKE_QUEUE_PLACE = 'SELECT pg_advisory_xact_lock($1, hashtext($2))';

/** The upload is accepted: it gets its place in the tenant's queue and its created_at (the list of syncs pages
 *  by it, and a long upload must not appear behind a page a client has already read). */
const ACCEPT = `
  UPDATE sync
     SET run_seq = nextval('sync_run_seq'), total_rows = $3, encoding = $4, warnings = $5,
         rows_prepared = $6, created_at = clock_timestamp(), requested_dry_run = dry_run
   WHERE id = $1 AND status = ANY ($2::text[]) AND run_seq IS NULL
  RETURNING id, run_seq`;

const START = `
  UPDATE sync
     SET status = 'processing', started_at = coalesce(started_at, now()), rows_prepared = true
   WHERE id = $1 AND status = ANY ($2::text[])
  RETURNING id`;

const PARK = `
  UPDATE sync
     SET status = 'awaiting_confirmation', rows_prepared = true, warnings = warnings || $3::jsonb
   WHERE id = $1 AND status = ANY ($2::text[])
  RETURNING id`;

/** Progress and counts move in the same transaction as the batch's users and records, and only if the sync's
 *  last line is where the batch begins: batches commit in the order of the file. */
const ADVANCE = `
  UPDATE sync
     SET last_line = $4,
         processed_rows = processed_rows + $5,
         added = added + $6, updated = updated + $7, unchanged = unchanged + $8,
         deleted = deleted + $9, not_found = not_found + $10, failed = failed + $11
   WHERE id = $1 AND status = ANY ($2::text[]) AND last_line = $3
  RETURNING id`;

const FINISH = `
  UPDATE sync
     SET status = CASE WHEN dry_run THEN 'previewed'
                       WHEN failed > 0 THEN 'completed_with_errors'
                       ELSE 'completed' END,
         finished_at = now()
   WHERE id = $1 AND status = ANY ($2::text[])
  RETURNING tenant_id, dry_run, status, processed_rows, added, updated, unchanged, deleted, not_found, failed`;

const FAIL = `
  UPDATE sync SET status = 'failed', error = $3, finished_at = now()
   WHERE id = $1 AND status = ANY ($2::text[])
  RETURNING tenant_id, processed_rows, total_rows`;

/** The status before the change is read from a locked snapshot of the row (RETURNING shows only the new one). */
const CANCEL = `
  UPDATE sync AS s
     SET status = 'cancelled', finished_at = now()
    FROM (SELECT id, status FROM sync WHERE id = $1 AND tenant_id = $3 FOR UPDATE) AS before
   WHERE s.id = before.id AND before.status = ANY ($2::text[])
  RETURNING before.status AS previous`;

/** A preview is computed again against the users of that moment and applied; a parked delete runs from its
 *  start (it was parked before its first batch). Either way the counts start again from zero. */
const REQUEUE = `
  UPDATE sync AS s
     SET status = 'queued', dry_run = false, confirmed = true, run_seq = nextval('sync_run_seq'),
         last_line = 0, processed_rows = 0, added = 0, updated = 0, unchanged = 0, deleted = 0, not_found = 0,
         failed = 0, started_at = NULL, finished_at = NULL
    FROM (SELECT id, status FROM sync WHERE id = $1 AND tenant_id = $3 FOR UPDATE) AS before
   WHERE s.id = before.id AND before.status = ANY ($2::text[])
  RETURNING before.status AS previous`;

export interface BatchProgress {
  /** The line the batch follows: the sync's last line must be there. */
  after: number;
  /** The batch's last line: the sync's last line from now on. */
  lastLine: number;
  rows: number;
  counts: Record<'added' | 'updated' | 'unchanged' | 'deleted' | 'not_found' | 'failed', number>;
}

export interface FinishedSync {
  tenant_id: string;
  dry_run: boolean;
  status: SyncStatus;
  processed_rows: number;
  added: number;
  updated: number;
  unchanged: number;
  deleted: number;
  not_found: number;
  failed: number;
}

type Db = Pick<PoolClient, 'query'>;

@Injectable()
export class SyncLifecycle {
  /** In the upload's transaction, right before its COMMIT; the place is taken under a lock that the COMMIT
   *  releases, so that a later place never becomes visible before an earlier one. */
  async accept(
    tx: Db,
    syncId: string,
    tenantId: string,
    upload: { totalRows: number; encoding: string; warnings: SyncWarning[]; rowsPrepared: boolean },
  ): Promise<{ id: string; run_seq: string } | null> {
    await tx.query(TAKE_QUEUE_PLACE, [QUEUE_PLACE_NAMESPACE, tenantId]);
    return one(
      tx,
      ACCEPT,
      syncId,
      'accept',
      upload.totalRows,
      upload.encoding,
      JSON.stringify(upload.warnings),
      upload.rowsPrepared,
    );
  }

  start(tx: Db, syncId: string): Promise<{ id: string } | null> {
    return one(tx, START, syncId, 'start');
  }

  park(tx: Db, syncId: string, warnings: SyncWarning[]): Promise<{ id: string } | null> {
    return one(tx, PARK, syncId, 'park', JSON.stringify(warnings));
  }

  advance(tx: Db, syncId: string, batch: BatchProgress): Promise<{ id: string } | null> {
    const c = batch.counts;
    return one(
      tx,
      ADVANCE,
      syncId,
      'advance',
      batch.after,
      batch.lastLine,
      batch.rows,
      c.added,
      c.updated,
      c.unchanged,
      c.deleted,
      c.not_found,
      c.failed,
    );
  }

  finish(tx: Db, syncId: string): Promise<FinishedSync | null> {
    return one(tx, FINISH, syncId, 'finish');
  }

  fail(
    tx: Db,
    syncId: string,
    failure: { code: string; message: string },
  ): Promise<{ tenant_id: string; processed_rows: number; total_rows: number } | null> {
    return one(tx, FAIL, syncId, 'fail', JSON.stringify(failure));
  }

  cancel(tx: Db, syncId: string, tenantId: string): Promise<{ previous: SyncStatus } | null> {
    return one(tx, CANCEL, syncId, 'cancel', tenantId);
  }

  /** Behind every sync of the tenant queued at this moment: its place is taken like an upload's. */
  async requeue(tx: Db, syncId: string, tenantId: string): Promise<{ previous: SyncStatus } | null> {
    await tx.query(TAKE_QUEUE_PLACE, [QUEUE_PLACE_NAMESPACE, tenantId]);
    return one(tx, REQUEUE, syncId, 'requeue', tenantId);
  }
}

async function one<R>(
  tx: Db,
  sql: string,
  syncId: string,
  transition: SyncTransition,
  ...rest: unknown[]
): Promise<R | null> {
  const { rows } = await tx.query(sql, [syncId, TRANSITIONS[transition].from, ...rest]);
  return (rows[0] as R | undefined) ?? null;
}
