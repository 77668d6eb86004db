// The statements that move a sync's rows: staging an upload, reading a batch, writing outcome records. Each is
// parameterised and set-based; a change here shows up as a diff of one constant. Status changes are in
// sync-lifecycle.ts, statements on users in src/users/user-bulk.sql.ts.

/** The staged rows of an upload, streamed in text format by COPY (pg-copy-streams). */
export const COPY_SYNC_ROWS = 'COPY sync_row (sync_id, line, email, cells, problems) FROM STDIN';

export const INSERT_SYNC = `
  INSERT INTO sync (tenant_id, action, dry_run, status, file_name, actor, actor_token_id, idempotency_key,
                    config_version, encoding, delimiter, header, warnings)
  VALUES ($1, $2, $3, 'queued', $4, $5, $6, $7, $8, $9, $10, $11, $12)
  RETURNING id`;

/** Marks every row whose email came earlier in the file, with the line of the first (DUPLICATE_IN_FILE).
 *  The aggregate finds the few duplicated emails by hashing; only their rows are touched. */
export const MARK_DUPLICATES = `
  WITH firsts AS (
    SELECT email, min(line) AS first_line
      FROM sync_row
     WHERE sync_id = $1 AND email IS NOT NULL
     GROUP BY email
    HAVING count(*) > 1
  )
  UPDATE sync_row AS r
     SET dup_of = f.first_line
    FROM firsts AS f
   WHERE r.sync_id = $1 AND r.email = f.email AND r.line > f.first_line`;

/** The step after a delete's users are gone (UserBulkRepository.deleteByStagedLines, the CTE `found`): every
 *  line's outcome record, with a deleted user's last attributes so that a deletion can be traced and undone
 *  (SPEC §7), and the batch's counts. $1 is the sync. */
export const RECORD_DELETED_LINES = `
  , recorded AS (
    INSERT INTO sync_record (sync_id, line, email, outcome, changes)
    SELECT $1, line, email, CASE WHEN id IS NULL THEN 'not_found' ELSE 'deleted' END, attributes::json
      FROM found
  )
  SELECT count(id)::int AS deleted, (count(*) - count(id))::int AS not_found FROM found`;

/** The last line of a sync's file that holds a row: a backward scan of the primary key. */
export const LAST_STAGED_LINE = 'SELECT max(line) AS line FROM sync_row WHERE sync_id = $1';

/** The rows of the next batch: the lines of a window (after, until]. A window, not `line > $2 … LIMIT`:
 *  without statistics the planner read every remaining row of the sync for each batch, then sorted them. */
export const SELECT_BATCH = `
  SELECT line, email, cells, problems, dup_of
    FROM sync_row
   WHERE sync_id = $1 AND line > $2 AND line <= $3
   ORDER BY line`;

/** Locks the sync for the start of a run: what the run needs to know of it. */
export const LOCK_SYNC = `
  SELECT id, tenant_id, status, dry_run, action, last_line, config_version, header, delimiter, rows_prepared,
         confirmed, total_rows, failed
    FROM sync WHERE id = $1 FOR UPDATE`;

/** A batch's outcome records arrive by COPY, the fastest way in: one line per row of the file. */
export const COPY_RECORDS =
  'COPY sync_record (sync_id, line, email, outcome, changes, error, cells) FROM STDIN';

/** For a batch before a sync's last: its COMMIT does not wait for the WAL flush (see SyncRunner.writeBatch). */
export const NO_COMMIT_WAIT = 'SET LOCAL synchronous_commit = off';

export const DELETE_STAGED_ROWS = 'DELETE FROM sync_row WHERE sync_id = $1';

/** The runnable sync of a tenant that goes first: one already processing (a run that stopped on a fault), else
 *  the first accepted; later ones wait until it is final or parked. */
export const NEXT_RUNNABLE = `
  SELECT id FROM sync
   WHERE tenant_id = $1 AND status IN ('queued', 'processing') AND run_seq IS NOT NULL
   ORDER BY status = 'processing' DESC, run_seq
   LIMIT 1`;

/** Tenants with accepted work that is not final: the queue is rebuilt from these after Redis lost it. */
export const TENANTS_WITH_RUNNABLE_SYNCS = `
  SELECT DISTINCT tenant_id FROM sync WHERE status IN ('queued', 'processing')`;

/** Locks one sync of a tenant for a state change by a person (apply, cancel). */
export const LOCK_TENANT_SYNC = `
  SELECT id, status, dry_run, action FROM sync WHERE id = $1 AND tenant_id = $2 FOR UPDATE`;

export const DELETE_RECORDS = 'DELETE FROM sync_record WHERE sync_id = $1';

/** A page of a sync's records in line order after a line: keyset on the primary key (sync_id, line), so that
 *  page 1,000 costs what page 1 costs. */
export const RECORDS_PAGE = `
  SELECT line, email, outcome, changes, error, cells
    FROM sync_record
   WHERE sync_id = $1 AND line > $2
   ORDER BY line
   LIMIT $3`;

/** The same for one outcome, on the index (sync_id, outcome, line): the error report of a million-row sync
 *  with a few failures reads only the failures. */
export const RECORDS_PAGE_OF_OUTCOME = `
  SELECT line, email, outcome, changes, error, cells
    FROM sync_record
   WHERE sync_id = $1 AND outcome = $4 AND line > $2
   ORDER BY line
   LIMIT $3`;

/** The same for several outcomes. */
export const RECORDS_PAGE_OF_OUTCOMES = `
  SELECT line, email, outcome, changes, error, cells
    FROM sync_record
   WHERE sync_id = $1 AND outcome = ANY($4::text[]) AND line > $2
   ORDER BY line
   LIMIT $3`;

/** Staged rows whose sync is final (left over by a worker that died between its last batch and the clean-up). */
export const PURGE_LEFTOVER_STAGED_ROWS = `
  DELETE FROM sync_row AS r
   USING sync AS s
   WHERE s.id = r.sync_id AND s.status IN ('completed', 'completed_with_errors', 'failed', 'cancelled')`;

/** Syncs created before the cutoff that no worker is applying; their records and staged rows go with them. */
export const SELECT_EXPIRED_SYNCS = `
  SELECT id FROM sync WHERE created_at < $1 AND status NOT IN ('queued', 'processing')`;

export const PURGE_RECORDS = 'DELETE FROM sync_record WHERE sync_id = ANY($1::uuid[])';
export const PURGE_STAGED_ROWS = 'DELETE FROM sync_row WHERE sync_id = ANY($1::uuid[])';
export const PURGE_SYNCS = 'DELETE FROM sync WHERE id = ANY($1::uuid[])';
