// Reverting a sync (SPEC §10): a new sync of action `revert` undoes a finished one from its outcome records, through
// the same engine, and leaves alone, as CHANGED_SINCE, whatever changed since.
import { parse } from 'csv-parse/sync';
import { QUEUE_PLACE_NAMESPACE } from '../../src/csv-sync/sync-lifecycle';
import { SyncRetention } from '../../src/csv-sync/sync-retention.service';
import { TENANT_LOCK_NAMESPACE } from '../../src/csv-sync/tenant-lock';
import { startApp, TestApp } from '../support/app';
import { csvFile, HEADER, userRow } from '../support/csv-file';
import { withDb } from '../support/db';
import { setUpTenant, STAFF_TOKEN, TenantSetup } from '../support/fixtures';
import { allPages, records, revert, revertSync, syncFile, users, waitForSync } from '../support/syncs';
import { waitFor } from '../support/wait';

const emailFile = (emails: string[]) => csvFile([['Email'], ...emails.map((e) => [e])]);

describe('reverting a sync (SPEC §10)', () => {
  let t: TestApp;

  beforeAll(async () => {
    // Small batches, so that every revert crosses batch boundaries.
    t = await startApp({ SYNC_BATCH_SIZE: '3' });
  });
  afterAll(() => t.close());

  const base = (s: TenantSetup) => `/api/tenants/${s.tenantId}/csv-sync/syncs`;
  const sync = (s: TenantSetup, file: Buffer, options = {}) =>
    syncFile(t.http, s.tenantId, s.adminToken, file, options);
  const undo = (s: TenantSetup, syncId: string, options = {}) =>
    revertSync(t.http, s.tenantId, s.adminToken, syncId, options);
  const recordsOf = (s: TenantSetup, syncId: string, query = '') =>
    records(t.http, s.tenantId, syncId, s.adminToken, query);
  const usersOf = async (s: TenantSetup) =>
    Object.fromEntries((await users(t.http, s.tenantId, s.adminToken)).map((u) => [u.email, u.attributes]));
  const idsOf = async (s: TenantSetup) =>
    Object.fromEntries((await users(t.http, s.tenantId, s.adminToken)).map((u) => [u.email, u.id]));
  const getSync = async (s: TenantSetup, syncId: string) =>
    (await t.http.get(`${base(s)}/${syncId}`, s.adminToken)).body;
  /** Users as something other than the syncs under test left them. */
  const setAttributes = (s: TenantSetup, email: string, attributes: Record<string, unknown>) =>
    withDb(t.environment.databaseUrl, (db) =>
      db.query(
        'UPDATE app_user SET attributes = attributes || $3::jsonb WHERE tenant_id = $1 AND email = $2',
        [s.tenantId, email, JSON.stringify(attributes)],
      ),
    );

  it('brings the users of a delete back with their last attributes and their former ids', async () => {
    const s = await setUpTenant(t.http);
    await sync(s, csvFile([HEADER, userRow(1), userRow(2), userRow(3), userRow(4)]));
    const before = await usersOf(s);
    const ids = await idsOf(s);
    const deleted = await sync(
      s,
      emailFile(['user1@example.com', 'user3@example.com', 'nobody@example.com']),
      {
        action: 'delete',
      },
    );
    expect(deleted.counts).toMatchObject({ deleted: 2, notFound: 1 });

    const accepted = await revert(t.http, s.tenantId, s.adminToken, deleted.id);
    expect(accepted.status).toBe(202);
    expect(accepted.headers.get('location')).toBe(`${base(s)}/${accepted.body.id}`);
    expect(accepted.body).toMatchObject({
      action: 'revert',
      revertOf: deleted.id,
      revertedBy: null,
      fileName: deleted.fileName,
      dryRun: false,
      actor: 'Jane Doe',
    });
    const done = await waitForSync(t.http, s.tenantId, accepted.body.id, s.adminToken);
    expect(done).toMatchObject({
      status: 'completed',
      counts: { total: 2, added: 2, updated: 0, unchanged: 0, deleted: 0, notFound: 0, failed: 0 },
      progress: { processedRows: 2, totalRows: 2, percent: 100 },
    });
    expect(await usersOf(s)).toEqual(before);
    expect(await idsOf(s)).toEqual(ids);
    // The reverted sync names its revert; the records are the lines of the reverted sync's file.
    expect((await getSync(s, deleted.id)).revertedBy).toBe(done.id);
    expect(
      (await recordsOf(s, done.id)).map((r) => [r.line, r.email, r.outcome, r.changes, r.error]),
    ).toEqual([
      [
        2,
        'user1@example.com',
        'added',
        expect.objectContaining({ firstName: { from: null, to: 'First1' } }),
        null,
      ],
      [
        3,
        'user3@example.com',
        'added',
        expect.objectContaining({ lastName: { from: null, to: 'Last3' } }),
        null,
      ],
    ]);
  });

  it('deletes the users an upsert added and puts back the attributes it changed', async () => {
    const s = await setUpTenant(t.http);
    await sync(s, csvFile([HEADER, userRow(1), userRow(2), userRow(3)]));
    const before = await usersOf(s);
    const upsert = await sync(
      s,
      csvFile([
        HEADER,
        userRow(1, { Department: 'HR', Groups: 'Admins' }),
        userRow(2),
        userRow(3, { 'Cost Center': '' }), // emptyCell keep: unchanged
        userRow(4),
        userRow(5),
        ['bad-email', 'X', 'Y', '', '', '', '', ''],
      ]),
    );
    expect(upsert.counts).toMatchObject({ added: 2, updated: 1, unchanged: 2, failed: 1 });

    const done = await undo(s, upsert.id);
    expect(done).toMatchObject({
      action: 'revert',
      status: 'completed',
      counts: { total: 3, added: 0, updated: 1, unchanged: 0, deleted: 2, notFound: 0, failed: 0 },
    });
    expect(await usersOf(s)).toEqual(before);
    const recs = await recordsOf(s, done.id);
    expect(recs.map((r) => [r.line, r.email, r.outcome])).toEqual([
      [2, 'user1@example.com', 'updated'],
      [5, 'user4@example.com', 'deleted'],
      [6, 'user5@example.com', 'deleted'],
    ]);
    expect(recs[0].changes).toEqual({
      department: { from: 'HR', to: 'Sales' },
      groups: { from: ['Admins'], to: ['Admins', 'Scouts'] },
    });
    expect(recs[1].changes.firstName).toEqual({ from: 'First4', to: null });
  });

  it('leaves alone what changed since, as CHANGED_SINCE naming it, and undoes the rest', async () => {
    const s = await setUpTenant(t.http);
    await sync(s, csvFile([HEADER, userRow(1), userRow(2), userRow(3)]));
    const upsert = await sync(
      s,
      csvFile([
        HEADER,
        userRow(1, { Department: 'HR', 'First Name': 'Ann' }),
        userRow(2, { Department: 'R&D' }),
        userRow(4),
        userRow(5),
      ]),
    );
    expect(upsert.counts).toMatchObject({ added: 2, updated: 2 });
    // Since then: user1's first name changed again, user2 is as the upsert left it, user4 (added) got another department,
    // user5 (added) was deleted and added again as another user.
    await sync(s, csvFile([HEADER, userRow(1, { Department: 'HR', 'First Name': 'Anna' })]));
    await setAttributes(s, 'user4@example.com', { department: 'R&D', costCenter: 7 });
    await sync(s, emailFile(['user5@example.com']), { action: 'delete' });
    await sync(s, csvFile([HEADER, userRow(5, { 'Last Name': 'Again' })]));
    const ids = await idsOf(s);

    const done = await undo(s, upsert.id);
    expect(done).toMatchObject({
      status: 'completed_with_errors',
      counts: { total: 4, added: 0, updated: 1, unchanged: 0, deleted: 0, notFound: 0, failed: 3 },
    });
    const recs = await recordsOf(s, done.id);
    expect(recs.map((r) => [r.line, r.email, r.outcome, r.error?.code ?? null])).toEqual([
      [2, 'user1@example.com', 'failed', 'CHANGED_SINCE'],
      [3, 'user2@example.com', 'updated', null],
      [4, 'user4@example.com', 'failed', 'CHANGED_SINCE'],
      [5, 'user5@example.com', 'failed', 'CHANGED_SINCE'],
    ]);
    // user1: the department went back, the first name changed since stays; the record shows what went back.
    expect(recs[0].changes).toEqual({ department: { from: 'HR', to: 'Sales' } });
    expect(recs[0].error).toEqual({
      code: 'CHANGED_SINCE',
      column: 'First Name',
      message:
        'First Name: changed since the reverted sync, so left as it is; the other attributes went back',
    });
    expect(recs[2].error).toEqual({
      code: 'CHANGED_SINCE',
      column: 'Department',
      message:
        'Department, Cost Center: changed since the reverted sync added this user, so the user was not deleted',
    });
    expect(recs[2].changes).toBeNull();
    expect(recs[3].error.column).toBe('Email');
    expect(recs[3].error.message).toMatch(/deleted since, and another user with this email was added/);

    const after = await usersOf(s);
    expect(after['user1@example.com']).toMatchObject({ firstName: 'Anna', department: 'Sales' });
    expect(after['user2@example.com'].department).toBe('HR');
    expect(after['user4@example.com']).toMatchObject({ department: 'R&D', costCenter: 7 });
    expect(after['user5@example.com'].lastName).toBe('Again');
    expect((await idsOf(s))['user5@example.com']).toBe(ids['user5@example.com']);
    // The error report: the email, the line, the code and the message of each row left alone.
    const report = parse(
      (await t.http.get(`${base(s)}/${done.id}/records.csv?outcome=failed`, s.adminToken)).text.slice(1),
    );
    expect(report[0]).toEqual(['Email', 'line', 'error_code', 'error_message']);
    expect(report.slice(1).map((row: string[]) => row.slice(0, 3))).toEqual([
      ['user1@example.com', '2', 'CHANGED_SINCE'],
      ['user4@example.com', '4', 'CHANGED_SINCE'],
      ['user5@example.com', '5', 'CHANGED_SINCE'],
    ]);
  });

  it('does not add a deleted user again when a user with its email was added since', async () => {
    const s = await setUpTenant(t.http);
    await sync(s, csvFile([HEADER, userRow(1), userRow(2)]));
    const deleted = await sync(s, emailFile(['user1@example.com', 'user2@example.com']), {
      action: 'delete',
    });
    await sync(s, csvFile([HEADER, userRow(2, { 'First Name': 'New' })]));
    const done = await undo(s, deleted.id);
    expect(done.counts).toMatchObject({ added: 1, failed: 1 });
    const recs = await recordsOf(s, done.id, 'outcome=failed');
    expect(recs).toEqual([
      {
        line: 3,
        email: 'user2@example.com',
        outcome: 'failed',
        changes: null,
        error: {
          code: 'CHANGED_SINCE',
          column: 'Email',
          message:
            'Email: a user with this email was added since the reverted sync deleted it; it was left as it is, ' +
            'not added again',
        },
      },
    ]);
    expect((await usersOf(s))['user2@example.com'].firstName).toBe('New');
  });

  it('computes a dry run without changing any user, then applies it', async () => {
    const s = await setUpTenant(t.http);
    await sync(s, csvFile([HEADER, userRow(1)]));
    const upsert = await sync(s, csvFile([HEADER, userRow(1, { Department: 'HR' }), userRow(2), userRow(3)]));
    const after = await usersOf(s);

    const preview = await undo(s, upsert.id, { dryRun: true });
    expect(preview).toMatchObject({
      action: 'revert',
      status: 'previewed',
      dryRun: true,
      counts: { total: 3, updated: 1, deleted: 2 },
    });
    expect(await usersOf(s)).toEqual(after);
    expect((await getSync(s, upsert.id)).revertedBy).toBe(preview.id);

    const applied = await t.http.post(`${base(s)}/${preview.id}/apply`, {}, s.adminToken);
    expect(applied.status).toBe(202);
    const done = await waitForSync(t.http, s.tenantId, preview.id, s.adminToken);
    expect(done).toMatchObject({ status: 'completed', dryRun: false, counts: { updated: 1, deleted: 2 } });
    expect(Object.keys(await usersOf(s))).toEqual(['user1@example.com']);
    expect((await recordsOf(s, done.id)).map((r) => r.outcome)).toEqual(['updated', 'deleted', 'deleted']);
  });

  it('redoes a sync by reverting its revert', async () => {
    const s = await setUpTenant(t.http);
    await sync(s, csvFile([HEADER, userRow(1), userRow(2)]));
    const upsert = await sync(s, csvFile([HEADER, userRow(1, { Department: 'HR' }), userRow(3)]));
    const deleted = await sync(s, emailFile(['user2@example.com']), { action: 'delete' });
    const afterDelete = await usersOf(s);
    const idsAfterDelete = await idsOf(s);

    const undoDelete = await undo(s, deleted.id);
    expect(undoDelete.counts).toMatchObject({ added: 1 });
    const redoDelete = await undo(s, undoDelete.id);
    expect(redoDelete).toMatchObject({ action: 'revert', revertOf: undoDelete.id, status: 'completed' });
    expect(redoDelete.counts).toMatchObject({ deleted: 1 });
    expect(await usersOf(s)).toEqual(afterDelete);

    const undoUpsert = await undo(s, upsert.id);
    expect(undoUpsert.counts).toMatchObject({ updated: 1, deleted: 1 });
    const redoUpsert = await undo(s, undoUpsert.id);
    expect(redoUpsert.counts).toMatchObject({ updated: 1, added: 1 });
    expect(await usersOf(s)).toEqual(afterDelete);
    // The user the upsert added comes back under the id it had.
    expect(await idsOf(s)).toEqual(idsAfterDelete);
    expect((await getSync(s, undoUpsert.id)).revertedBy).toBe(redoUpsert.id);
  });

  it('redoes a row that went back in part: the attributes that went back go forward again', async () => {
    const s = await setUpTenant(t.http);
    await sync(s, csvFile([HEADER, userRow(1)]));
    const upsert = await sync(s, csvFile([HEADER, userRow(1, { Department: 'HR', 'First Name': 'Ann' })]));
    await sync(s, csvFile([HEADER, userRow(1, { Department: 'HR', 'First Name': 'Anna' })]));
    const undone = await undo(s, upsert.id);
    expect(undone.counts).toMatchObject({ failed: 1 });
    expect((await usersOf(s))['user1@example.com']).toMatchObject({ department: 'Sales', firstName: 'Anna' });

    const redone = await undo(s, undone.id);
    expect(redone).toMatchObject({ status: 'completed', counts: { total: 1, updated: 1, failed: 0 } });
    expect((await recordsOf(s, redone.id))[0].changes).toEqual({ department: { from: 'Sales', to: 'HR' } });
    expect((await usersOf(s))['user1@example.com']).toMatchObject({ department: 'HR', firstName: 'Anna' });
  });

  it('finishes the work of a revert that failed: rows already undone are no conflicts', async () => {
    const s = await setUpTenant(t.http);
    await sync(s, csvFile([HEADER, userRow(1), userRow(2)]));
    const upsert = await sync(s, csvFile([HEADER, userRow(1, { Department: 'HR' }), userRow(3)]));
    const deleted = await sync(s, emailFile(['user2@example.com']), { action: 'delete' });
    // As if the worker had failed the reverts after their last batch: they let their syncs go.
    const first = [await undo(s, upsert.id), await undo(s, deleted.id)];
    const undoneState = await usersOf(s);
    await withDb(t.environment.databaseUrl, (db) =>
      db.query("UPDATE sync SET status = 'failed' WHERE id = ANY($1::uuid[])", [first.map((f) => f.id)]),
    );
    expect((await getSync(s, upsert.id)).revertedBy).toBeNull();

    const again = await undo(s, upsert.id);
    expect(again).toMatchObject({
      status: 'completed',
      counts: { total: 2, updated: 0, deleted: 0, unchanged: 1, notFound: 1, failed: 0 },
    });
    const againDelete = await undo(s, deleted.id);
    expect(againDelete).toMatchObject({ status: 'completed', counts: { total: 1, added: 0, unchanged: 1 } });
    expect(await usersOf(s)).toEqual(undoneState);
  });

  it('refuses with 409 what cannot be reverted, saying why', async () => {
    const s = await setUpTenant(t.http);
    await sync(s, csvFile([HEADER, userRow(1), ...Array.from({ length: 11 }, (_, i) => userRow(i + 100))]));
    const refused = async (syncId: string, pattern: RegExp) => {
      const res = await revert(t.http, s.tenantId, s.adminToken, syncId);
      expect(res.status).toBe(409);
      expect(res.body.error).toBe('SYNC_STATE_CONFLICT');
      expect(res.body.message).toMatch(pattern);
      return res.body;
    };

    const preview = await sync(s, csvFile([HEADER, userRow(1, { Department: 'HR' })]), { dryRun: true });
    await refused(preview.id, /dry run that has not been applied/);
    await t.http.post(`${base(s)}/${preview.id}/cancel`, {}, s.adminToken);
    await refused(preview.id, /dry run that was cancelled before it was applied/);

    const guarded = await sync(
      s,
      emailFile(Array.from({ length: 11 }, (_, i) => `user${i + 100}@example.com`)),
      { action: 'delete' },
    );
    expect(guarded.status).toBe('awaiting_confirmation');
    await refused(guarded.id, /waits for confirmation/);

    const unchanged = await sync(s, csvFile([HEADER, userRow(1)]));
    expect(unchanged.counts).toMatchObject({ unchanged: 1 });
    await refused(unchanged.id, /changed no user/);

    const failedRows = await sync(s, csvFile([HEADER, ['not-an-email', 'A', 'B', '', '', '', '', '']]));
    expect(failedRows.status).toBe('completed_with_errors');
    await refused(failedRows.id, /changed no user/);

    // A sync the worker failed (the engine fails a sync only on an unexpected error; written directly here).
    const failed = await sync(s, csvFile([HEADER, userRow(2)]));
    await withDb(t.environment.databaseUrl, (db) =>
      db.query("UPDATE sync SET status = 'failed' WHERE id = $1", [failed.id]),
    );
    await refused(failed.id, /The sync failed/);

    const upsert = await sync(s, csvFile([HEADER, userRow(3)]));
    const first = await undo(s, upsert.id);
    const again = await refused(upsert.id, /already reverted by sync/);
    expect(again.details).toEqual({ syncId: upsert.id, revertedBy: first.id });

    // A sync still queued (another run holds the tenant) and one processing.
    const busy = await withDb(t.environment.databaseUrl, async (db) => {
      await db.query('SELECT pg_advisory_lock($1, hashtext($2))', [TENANT_LOCK_NAMESPACE, s.tenantId]);
      const queued = await t.http.upload(`${base(s)}?action=upsert`, csvFile([HEADER, userRow(4)]), {
        token: s.adminToken,
      });
      const body = await refused(queued.body.id, /The sync is queued: only a finished sync/);
      await db.query("UPDATE sync SET status = 'processing' WHERE id = $1", [queued.body.id]);
      await refused(queued.body.id, /The sync is processing/);
      await db.query("UPDATE sync SET status = 'queued' WHERE id = $1", [queued.body.id]);
      await db.query('SELECT pg_advisory_unlock($1, hashtext($2))', [TENANT_LOCK_NAMESPACE, s.tenantId]);
      return body;
    });
    expect(busy.details.status).toBe('queued');
  });

  it('refuses, with 409 saying so, a sync whose records were purged', async () => {
    const s = await setUpTenant(t.http);
    const old = await sync(s, csvFile([HEADER, userRow(1)]));
    await withDb(t.environment.databaseUrl, (db) =>
      db.query(`UPDATE sync SET created_at = now() - interval '400 days' WHERE id = $1`, [old.id]),
    );
    await t.app.get(SyncRetention).purge();
    const res = await revert(t.http, s.tenantId, s.adminToken, old.id);
    expect(res.status).toBe(409);
    expect(res.body).toMatchObject({
      error: 'SYNC_STATE_CONFLICT',
      message: expect.stringMatching(/records were purged \(they are kept 365 days/),
      details: { syncId: old.id, purged: true },
    });
    const unknown = await revert(t.http, s.tenantId, s.adminToken, '00000000-0000-4000-8000-000000000000');
    expect(unknown.status).toBe(404);
    expect(unknown.body.error).toBe('SYNC_NOT_FOUND');
  });

  it('accepts one of several reverts of a sync sent at once', async () => {
    const s = await setUpTenant(t.http);
    const upsert = await sync(s, csvFile([HEADER, userRow(1), userRow(2)]));
    // The requests meet in PostgreSQL: each would take the tenant's place in the queue last, before its COMMIT,
    // and that place is held here until all four are inside their transactions.
    const answers = await withDb(t.environment.databaseUrl, async (db) => {
      await db.query('SELECT pg_advisory_lock($1, hashtext($2))', [QUEUE_PLACE_NAMESPACE, s.tenantId]);
      const pending = Array.from({ length: 4 }, () => revert(t.http, s.tenantId, s.adminToken, upsert.id));
      await waitFor(async () => {
        const { rows } = await db.query(
          `SELECT count(*)::int AS n FROM pg_stat_activity
            WHERE datname = current_database() AND wait_event_type = 'Lock' AND pid <> pg_backend_pid()`,
        );
        return rows[0].n === 4;
      }, 'four reverts waiting in PostgreSQL');
      await db.query('SELECT pg_advisory_unlock($1, hashtext($2))', [QUEUE_PLACE_NAMESPACE, s.tenantId]);
      return Promise.all(pending);
    });
    expect(answers.map((a) => a.status).sort()).toEqual([202, 409, 409, 409]);
    const accepted = answers.find((a) => a.status === 202)!;
    for (const a of answers.filter((x) => x.status === 409)) {
      expect(a.body.error).toBe('SYNC_STATE_CONFLICT');
      expect(a.body.details.revertedBy).toBe(accepted.body.id);
    }
    const done = await waitForSync(t.http, s.tenantId, accepted.body.id, s.adminToken);
    expect(done.counts).toMatchObject({ deleted: 2 });
    const reverts = await allPages(t.http, `${base(s)}?action=revert`, s.adminToken);
    expect(reverts.map((r) => r.id)).toEqual([accepted.body.id]);
  });

  it('lets a sync be reverted again once its revert was cancelled', async () => {
    const s = await setUpTenant(t.http);
    const upsert = await sync(s, csvFile([HEADER, userRow(1), userRow(2)]));
    const preview = await undo(s, upsert.id, { dryRun: true });
    const cancelled = await t.http.post(`${base(s)}/${preview.id}/cancel`, {}, s.adminToken);
    expect(cancelled.body).toMatchObject({ status: 'cancelled', revertOf: upsert.id });
    expect((await getSync(s, upsert.id)).revertedBy).toBeNull();
    // A revert still queued (another run holds the tenant) is cancelled at once, with its staged rows.
    await withDb(t.environment.databaseUrl, async (db) => {
      await db.query('SELECT pg_advisory_lock($1, hashtext($2))', [TENANT_LOCK_NAMESPACE, s.tenantId]);
      const queued = await revert(t.http, s.tenantId, s.adminToken, upsert.id);
      expect(queued.body.status).toBe('queued');
      expect((await getSync(s, upsert.id)).revertedBy).toBe(queued.body.id);
      const stopped = await t.http.post(`${base(s)}/${queued.body.id}/cancel`, {}, s.adminToken);
      expect(stopped.body).toMatchObject({ status: 'cancelled', counts: { total: 2, deleted: 0 } });
      const staged = await db.query('SELECT count(*)::int AS n FROM sync_row WHERE sync_id = $1', [
        queued.body.id,
      ]);
      expect(staged.rows[0].n).toBe(0);
      await db.query('SELECT pg_advisory_unlock($1, hashtext($2))', [TENANT_LOCK_NAMESPACE, s.tenantId]);
    });
    expect((await getSync(s, upsert.id)).revertedBy).toBeNull();
    expect(Object.keys(await usersOf(s))).toHaveLength(2);

    const done = await undo(s, upsert.id);
    expect(done.counts).toMatchObject({ deleted: 2 });
    expect((await getSync(s, upsert.id)).revertedBy).toBe(done.id);
  });

  it('stops a revert that would delete most users for confirmation, then applies it', async () => {
    const s = await setUpTenant(t.http);
    await sync(s, csvFile([HEADER, userRow(1)]));
    const upsert = await sync(s, csvFile([HEADER, ...Array.from({ length: 12 }, (_, i) => userRow(i + 2))]));
    const guarded = await undo(s, upsert.id);
    expect(guarded.status).toBe('awaiting_confirmation');
    expect(guarded.warnings).toEqual([
      expect.objectContaining({
        code: 'MASS_DELETE_GUARD',
        message: expect.stringMatching(/^This revert would delete 12 of the tenant's 13 users \(92%\)/),
      }),
    ]);
    expect(Object.keys(await usersOf(s))).toHaveLength(13);
    await t.http.post(`${base(s)}/${guarded.id}/apply`, {}, s.adminToken);
    const done = await waitForSync(t.http, s.tenantId, guarded.id, s.adminToken);
    expect(done).toMatchObject({ status: 'completed', counts: { deleted: 12 } });
    expect(Object.keys(await usersOf(s))).toEqual(['user1@example.com']);
  });

  it('returns the first revert for a retry with the same Idempotency-Key, and refuses the key elsewhere', async () => {
    const s = await setUpTenant(t.http);
    const upsert = await sync(s, csvFile([HEADER, userRow(1)]));
    const other = await sync(s, csvFile([HEADER, userRow(2)]));
    const key = 'revert-key-1';
    const first = await revert(t.http, s.tenantId, s.adminToken, upsert.id, { idempotencyKey: key });
    expect(first.status).toBe(202);
    await waitForSync(t.http, s.tenantId, first.body.id, s.adminToken);
    const retry = await revert(t.http, s.tenantId, s.adminToken, upsert.id, { idempotencyKey: key });
    expect(retry.status).toBe(202);
    expect(retry.body.id).toBe(first.body.id);
    expect(retry.headers.get('location')).toBe(`${base(s)}/${first.body.id}`);

    for (const attempt of [
      revert(t.http, s.tenantId, s.adminToken, other.id, { idempotencyKey: key }),
      revert(t.http, s.tenantId, s.adminToken, upsert.id, { idempotencyKey: key, dryRun: true }),
      t.http.upload(`${base(s)}?action=upsert`, csvFile([HEADER, userRow(3)]), {
        token: s.adminToken,
        headers: { 'idempotency-key': key },
      }),
    ]) {
      const res = await attempt;
      expect(res.status).toBe(409);
      expect(res.body).toMatchObject({ error: 'IDEMPOTENCY_KEY_REUSED', details: { syncId: first.body.id } });
    }
    const uploadKey = 'upload-key-1';
    await t.http.upload(`${base(s)}?action=upsert`, csvFile([HEADER, userRow(4)]), {
      token: s.adminToken,
      headers: { 'idempotency-key': uploadKey },
    });
    const reused = await revert(t.http, s.tenantId, s.adminToken, other.id, { idempotencyKey: uploadKey });
    expect(reused.status).toBe(409);
    expect(reused.body.error).toBe('IDEMPOTENCY_KEY_REUSED');
    const bad = await revert(t.http, s.tenantId, s.adminToken, other.id, { idempotencyKey: 'a'.repeat(201) });
    expect(bad.status).toBe(400);
  });

  it('lists reverts with action=revert, writes their records CSV, and audits their lifecycle', async () => {
    const s = await setUpTenant(t.http, { tokenName: 'HR nightly job' });
    const upsert = await sync(s, csvFile([HEADER, userRow(1), userRow(2)]), { fileName: 'people.csv' });
    const done = await undo(s, upsert.id);

    const list = await allPages(t.http, `${base(s)}?action=revert`, s.adminToken);
    expect(list).toEqual([expect.objectContaining({ id: done.id, action: 'revert', revertOf: upsert.id })]);
    const all = await allPages(t.http, base(s), s.adminToken);
    expect(all.map((x) => [x.id, x.revertedBy])).toEqual([
      [done.id, null],
      [upsert.id, done.id],
    ]);
    const bad = await t.http.get(`${base(s)}?action=undo`, s.adminToken);
    expect(bad.status).toBe(400);

    const csv = await t.http.get(`${base(s)}/${done.id}/records.csv`, s.adminToken);
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-disposition')).toContain('people-records.csv');
    const rows = parse(csv.text.slice(1));
    expect(rows[0]).toEqual([
      'line',
      'email',
      'outcome',
      'error_code',
      'error_column',
      'error_message',
      'changes',
    ]);
    expect(rows.slice(1).map((r: string[]) => r.slice(0, 3))).toEqual([
      ['2', 'user1@example.com', 'deleted'],
      ['3', 'user2@example.com', 'deleted'],
    ]);
    expect(JSON.parse(rows[1][6]).firstName).toEqual({ from: 'First1', to: null });

    const events = (await t.http.get(`/api/tenants/${s.tenantId}/audit-events?limit=10`, s.adminToken)).body
      .items;
    const ofRevert = events.filter((e: { details: { syncId?: string } }) => e.details.syncId === done.id);
    expect(ofRevert.map((e: { action: string }) => e.action)).toEqual(['sync.completed', 'sync.uploaded']);
    expect(ofRevert[1]).toMatchObject({
      actor: 'HR nightly job',
      details: { action: 'revert', revertOf: upsert.id, rows: 2, dryRun: false, fileName: 'people.csv' },
    });
    expect(ofRevert[0].details).toMatchObject({ status: 'completed', counts: { deleted: 2 } });
  });

  it("answers 404 to another tenant's admin and 403 while the module is off", async () => {
    const s = await setUpTenant(t.http);
    const other = await setUpTenant(t.http);
    const upsert = await sync(s, csvFile([HEADER, userRow(1)]));
    const cross = await revert(t.http, s.tenantId, other.adminToken, upsert.id);
    expect(cross.status).toBe(404);
    expect(cross.body.error).toBe('TENANT_NOT_FOUND');
    const foreign = await revert(t.http, other.tenantId, other.adminToken, upsert.id);
    expect(foreign.status).toBe(404);
    expect(foreign.body.error).toBe('SYNC_NOT_FOUND');
    expect((await revert(t.http, s.tenantId, s.adminToken, 'not-a-uuid')).status).toBe(404);

    await t.http.put(`/api/tenants/${s.tenantId}/csv-sync/activation`, { enabled: false }, STAFF_TOKEN);
    const off = await revert(t.http, s.tenantId, s.adminToken, upsert.id);
    expect(off.status).toBe(403);
    expect(off.body.error).toBe('CSV_SYNC_DISABLED');
    // Staff may revert for a tenant, as they may upload.
    await t.http.put(`/api/tenants/${s.tenantId}/csv-sync/activation`, { enabled: true }, STAFF_TOKEN);
    const byStaff = await revert(t.http, s.tenantId, STAFF_TOKEN, upsert.id);
    expect(byStaff.status).toBe(202);
    expect(byStaff.body.actor).toBe('staff');
    await waitForSync(t.http, s.tenantId, byStaff.body.id, s.adminToken);
    expect(await usersOf(s)).toEqual({});
  });
});
