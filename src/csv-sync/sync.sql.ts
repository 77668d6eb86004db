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
 *  line's outcome record, with a deleted user's last attributes and id so that a deletion can be traced and
 *  undone (SPEC §7, §10), and the batch's counts. $1 is the sync. */
export const RECORD_DELETED_LINES = `
  , recorded AS (
    INSERT INTO sync_record (sync_id, line, email, outcome, changes, user_id)
    SELECT $1, line, email, CASE WHEN id IS NULL THEN 'not_found' ELSE 'deleted' END, attributes::json, id
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
  'COPY sync_record (sync_id, line, email, outcome, changes, error, cells, user_id) FROM STDIN';

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

/** The revert that holds each of these syncs, if any (the partial unique index sync_live_revert_idx: at most one
 *  revert of a sync is not failed or cancelled). */
export const LIVE_REVERTS = `
  SELECT revert_of, id, status FROM sync
   WHERE revert_of = ANY ($1::uuid[]) AND status NOT IN ('failed', 'cancelled')`;

/** A revert's rows are the outcome records of the sync it reverts that changed a user, in their lines, copied
 *  inside PostgreSQL when the revert is accepted (the revert no longer needs the reverted sync's records once
 *  it runs). A failed record with changes is a row of an earlier revert whose other attributes went back: it is
 *  undone as the update of those. $1 the revert, $2 the reverted sync. */
export const STAGE_REVERT_ROWS = `
  INSERT INTO sync_row (sync_id, line, email, cells, outcome, changes, user_id)
  SELECT $1, line, email, '[]', CASE WHEN outcome = 'failed' THEN 'updated' ELSE outcome END, changes, user_id
    FROM sync_record
   WHERE sync_id = $2
     AND (outcome IN ('added', 'updated', 'deleted') OR (outcome = 'failed' AND changes IS NOT NULL))`;

/**
 * The step after a revert's batch is undone (UserBulkRepository.revertByStagedLines, the CTE `decided`): every
 * row's outcome record and the batch's counts. What changed since the reverted sync fails its row CHANGED_SINCE,
 * naming the columns of the attributes concerned (in the configuration's order; an attribute no longer
 * configured by its key) or the email column; the failed row's cells are its email, for the error report.
 * $1 the revert; $6 the configured attribute keys and $7 their columns, in order; $8 the email column.
 */
export const RECORD_REVERTED_LINES = `
  , outcomes AS MATERIALIZED (
    SELECT d.line, d.email, d.changes, d.user_id,
           CASE d.kind WHEN 'delete' THEN 'deleted' WHEN 'add' THEN 'added' WHEN 'update' THEN 'updated'
                       WHEN 'unchanged' THEN 'unchanged' WHEN 'not_found' THEN 'not_found' ELSE 'failed'
           END AS outcome,
           CASE WHEN d.kind IN ('changed', 'partial', 'replaced', 'missing', 'taken') THEN jsonb_build_object(
             'code', 'CHANGED_SINCE',
             'message', CASE
               WHEN d.kind = 'changed' AND d.outcome = 'added'
               THEN c.names || ': changed since the reverted sync added this user, so the user was not deleted'
               WHEN d.kind = 'changed'
               THEN c.names || ': changed since the reverted sync, so left as it is'
               WHEN d.kind = 'partial'
               THEN c.names || ': changed since the reverted sync, so left as it is; the other attributes went back'
               WHEN d.kind = 'replaced' AND d.outcome = 'added'
               THEN $8::text || ': the user that the reverted sync added was deleted since, and another user with '
                    || 'this email was added; that user was not deleted'
               WHEN d.kind = 'replaced'
               THEN $8::text || ': the user was deleted since the reverted sync, and another user with this email '
                    || 'was added; that user was left as it is'
               WHEN d.kind = 'missing'
               THEN $8::text || ': the user was deleted since the reverted sync; nothing went back'
               ELSE $8::text || ': a user with this email was added since the reverted sync deleted it; it was left '
                    || 'as it is, not added again'
             END,
             'column', CASE WHEN d.kind IN ('changed', 'partial') THEN c.first ELSE $8::text END)
           END AS error
      FROM decided AS d
     CROSS JOIN LATERAL (
           SELECT string_agg(n.name, ', ' ORDER BY n.pos NULLS LAST, n.name) AS names,
                  (array_agg(n.name ORDER BY n.pos NULLS LAST, n.name))[1] AS first
             FROM (SELECT coalesce(($7::text[])[array_position($6::text[], key)], key) AS name,
                          array_position($6::text[], key) AS pos
                     FROM unnest(d.conflicts) AS key) AS n
           ) AS c
  ), recorded AS (
    INSERT INTO sync_record (sync_id, line, email, outcome, changes, error, cells, user_id)
    SELECT $1, line, email, outcome, changes, error, CASE WHEN error IS NOT NULL THEN jsonb_build_array(email) END,
           user_id
      FROM outcomes
  )
  SELECT count(*)::int AS rows,
         count(*) FILTER (WHERE outcome = 'added')::int AS added,
         count(*) FILTER (WHERE outcome = 'updated')::int AS updated,
         count(*) FILTER (WHERE outcome = 'unchanged')::int AS unchanged,
         count(*) FILTER (WHERE outcome = 'deleted')::int AS deleted,
         count(*) FILTER (WHERE outcome = 'not_found')::int AS not_found,
         count(*) FILTER (WHERE outcome = 'failed')::int AS failed
    FROM outcomes`;

/** Locks the sync a revert is asked for: what the revert needs of it. */
export const LOCK_REVERT_TARGET = `
  SELECT id, status, dry_run, file_name, delimiter, added, updated, deleted
    FROM sync WHERE id = $1 AND tenant_id = $2 FOR UPDATE`;

/** A revert: no file, so its header is the email column alone (that of its error report) and its encoding
 *  UTF-8; its file name and delimiter are those of the sync it reverts. */
export const INSERT_REVERT = `
  INSERT INTO sync (tenant_id, action, dry_run, status, file_name, actor, actor_token_id, idempotency_key,
                    config_version, encoding, delimiter, header, warnings, revert_of)
  VALUES ($1, 'revert', $2, 'queued', $3, $4, $5, $6, $7, 'utf-8', $8, $9, '[]', $10)
  RETURNING id`;
