import { BatchBudget } from '../../src/csv-sync/batch-budget';
import { startApp, TestApp } from '../support/app';
import { csvFile, HEADER, userRow } from '../support/csv-file';
import { storedCounts } from '../support/db';
import { EXAMPLE_CONFIG, expectStatus, setUpTenant, STAFF_TOKEN, TenantSetup } from '../support/fixtures';
import { records, syncFile, upload, users, waitForSync } from '../support/syncs';
import { waitFor } from '../support/wait';

const emailFile = (emails: string[]) => csvFile([['Email'], ...emails.map((e) => [e])]);

describe('processing a sync (SPEC §6)', () => {
  let t: TestApp;

  beforeAll(async () => {
    // Small batches, so that every test crosses batch boundaries.
    t = await startApp({ SYNC_BATCH_SIZE: '3' });
  });
  afterAll(() => t.close());

  const tenant = (options = {}) => setUpTenant(t.http, options);
  const sync = (s: TenantSetup, file: Buffer | string, options = {}) =>
    syncFile(t.http, s.tenantId, s.adminToken, file, options);
  const recordsOf = (s: TenantSetup, syncId: string, query = '') =>
    records(t.http, s.tenantId, syncId, s.adminToken, query);
  const usersOf = async (s: TenantSetup) =>
    Object.fromEntries((await users(t.http, s.tenantId, s.adminToken)).map((u) => [u.email, u.attributes]));

  it('adds users with typed attributes, and counts and records every row', async () => {
    const s = await tenant();
    const file = csvFile([
      HEADER,
      userRow(1),
      userRow(2),
      ['Carol@Example.COM ', 'Carol', 'Król', 'r&d', '2024-02-29', 'YES', '-7', 'scouts|ADMINS'],
    ]);
    const done = await sync(s, file);
    expect(done).toMatchObject({
      status: 'completed',
      counts: { total: 3, added: 3, updated: 0, unchanged: 0, deleted: 0, notFound: 0, failed: 0 },
      progress: { processedRows: 3, totalRows: 3, percent: 100 },
    });
    expect(done.startedAt).not.toBeNull();
    expect(done.finishedAt).not.toBeNull();
    const stored = await usersOf(s);
    expect(stored['carol@example.com']).toEqual({
      firstName: 'Carol',
      lastName: 'Król',
      department: 'R&D',
      startDate: '2024-02-29',
      isManager: true,
      costCenter: -7,
      groups: ['Admins', 'Scouts'],
    });
    const recs = await recordsOf(s, done.id);
    expect(recs.map((r) => [r.line, r.email, r.outcome])).toEqual([
      [2, 'user1@example.com', 'added'],
      [3, 'user2@example.com', 'added'],
      [4, 'carol@example.com', 'added'],
    ]);
    expect(recs[2].changes.department).toEqual({ from: null, to: 'R&D' });
  });

  it('updates what changed, leaves what matches unchanged, and records each change from → to', async () => {
    const s = await tenant();
    await sync(s, csvFile([HEADER, userRow(1), userRow(2)]));
    const done = await sync(
      s,
      csvFile([HEADER, userRow(1, { Department: 'HR', Groups: 'Admins' }), userRow(2)]),
    );
    expect(done.counts).toMatchObject({ updated: 1, unchanged: 1, added: 0 });
    const [updated, unchanged] = await recordsOf(s, done.id);
    expect(updated).toMatchObject({ line: 2, outcome: 'updated', error: null });
    expect(updated.changes).toEqual({
      department: { from: 'Sales', to: 'HR' },
      groups: { from: ['Admins', 'Scouts'], to: ['Admins'] },
    });
    expect(unchanged).toEqual({
      line: 3,
      email: 'user2@example.com',
      outcome: 'unchanged',
      changes: null,
      error: null,
    });
  });

  it('keeps the stored value for an empty cell under "keep"', async () => {
    const s = await tenant();
    await sync(s, csvFile([HEADER, userRow(1)]));
    const done = await sync(s, csvFile([HEADER, userRow(1, { Department: '', 'Cost Center': '' })]));
    expect(done.counts.unchanged).toBe(1);
    expect((await usersOf(s))['user1@example.com']).toMatchObject({ department: 'Sales', costCenter: 1001 });
  });

  it('clears the stored value for an empty cell under "clear", but never a required one', async () => {
    const s = await tenant({ config: { ...EXAMPLE_CONFIG, emptyCell: 'clear' } });
    await sync(s, csvFile([HEADER, userRow(1), userRow(2)]));
    const done = await sync(
      s,
      csvFile([HEADER, userRow(1, { Department: '', 'Cost Center': '' }), userRow(2, { 'Last Name': '' })]),
    );
    expect(done.counts).toMatchObject({ updated: 1, failed: 1 });
    const stored = (await usersOf(s))['user1@example.com'];
    expect(stored).not.toHaveProperty('department');
    expect(stored).not.toHaveProperty('costCenter');
    const [cleared, refused] = await recordsOf(s, done.id);
    expect(cleared.changes).toEqual({
      department: { from: 'Sales', to: null },
      costCenter: { from: 1001, to: null },
    });
    expect(refused.error).toMatchObject({ code: 'REQUIRED_VALUE_MISSING', column: 'Last Name' });
    expect((await usersOf(s))['user2@example.com'].lastName).toBe('Last2');
  });

  it('requires required values only of users being added', async () => {
    const s = await tenant();
    await sync(s, csvFile([HEADER, userRow(1)]));
    const done = await sync(
      s,
      csvFile([HEADER, userRow(1, { 'First Name': '', Department: 'HR' }), userRow(2, { 'First Name': '' })]),
    );
    expect(done.status).toBe('completed_with_errors');
    const [existing, added] = await recordsOf(s, done.id);
    expect(existing.outcome).toBe('updated');
    expect(added).toMatchObject({
      line: 3,
      outcome: 'failed',
      error: { code: 'REQUIRED_VALUE_MISSING', column: 'First Name' },
    });
  });

  it('fails each bad row with line, column and problem, and goes on with the others', async () => {
    const s = await tenant();
    const rows = [
      userRow(1),
      userRow(2, { Email: 'not-an-email' }),
      userRow(3, { Email: `${'x'.repeat(250)}@example.com` }),
      userRow(4, { 'Cost Center': '12.5' }),
      userRow(5, { Department: 'Marketing' }),
      userRow(6, { 'Start Date': '2026-02-30' }),
      userRow(7, { Manager: 'maybe' }),
      userRow(8, { Groups: 'Admins|Pirates' }),
      userRow(9, { 'First Name': 'x'.repeat(101) }),
      userRow(10, { Email: 'USER1@example.com' }),
      userRow(11).slice(0, 5),
      [...userRow(12), 'extra'],
      userRow(13),
    ];
    const done = await sync(s, csvFile([HEADER, ...rows]));
    expect(done.counts).toMatchObject({ total: 13, added: 2, failed: 11 });
    const failed = await recordsOf(s, done.id, 'outcome=failed');
    expect(failed.map((r) => [r.line, r.error.code, r.error.column])).toEqual([
      [3, 'INVALID_EMAIL', 'Email'],
      [4, 'INVALID_EMAIL', 'Email'],
      [5, 'INVALID_INTEGER', 'Cost Center'],
      [6, 'INVALID_ENUM_VALUE', 'Department'],
      [7, 'INVALID_DATE', 'Start Date'],
      [8, 'INVALID_BOOLEAN', 'Manager'],
      [9, 'INVALID_LIST_VALUE', 'Groups'],
      [10, 'VALUE_TOO_LONG', 'First Name'],
      [11, 'DUPLICATE_IN_FILE', 'Email'],
      [12, 'TOO_FEW_COLUMNS', null],
      [13, 'TOO_MANY_COLUMNS', null],
    ]);
    expect(failed[8].error.message).toMatch(/line 2/);
    expect(failed[4].error.message).toContain('2026-02-30');
    expect(failed.every((r) => r.error.message.length > 10)).toBe(true);
    expect(Object.keys(await usersOf(s)).sort()).toEqual(['user1@example.com', 'user13@example.com'].sort());
  });

  it('matches emails case-insensitively and stores them trimmed and lower-cased', async () => {
    const s = await tenant();
    await sync(s, csvFile([HEADER, userRow(1, { Email: '  Mixed.Case@Example.com ' })]));
    const done = await sync(
      s,
      csvFile([HEADER, userRow(1, { Email: 'MIXED.CASE@EXAMPLE.COM', Department: 'HR' })]),
    );
    expect(done.counts.updated).toBe(1);
    const found = await t.http.get(
      `/api/tenants/${s.tenantId}/users?email=Mixed.Case@example.COM`,
      s.adminToken,
    );
    expect(found.body.items).toHaveLength(1);
    expect(found.body.items[0]).toMatchObject({
      email: 'mixed.case@example.com',
      attributes: { department: 'HR' },
    });
  });

  it('deletes listed users, keeps their last attributes in the record, and reports unknown emails as not_found', async () => {
    const s = await tenant();
    await sync(s, csvFile([HEADER, userRow(1), userRow(2), userRow(3)]));
    const done = await sync(
      s,
      emailFile(['user1@example.com', 'nobody@example.com', 'USER3@example.com', 'bad']),
      { action: 'delete' },
    );
    expect(done).toMatchObject({ action: 'delete', status: 'completed_with_errors' });
    expect(done.counts).toMatchObject({ total: 4, deleted: 2, notFound: 1, failed: 1 });
    expect(Object.keys(await usersOf(s))).toEqual(['user2@example.com']);
    const recs = await recordsOf(s, done.id);
    expect(recs.map((r) => r.outcome)).toEqual(['deleted', 'not_found', 'deleted', 'failed']);
    expect(recs[0].changes.firstName).toEqual({ from: 'First1', to: null });
    expect(recs[0].changes.groups).toEqual({ from: ['Admins', 'Scouts'], to: null });
  });

  it('accepts a delete file with other columns and says they were ignored', async () => {
    const s = await tenant();
    await sync(s, csvFile([HEADER, userRow(1)]));
    const done = await sync(s, csvFile([HEADER, userRow(1)]), { action: 'delete' });
    expect(done.counts.deleted).toBe(1);
    expect(done.warnings.map((w: { code: string }) => w.code)).toContain('COLUMNS_IGNORED');
  });

  it('previews a delete with the records that applying it writes', async () => {
    // A dry run decides deletions from a lookup; a real delete learns them from the DELETE itself.
    const s = await tenant();
    await sync(s, csvFile([HEADER, userRow(1), userRow(2), userRow(3)]));
    const file = emailFile(['user1@example.com', 'nobody@example.com', 'bad', 'USER3@example.com']);
    const preview = await sync(s, file, { action: 'delete', dryRun: true });
    expect(preview).toMatchObject({ status: 'previewed', counts: { deleted: 2, notFound: 1, failed: 1 } });
    const previewed = await recordsOf(s, preview.id);
    expect(Object.keys(await usersOf(s))).toHaveLength(3);

    await expectStatus(
      t.http.post(`/api/tenants/${s.tenantId}/csv-sync/syncs/${preview.id}/apply`, {}, s.adminToken),
      202,
    );
    const done = await waitForSync(t.http, s.tenantId, preview.id, s.adminToken);
    expect(done).toMatchObject({
      status: 'completed_with_errors',
      counts: { deleted: 2, notFound: 1, failed: 1 },
    });
    expect(Object.keys(await usersOf(s))).toEqual(['user2@example.com']);
    expect(await recordsOf(s, preview.id)).toEqual(previewed);
    expect(previewed[0].changes.groups).toEqual({ from: ['Admins', 'Scouts'], to: null });
  });

  it('computes a dry run without changing users, then applies it against the data of that moment', async () => {
    const s = await tenant();
    await sync(s, csvFile([HEADER, userRow(1)]));
    const preview = await sync(s, csvFile([HEADER, userRow(1, { Department: 'HR' }), userRow(2)]), {
      dryRun: true,
    });
    expect(preview).toMatchObject({ status: 'previewed', dryRun: true, counts: { updated: 1, added: 1 } });
    expect(Object.keys(await usersOf(s))).toEqual(['user1@example.com']);
    expect((await usersOf(s))['user1@example.com'].department).toBe('Sales');

    // Meanwhile another file adds user 2: the apply sees it as existing.
    await sync(s, csvFile([HEADER, userRow(2)]));
    const applied = await expectStatus(
      t.http.post(`/api/tenants/${s.tenantId}/csv-sync/syncs/${preview.id}/apply`, {}, s.adminToken),
      202,
    );
    expect(applied.body.status).toMatch(/queued|processing|completed/);
    const done = await waitForSync(t.http, s.tenantId, preview.id, s.adminToken);
    expect(done).toMatchObject({
      status: 'completed',
      dryRun: false,
      counts: { updated: 1, unchanged: 1, added: 0 },
    });
    expect((await usersOf(s))['user1@example.com'].department).toBe('HR');
    expect((await recordsOf(s, preview.id)).map((r) => r.outcome)).toEqual(['updated', 'unchanged']);

    const again = await t.http.post(
      `/api/tenants/${s.tenantId}/csv-sync/syncs/${preview.id}/apply`,
      {},
      s.adminToken,
    );
    expect(again.status).toBe(409);
    expect(again.body.error).toBe('SYNC_STATE_CONFLICT');
  });

  it('stops a mass delete for confirmation, then runs it on apply', async () => {
    const s = await tenant({ config: { ...EXAMPLE_CONFIG, deleteGuardPercent: 50 } });
    await sync(s, csvFile([HEADER, ...Array.from({ length: 13 }, (_, i) => userRow(i + 1))]));
    const few = await sync(s, emailFile(['user1@example.com', 'user2@example.com']), { action: 'delete' });
    expect(few.status).toBe('completed');

    // 6 of 11 users (55 %), and emails that do not exist do not count.
    const emails = [
      ...Array.from({ length: 6 }, (_, i) => `user${i + 3}@example.com`),
      'user1@example.com',
      'nobody@example.com',
    ];
    const many = await sync(s, emailFile(emails), { action: 'delete' });
    expect(many.status).toBe('awaiting_confirmation');
    expect(many.warnings.find((w: { code: string }) => w.code === 'MASS_DELETE_GUARD').message).toMatch(
      /6 of the tenant's 11 users/,
    );
    expect(Object.keys(await usersOf(s))).toHaveLength(11);

    await expectStatus(
      t.http.post(`/api/tenants/${s.tenantId}/csv-sync/syncs/${many.id}/apply`, {}, s.adminToken),
      202,
    );
    const done = await waitForSync(t.http, s.tenantId, many.id, s.adminToken);
    expect(done).toMatchObject({ status: 'completed', counts: { deleted: 6, notFound: 2 } });
    expect(Object.keys(await usersOf(s))).toHaveLength(5);
  });

  it("holds a delete of exactly the guard's percent, and lets one row fewer through", async () => {
    // 10 rows of 20 users is 50 %: the most a 10-row file can be the share of. One user more and it cannot be.
    const s = await tenant({ config: { ...EXAMPLE_CONFIG, deleteGuardPercent: 50 } });
    await sync(s, csvFile([HEADER, ...Array.from({ length: 20 }, (_, i) => userRow(i + 1))]));
    const emails = (from: number, count: number) =>
      Array.from({ length: count }, (_, i) => `user${from + i}@example.com`);
    const half = await sync(s, emailFile(emails(1, 10)), { action: 'delete' });
    expect(half.status).toBe('awaiting_confirmation');
    expect(half.warnings.map((w: { code: string }) => w.code)).toContain('MASS_DELETE_GUARD');
    await expectStatus(
      t.http.post(`/api/tenants/${s.tenantId}/csv-sync/syncs/${half.id}/cancel`, {}, s.adminToken),
      200,
    );
    const fewer = await sync(s, emailFile(emails(1, 9)), { action: 'delete' });
    expect(fewer).toMatchObject({ status: 'completed', counts: { deleted: 9 } });
  });

  it('lets a delete of a tenant with 10 users or fewer run without confirmation', async () => {
    const s = await tenant({ config: { ...EXAMPLE_CONFIG, deleteGuardPercent: 50 } });
    await sync(s, csvFile([HEADER, ...Array.from({ length: 10 }, (_, i) => userRow(i + 1))]));
    const all = await sync(s, emailFile(Array.from({ length: 10 }, (_, i) => `user${i + 1}@example.com`)), {
      action: 'delete',
    });
    expect(all).toMatchObject({ status: 'completed', counts: { deleted: 10 } });
  });

  it('cancels a sync waiting for confirmation, and refuses to cancel a finished one', async () => {
    const s = await tenant();
    await sync(s, csvFile([HEADER, ...Array.from({ length: 11 }, (_, i) => userRow(i + 1))]));
    const parked = await sync(
      s,
      emailFile(Array.from({ length: 11 }, (_, i) => `user${i + 1}@example.com`)),
      { action: 'delete' },
    );
    expect(parked.status).toBe('awaiting_confirmation');
    const cancelled = await expectStatus(
      t.http.post(`/api/tenants/${s.tenantId}/csv-sync/syncs/${parked.id}/cancel`, {}, s.adminToken),
      200,
    );
    expect(cancelled.body).toMatchObject({ status: 'cancelled' });
    expect(cancelled.body.finishedAt).not.toBeNull();
    expect(Object.keys(await usersOf(s))).toHaveLength(11);
    const again = await t.http.post(
      `/api/tenants/${s.tenantId}/csv-sync/syncs/${parked.id}/cancel`,
      {},
      s.adminToken,
    );
    expect(again.status).toBe(409);
    expect((await storedCounts(t.environment.databaseUrl, s.tenantId)).staged).toBe(0);
  });

  it('applies the syncs of one tenant in upload order, while other tenants run in parallel', async () => {
    const a = await tenant();
    const b = await tenant();
    const uploads = [];
    for (const department of ['R&D', 'Sales', 'HR']) {
      const rows = Array.from({ length: 20 }, (_, i) => userRow(i + 1, { Department: department }));
      uploads.push(await upload(t.http, a.tenantId, a.adminToken, csvFile([HEADER, ...rows])));
    }
    const other = await upload(t.http, b.tenantId, b.adminToken, csvFile([HEADER, userRow(1)]));
    const done = await Promise.all(
      uploads.map((u) => waitForSync(t.http, a.tenantId, u.body.id, a.adminToken)),
    );
    await waitForSync(t.http, b.tenantId, other.body.id, b.adminToken);
    expect(done.map((d) => d.status)).toEqual(['completed', 'completed', 'completed']);
    // Strictly one after the other: each started after the previous one finished.
    for (let i = 1; i < done.length; i += 1) {
      expect(Date.parse(done[i].startedAt)).toBeGreaterThanOrEqual(Date.parse(done[i - 1].finishedAt));
    }
    expect(done.map((d) => [d.counts.added, d.counts.updated])).toEqual([
      [20, 0],
      [0, 20],
      [0, 20],
    ]);
    expect(
      Object.values(await usersOf(a)).every((attrs) => (attrs as { department: string }).department === 'HR'),
    ).toBe(true);
  });

  it('finishes a sync accepted before the module was switched off', async () => {
    const s = await tenant();
    const res = await upload(
      t.http,
      s.tenantId,
      s.adminToken,
      csvFile([HEADER, ...Array.from({ length: 30 }, (_, i) => userRow(i + 1))]),
    );
    await expectStatus(
      t.http.put(`/api/tenants/${s.tenantId}/csv-sync/activation`, { enabled: false }, STAFF_TOKEN),
      200,
    );
    // While the module is off even its logs answer 403, so the database is watched directly: the sync applies.
    await waitFor(
      async () => (await storedCounts(t.environment.databaseUrl, s.tenantId)).users === 30,
      'the sync accepted before the switch-off to add its users',
      30_000,
    );
    expect(
      (await t.http.get(`/api/tenants/${s.tenantId}/csv-sync/syncs/${res.body.id}`, s.adminToken)).status,
    ).toBe(403);
    await expectStatus(
      t.http.put(`/api/tenants/${s.tenantId}/csv-sync/activation`, { enabled: true }, STAFF_TOKEN),
      200,
    );
    const done = await waitForSync(t.http, s.tenantId, res.body.id, s.adminToken, {
      statuses: ['completed'],
    });
    expect(done.counts.added).toBe(30);
  });

  it('records who uploaded, applied and cancelled which sync in the audit log', async () => {
    const s = await tenant({ tokenName: 'HR nightly job' });
    const preview = await sync(s, csvFile([HEADER, userRow(1)]), { dryRun: true });
    await expectStatus(
      t.http.post(`/api/tenants/${s.tenantId}/csv-sync/syncs/${preview.id}/apply`, {}, s.adminToken),
      202,
    );
    await waitForSync(t.http, s.tenantId, preview.id, s.adminToken, { statuses: ['completed'] });
    const events = (
      await t.http.get(
        `/api/tenants/${s.tenantId}/audit-events?action=sync.uploaded,sync.applied,sync.previewed,sync.completed`,
        STAFF_TOKEN,
      )
    ).body.items;
    expect(events.map((e: { action: string; actor: string }) => [e.action, e.actor])).toEqual([
      ['sync.completed', 'system'],
      ['sync.applied', 'HR nightly job'],
      ['sync.previewed', 'system'],
      ['sync.uploaded', 'HR nightly job'],
    ]);
    expect(events.every((e: { details: { syncId: string } }) => e.details.syncId === preview.id)).toBe(true);
  });

  it('removes staged rows once a sync is final, and keeps the outcome records', async () => {
    const s = await tenant();
    const done = await sync(s, csvFile([HEADER, userRow(1), userRow(2)]));
    const counts = await storedCounts(t.environment.databaseUrl, s.tenantId);
    expect(counts).toMatchObject({ staged: 0, records: 2 });
    expect(done.status).toBe('completed');
  });

  it('lists users with ?q= over emails and attribute values, never attribute keys', async () => {
    const s = await tenant();
    await sync(
      s,
      csvFile([
        HEADER,
        userRow(1, { 'Last Name': 'Müller' }),
        userRow(2),
        userRow(3, { Email: 'x_100%@example.com' }),
      ]),
    );
    const byName = await t.http.get(`/api/tenants/${s.tenantId}/users?q=müller`, s.adminToken);
    expect(byName.body.items.map((u: { email: string }) => u.email)).toEqual(['user1@example.com']);
    // Keys and JSON punctuation are not values: they match nobody.
    for (const q of ['firstname', 'lastName', '":"', 'department']) {
      const byKey = await t.http.get(
        `/api/tenants/${s.tenantId}/users?q=${encodeURIComponent(q)}`,
        s.adminToken,
      );
      expect([q, byKey.body.items]).toEqual([q, []]);
    }
    // A list's items are values one by one, and a value matches in part.
    const byGroup = await t.http.get(`/api/tenants/${s.tenantId}/users?q=dmin`, s.adminToken);
    expect(byGroup.body.items.length).toBeGreaterThan(0);
    const literal = await t.http.get(
      `/api/tenants/${s.tenantId}/users?q=${encodeURIComponent('_100%')}`,
      s.adminToken,
    );
    expect(literal.body.items.map((u: { email: string }) => u.email)).toEqual(['x_100%@example.com']);
    const paged = await t.http.get(`/api/tenants/${s.tenantId}/users?limit=2`, s.adminToken);
    expect(paged.body.items).toHaveLength(2);
    const rest = await t.http.get(
      `/api/tenants/${s.tenantId}/users?limit=2&cursor=${paged.body.nextCursor}`,
      s.adminToken,
    );
    expect(rest.body.items).toHaveLength(1);
    expect(rest.body.nextCursor).toBeNull();
  });

  it("gives the rows of every batch back to the worker's budget, also when a running sync is cancelled", async () => {
    const budget = t.app.get(BatchBudget);
    // Whatever syncs ran before in this app have given their rows back first, so that what is measured is this one.
    await waitFor(() => budget.free === budget.capacity, 'the budget to be free before the test');
    const s = await tenant();
    // 10,000 batches of 3 rows: it is still running long after the polls below see it processing.
    const rows = Array.from({ length: 30_000 }, (_, i) => userRow(i + 1));
    const accepted = await upload(t.http, s.tenantId, s.adminToken, csvFile([HEADER, ...rows]));
    const running = await waitForSync(t.http, s.tenantId, accepted.body.id, s.adminToken, {
      statuses: ['processing'],
    });
    expect(running.status).toBe('processing');
    await expectStatus(
      t.http.post(`/api/tenants/${s.tenantId}/csv-sync/syncs/${accepted.body.id}/cancel`, {}, s.adminToken),
      200,
    );
    // A batch was decided ahead when the cancel stopped the run: it is dropped, and its rows come back too.
    await waitFor(() => budget.free === budget.capacity, 'the batches to give their rows back');
  });
});

describe('a repeated email in a large file (SPEC §6)', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startApp();
  });
  afterAll(() => t.close());

  // The upload looks for repeated emails as it stages the rows (src/csv-sync/repeated-emails.ts); its table grows
  // past its first size at 32,768 emails.
  it('fails the later row as DUPLICATE_IN_FILE however far apart the two are and however it is written', async () => {
    const s = await setUpTenant(t.http);
    const rows = Array.from({ length: 40_000 }, (_, i) => userRow(i + 1));
    rows.push(userRow(7, { Email: ' USER7@Example.com ' }));
    const done = await syncFile(t.http, s.tenantId, s.adminToken, csvFile([HEADER, ...rows]));
    expect(done.counts).toMatchObject({ total: 40_001, added: 40_000, failed: 1 });
    const failed = await records(t.http, s.tenantId, done.id, s.adminToken, 'outcome=failed');
    expect(failed.map((r) => [r.line, r.error.code])).toEqual([[40_002, 'DUPLICATE_IN_FILE']]);
    expect(failed[0].error.message).toMatch(/line 8/);
  });
});
