// The set-based statements of a revert (SPEC §10) on app_user: what each outcome record of the reverted sync
// finds of its user now, and the change that undoes the record where the user is still as the sync left it.
// As for the other statements of a batch (user-bulk.sql.ts), every lookup is one index probe per row by
// construction, whether or not the tables have statistics.

/**
 * Undoes a window of a revert's staged rows (outcome records of the reverted sync, staged by
 * STAGE_REVERT_ROWS) and hands every row on, as the CTE `decided (line, email, outcome, kind, user_id,
 * changes, conflicts)`, to the step that the caller appends (`then`: more CTEs, each starting with a comma,
 * and the final SELECT), which records the outcomes in the same statement.
 *
 * The user a record is about is the user with its email now, if that user has the id the record kept (records
 * written before ids were kept match by email alone). Emails never change (a user is keyed by email), so one
 * probe of the (tenant_id, email) index finds both that user and, when it is gone, anyone who took its email.
 *
 * `kind`, per `outcome` of the reverted record:
 * - added: `delete` (the user's attributes are still exactly those the sync set), `changed` (some differ:
 *   `conflicts` names them), `not_found` (the user is gone and nobody has its email), `replaced` (the user is
 *   gone and another user has its email);
 * - updated: per attribute the sync changed, the value still the sync's `to` goes back to `from`, one that is
 *   at `from` already stays, any other is a conflict: `update` (all went back), `partial` (some went back,
 *   `conflicts` did not), `changed` (none went back), `unchanged` (all were back already), `missing` (the
 *   user is gone), `replaced` (gone, and another user has its email);
 * - deleted: `add` (nobody has the email: added again with its last attributes and its former id, when the
 *   record kept it), `unchanged` (the same user is back with the same attributes), `taken` (a user with the
 *   email exists).
 * `changes` is what the row's record shows: the attributes of a deleted or added user, the `{ from, to }` of
 * the attributes that went back; `user_id` the user it is about (a new id for a user added again without one).
 *
 * $1 revert, $2 after line, $3 until line, $4 tenant, $5 apply (false for a dry run: nothing is written).
 */
export function revertByStagedLines(then: string): string {
  return `
  WITH batch AS MATERIALIZED (
    SELECT line, email, outcome, changes, user_id
      FROM sync_row
     WHERE sync_id = $1 AND line > $2 AND line <= $3
  ), looked AS MATERIALIZED (
    SELECT b.line, b.email, b.outcome, b.changes, b.changes::jsonb AS stored, b.user_id AS known_id,
           u.id AS holder_id, u.attributes AS attributes,
           (u.id IS NOT NULL AND u.id = coalesce(b.user_id, u.id)) AS same_user
      FROM batch AS b
      LEFT JOIN LATERAL (
           SELECT id, attributes FROM app_user WHERE tenant_id = $4 AND email = b.email LIMIT 1
           ) AS u ON true
  ), judged AS MATERIALIZED (
    SELECT l.line, l.email, l.outcome, l.changes, l.same_user, l.holder_id, k.back, k.cleared, k.restored,
           CASE l.outcome WHEN 'added' THEN a.differing ELSE k.conflicts END AS conflicts,
           CASE WHEN l.outcome = 'deleted' AND l.holder_id IS NULL
                THEN coalesce(l.known_id, gen_random_uuid()) END AS new_id,
           CASE l.outcome
             WHEN 'added' THEN CASE
               WHEN NOT l.same_user THEN CASE WHEN l.holder_id IS NULL THEN 'not_found' ELSE 'replaced' END
               WHEN l.attributes = l.stored THEN 'delete'
               ELSE 'changed' END
             WHEN 'deleted' THEN CASE
               WHEN l.holder_id IS NULL THEN 'add'
               WHEN l.same_user AND l.attributes = l.stored THEN 'unchanged'
               ELSE 'taken' END
             ELSE CASE
               WHEN NOT l.same_user THEN CASE WHEN l.holder_id IS NULL THEN 'missing' ELSE 'replaced' END
               WHEN k.conflicts IS NULL AND k.back IS NULL THEN 'unchanged'
               WHEN k.conflicts IS NULL THEN 'update'
               WHEN k.back IS NULL THEN 'changed'
               ELSE 'partial' END
           END AS kind
      FROM looked AS l
     CROSS JOIN LATERAL (
           -- An added user's attributes that are no longer what the sync set, or that it did not set.
           SELECT array_agg(key ORDER BY key) AS differing
             FROM jsonb_object_keys(CASE WHEN l.outcome = 'added' AND l.same_user AND l.attributes <> l.stored
                                         THEN l.stored || l.attributes END) AS key
            WHERE (l.stored -> key) IS DISTINCT FROM (l.attributes -> key)
           ) AS a
     CROSS JOIN LATERAL (
           -- An updated user's attributes, each going back, back already, or changed since (in stored order).
           SELECT json_object_agg(c.key, json_build_object('from', c.value -> 'to', 'to', c.value -> 'from')
                                  ORDER BY c.ord) FILTER (WHERE c.state = 'back') AS back,
                  array_agg(c.key ORDER BY c.ord) FILTER (WHERE c.state = 'conflict') AS conflicts,
                  array_agg(c.key) FILTER (WHERE c.state = 'back' AND c.before IS NULL) AS cleared,
                  jsonb_object_agg(c.key, c.before) FILTER (WHERE c.state = 'back' AND c.before IS NOT NULL)
                    AS restored
             FROM (SELECT e.key, e.value, e.ord, nullif((e.value -> 'from')::jsonb, 'null') AS before,
                          CASE WHEN (l.attributes -> e.key) IS NOT DISTINCT FROM nullif((e.value -> 'to')::jsonb, 'null')
                               THEN 'back'
                               WHEN (l.attributes -> e.key) IS NOT DISTINCT FROM nullif((e.value -> 'from')::jsonb, 'null')
                               THEN 'already'
                               ELSE 'conflict' END AS state
                     FROM json_each(CASE WHEN l.outcome = 'updated' AND l.same_user THEN l.changes END)
                          WITH ORDINALITY AS e(key, value, ord)) AS c
           ) AS k
  ), deleted AS (
    -- By the primary key alone: the ids were found in the tenant (a condition on tenant_id here made the planner
    -- read the tenant's whole email index beside it).
    DELETE FROM app_user
     WHERE $5::boolean AND id = ANY (ARRAY(SELECT holder_id FROM judged WHERE kind = 'delete'))
  ), changed AS (
    UPDATE app_user AS a
       SET attributes = (a.attributes - coalesce(j.cleared, '{}')) || coalesce(j.restored, '{}'), updated_at = now()
      FROM judged AS j
     WHERE $5::boolean AND j.kind IN ('update', 'partial') AND a.id = j.holder_id
  ), added AS (
    INSERT INTO app_user (id, tenant_id, email, attributes)
    SELECT new_id, $4, email, changes::jsonb FROM judged WHERE $5::boolean AND kind = 'add'
  ), decided AS (
    SELECT line, email, outcome, kind, conflicts,
           CASE WHEN kind = 'add' THEN new_id WHEN same_user THEN holder_id END AS user_id,
           CASE WHEN kind IN ('delete', 'add') THEN changes WHEN kind IN ('update', 'partial') THEN back END
             AS changes
      FROM judged
  )${then}`;
}

/** How many existing users a revert would delete (the users its reverted sync added, by email: an upper bound,
 *  as a user changed since stays), and how many the tenant has, in one read of each table. Run with
 *  HASH_JOIN_ONLY, as COUNT_STAGED_MATCHES. $1 revert (its staged rows), $2 tenant. */
export const COUNT_REVERT_DELETES = `
  SELECT count(*)::int AS users, count(r.email)::int AS matched
    FROM app_user AS u
    LEFT JOIN sync_row AS r ON r.sync_id = $1 AND r.outcome = 'added' AND r.email = u.email
   WHERE u.tenant_id = $2`;
