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
