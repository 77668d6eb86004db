// The set-based statements a sync batch runs on app_user: one statement per kind of change, over arrays of rows.

/** The existing users a batch names; the unique (tenant_id, email) index serves it. */
export const SELECT_USERS_BY_EMAIL = `
  SELECT id, email, attributes
    FROM app_user
   WHERE tenant_id = $1 AND email = ANY($2::text[])`;

export const INSERT_USERS = `
  INSERT INTO app_user (tenant_id, email, attributes)
  SELECT $1, u.email, u.attributes
    FROM unnest($2::text[], $3::jsonb[]) AS u(email, attributes)`;

export const UPDATE_USERS = `
  UPDATE app_user AS a
     SET attributes = u.attributes, updated_at = now()
    FROM unnest($1::uuid[], $2::jsonb[]) AS u(id, attributes)
   WHERE a.id = u.id`;

export const DELETE_USERS = `DELETE FROM app_user WHERE id = ANY($1::uuid[])`;
