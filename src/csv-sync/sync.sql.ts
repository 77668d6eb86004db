// The statements that move a sync's rows: staging an upload, reading a batch, writing outcome records and
// progress. Each is parameterised and set-based; a change here shows up as a diff of one constant.

/** The staged rows of an upload, streamed in text format by COPY (pg-copy-streams). */
export const COPY_SYNC_ROWS = 'COPY sync_row (sync_id, line, email, cells, problems) FROM STDIN';

export const INSERT_SYNC = `
  INSERT INTO sync (tenant_id, action, dry_run, status, file_name, actor, actor_token_id, idempotency_key,
                    config_version, encoding, delimiter, header, warnings)
  VALUES ($1, $2, $3, 'queued', $4, $5, $6, $7, $8, $9, $10, $11, $12)
  RETURNING id`;

/** created_at is taken at the end of the upload, right before COMMIT: the list of syncs pages by it, and a
 *  long upload must not appear behind a page a client has already read. */
export const FINISH_UPLOAD = `
  UPDATE sync SET total_rows = $2, encoding = $3, warnings = $4, created_at = clock_timestamp() WHERE id = $1`;

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

/** How many existing users a delete file names (the mass-delete guard), and how many the tenant has, in one
 *  read of the tenant's users. Repeats of an email are marked by then (MARK_DUPLICATES), so each user meets at
 *  most one staged row. Run with HASH_JOIN_ONLY (src/database/planner.ts): without statistics the planner
 *  probed the users' index once per staged row, 12 s for a million rows instead of about 1. */
export const COUNT_DELETE_MATCHES = `
  SELECT count(*)::int AS users, count(r.email)::int AS matched
    FROM app_user AS u
    LEFT JOIN sync_row AS r ON r.sync_id = $1 AND r.dup_of IS NULL AND r.email = u.email
   WHERE u.tenant_id = $2`;

/** A delete's batch in one statement: the window's staged rows (less the lines that failed in the worker) are
 *  looked up in the tenant's users (one probe of the unique index each, a LATERAL that cannot be flattened),
 *  those found are deleted through the primary key, and every row's outcome record is written with the user's
 *  last attributes, so that a deletion can be traced and undone (SPEC §7). No join here needs a pinned method.
 *  Against sending the emails out and the last values back for a COPY, the worker's CPU per batch fell to a
 *  third and PostgreSQL's stayed the same (docs/PERFORMANCE.md). Answers the batch's counts.
 *  $1 sync, $2 after line, $3 until line, $4 tenant, $5 lines to leave out (their rows failed). */
export const APPLY_DELETE_BATCH = `
  WITH batch AS MATERIALIZED (
    SELECT line, email
      FROM sync_row
     WHERE sync_id = $1 AND line > $2 AND line <= $3 AND line <> ALL ($5::int[])
  ), found AS MATERIALIZED (
    SELECT b.line, b.email, u.id, u.attributes
      FROM batch AS b
      LEFT JOIN LATERAL (
           SELECT id, attributes FROM app_user WHERE tenant_id = $4 AND email = b.email LIMIT 1
           ) AS u ON true
  ), deleted AS (
    DELETE FROM app_user WHERE id = ANY (ARRAY(SELECT id FROM found WHERE id IS NOT NULL))
  ), recorded AS (
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

/** Locks the sync for one batch: a second worker on the same sync waits here, then sees the new last_line. */
export const LOCK_SYNC = `
  SELECT id, tenant_id, status, dry_run, action, last_line, config_version, header, delimiter, rows_prepared,
         confirmed, total_rows, failed
    FROM sync WHERE id = $1 FOR UPDATE`;

/** A batch's outcome records arrive by COPY, the fastest way in: one line per row of the file. */
export const COPY_RECORDS =
  'COPY sync_record (sync_id, line, email, outcome, changes, error, cells) FROM STDIN';

/** For a batch before a sync's last: its COMMIT does not wait for the WAL flush (see SyncRunner.writeBatch). */
export const NO_COMMIT_WAIT = 'SET LOCAL synchronous_commit = off';

/** Progress and counts move in the same transaction as the batch's users and records. */
export const ADVANCE_SYNC = `
  UPDATE sync
     SET last_line = $2,
         processed_rows = processed_rows + $3,
         added = added + $4, updated = updated + $5, unchanged = unchanged + $6,
         deleted = deleted + $7, not_found = not_found + $8, failed = failed + $9
   WHERE id = $1
  RETURNING added, updated, unchanged, deleted, not_found, failed, processed_rows, total_rows`;

export const FINISH_SYNC = `
  UPDATE sync SET status = $2, finished_at = now() WHERE id = $1`;

/** The first look of a worker at a sync: it is processing from now on. */
export const START_SYNC = `
  UPDATE sync SET status = 'processing', started_at = coalesce(started_at, now()), rows_prepared = true WHERE id = $1`;

/** The mass-delete guard stopped it; a person has to POST .../apply. */
export const PARK_FOR_CONFIRMATION = `
  UPDATE sync SET status = 'awaiting_confirmation', rows_prepared = true, warnings = warnings || $2::jsonb WHERE id = $1`;

export const FAIL_SYNC = `
  UPDATE sync SET status = 'failed', error = $2, finished_at = now()
   WHERE id = $1 AND status IN ('queued', 'processing')
  RETURNING tenant_id, processed_rows, total_rows`;

export const DELETE_STAGED_ROWS = 'DELETE FROM sync_row WHERE sync_id = $1';

/** The oldest runnable sync of a tenant; later ones wait until it is final or parked. */
export const NEXT_RUNNABLE = `
  SELECT id FROM sync
   WHERE tenant_id = $1 AND status IN ('queued', 'processing')
   ORDER BY run_seq
   LIMIT 1`;

/** Tenants with accepted work that is not final: the queue is rebuilt from these after Redis lost it. */
export const TENANTS_WITH_RUNNABLE_SYNCS = `
  SELECT DISTINCT tenant_id FROM sync WHERE status IN ('queued', 'processing')`;

/** Locks one sync of a tenant for a state change by a person (apply, cancel). */
export const LOCK_TENANT_SYNC = `
  SELECT id, status, dry_run, action FROM sync WHERE id = $1 AND tenant_id = $2 FOR UPDATE`;

/** Apply a preview: the outcomes are computed again against the users of that moment, and this time applied. */
export const APPLY_PREVIEW = `
  UPDATE sync
     SET status = 'queued', dry_run = false, confirmed = true, run_seq = nextval('sync_run_seq'),
         last_line = 0, processed_rows = 0, added = 0, updated = 0, unchanged = 0, deleted = 0, not_found = 0,
         failed = 0, started_at = NULL, finished_at = NULL
   WHERE id = $1`;

export const DELETE_RECORDS = 'DELETE FROM sync_record WHERE sync_id = $1';

/** Confirm a mass delete: it runs behind the syncs that are queued at this moment. */
export const CONFIRM_SYNC = `
  UPDATE sync SET status = 'queued', confirmed = true, run_seq = nextval('sync_run_seq') WHERE id = $1`;

export const CANCEL_SYNC = `UPDATE sync SET status = 'cancelled', finished_at = now() WHERE id = $1`;

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
