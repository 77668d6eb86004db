// The set-based statements a sync batch runs on app_user: one statement per kind of change, over arrays of rows.

// How these statements are planned must not depend on table statistics: a table just loaded has none, and
// with autovacuum off it never gets any. With `email = ANY($emails)` the planner took 5000 emails for most of
// the tenant and read all its users once per batch (the 1M-row add took 118 s, most of it there); a plain join
// with unnest() turned into a hash join over the whole table while it was small. So each statement probes an
// index once per row of the batch by construction: a LATERAL subquery that cannot be flattened (LIMIT 1 on a
// unique key), or hash and merge joins switched off for the statement (NESTED_LOOP_ONLY, src/database/planner.ts).

/** The existing users a batch names: one probe of the unique (tenant_id, email) index per email. */
export const SELECT_USERS_BY_EMAIL = `
  SELECT u.id, u.email, u.attributes
    FROM unnest($2::text[]) AS e(email)
   CROSS JOIN LATERAL (
         SELECT id, email, attributes FROM app_user WHERE tenant_id = $1 AND email = e.email LIMIT 1
         ) AS u`;

/** New users arrive by COPY: one line per user, tab-separated id, tenant_id, email and attributes. The ids are
 *  UUIDv7, time-ordered: a batch's users land next to each other at the end of the primary key instead of on
 *  5000 random pages of it (a 1M-row add inserts about a third faster). */
export const COPY_USERS = 'COPY app_user (id, tenant_id, email, attributes) FROM STDIN';

/** Changed users are copied into a temporary table of the session (emptied at commit), then applied at once
 *  with NESTED_LOOP_ONLY. */
export const CREATE_CHANGED_USERS = `
  CREATE TEMPORARY TABLE IF NOT EXISTS changed_user (id uuid PRIMARY KEY, attributes jsonb NOT NULL)
  ON COMMIT DELETE ROWS`;
export const COPY_CHANGED_USERS = 'COPY changed_user (id, attributes) FROM STDIN';
export const APPLY_CHANGED_USERS = `
  UPDATE app_user AS a
     SET attributes = c.attributes, updated_at = now()
    FROM changed_user AS c
   WHERE a.id = c.id`;

/** The tenant's users, counted up to $2: enough to know that there are at least $2, without reading them all.
 *  In the order of the unique (tenant_id, email) index, so that it is read in order and stops at $2: a bitmap scan
 *  (the plan without statistics) would read every entry of the tenant before the limit. */
export const COUNT_USERS_UP_TO = `
  SELECT count(*)::int AS users
    FROM (SELECT 1 FROM app_user WHERE tenant_id = $1 ORDER BY tenant_id, email LIMIT $2) AS u`;

/** How many existing users a delete file names (the mass-delete guard), and how many the tenant has, in one
 *  read of the tenant's users. Repeats of an email are marked by then (dup_of), so each user meets at most one
 *  staged row. Run with HASH_JOIN_ONLY (src/database/planner.ts): without statistics the planner probed the
 *  users' index once per staged row, 12 s for a million rows instead of about 1.
 *  $1 sync (its staged rows, sync_row), $2 tenant. */
export const COUNT_STAGED_MATCHES = `
  SELECT count(*)::int AS users, count(r.email)::int AS matched
    FROM app_user AS u
    LEFT JOIN sync_row AS r ON r.sync_id = $1 AND r.dup_of IS NULL AND r.email = u.email
   WHERE u.tenant_id = $2`;

/**
 * Deletes the tenant's users that a window of a sync's staged lines names, and hands every line of the window
 * on with the user's id and last attributes (null when no user has that email) as the CTE
 * `found (line, email, id, attributes)` to the step that the caller appends (`then`: more CTEs, each starting
 * with a comma, and the statement's final SELECT), so that a sync records its outcomes in the same statement
 * (docs/PERFORMANCE.md: against sending the emails out and the last values back, the worker's CPU per batch
 * fell to a third). Each staged row is one probe of the unique (tenant_id, email) index (a LATERAL with
 * LIMIT 1 cannot be flattened), and a found user is deleted through the primary key: no join here needs a
 * pinned method. $1 sync, $2 after line, $3 until line, $4 tenant, $5 lines to leave out (their rows failed).
 */
export function deleteByStagedLines(then: string): string {
  return `
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
  )${then}`;
}
