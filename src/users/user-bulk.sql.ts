// The set-based statements a sync batch runs on app_user: one statement per kind of change, over arrays of rows.

/** The existing users a batch names; the unique (tenant_id, email) index serves it. */
export const SELECT_USERS_BY_EMAIL = `
  SELECT id, email, attributes
    FROM app_user
   WHERE tenant_id = $1 AND email = ANY($2::text[])`;

/** New users arrive by COPY: one line per user, tab-separated tenant_id, email and attributes. */
export const COPY_USERS = 'COPY app_user (tenant_id, email, attributes) FROM STDIN';

/** Changed users are copied into a temporary table of the session (emptied at commit), then applied at once. */
export const CREATE_CHANGED_USERS = `
  CREATE TEMPORARY TABLE IF NOT EXISTS changed_user (id uuid PRIMARY KEY, attributes jsonb NOT NULL)
  ON COMMIT DELETE ROWS`;
export const COPY_CHANGED_USERS = 'COPY changed_user (id, attributes) FROM STDIN';
export const APPLY_CHANGED_USERS = `
  UPDATE app_user AS a
     SET attributes = c.attributes, updated_at = now()
    FROM changed_user AS c
   WHERE a.id = c.id`;

export const DELETE_USERS = `DELETE FROM app_user WHERE id = ANY($1::uuid[])`;
