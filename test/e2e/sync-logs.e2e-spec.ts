import { encodeCursor } from '../../src/common/pagination';
import { parse } from 'csv-parse/sync';
import { SyncRetention } from '../../src/csv-sync/sync-retention.service';
import { RECORDS_PAGE, RECORDS_PAGE_OF_OUTCOME } from '../../src/csv-sync/sync.sql';
import { startApp, TestApp } from '../support/app';
import { csvFile, HEADER, userRow } from '../support/csv-file';
import { withDb } from '../support/db';
import { expectStatus, setUpTenant, STAFF_TOKEN, TenantSetup } from '../support/fixtures';
import { allPages, records, syncFile, upload } from '../support/syncs';

const BOM = '\uFEFF';
const decodeCsv = (bytes: Buffer, delimiter = ',') => {
  const text = bytes.toString('utf8');
  expect(text.startsWith(BOM)).toBe(true);
  return parse(text.slice(1), { delimiter, relax_column_count: true }) as string[][];
};

describe('sync logs, error report and audit trail (SPEC §7)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startApp({ SYNC_BATCH_SIZE: '4' });
  });
  afterAll(() => t.close());

  const base = (s: TenantSetup) => `/api/tenants/${s.tenantId}/csv-sync/syncs`;
  const sync = (s: TenantSetup, file: Buffer | string, options = {}) =>
    syncFile(t.http, s.tenantId, s.adminToken, file, options);

  describe('the list of syncs', () => {
    let s: TenantSetup;
    let ids: { upsert: string; dry: string; del: string };

    beforeAll(async () => {
      s = await setUpTenant(t.http);
      const upsert = await sync(s, csvFile([HEADER, userRow(1), userRow(2, { Manager: 'x' })]), {
        fileName: 'a.csv',
      });
      const dry = await sync(s, csvFile([HEADER, userRow(3)]), { dryRun: true, fileName: 'b.csv' });
      const del = await sync(s, csvFile([['Email'], ['user1@example.com']]), {
        action: 'delete',
        fileName: 'c.csv',
      });
      ids = { upsert: upsert.id, dry: dry.id, del: del.id };
    });

    it('lists syncs newest first with file name, action, status, actor, times and counts', async () => {
      const res = await expectStatus(t.http.get(base(s), s.adminToken), 200);
      expect(res.body.items.map((x: { id: string }) => x.id)).toEqual([ids.del, ids.dry, ids.upsert]);
      expect(res.body.nextCursor).toBeNull();
      expect(res.body.items[2]).toMatchObject({
        fileName: 'a.csv',
        action: 'upsert',
        status: 'completed_with_errors',
        actor: 'Jane Doe',
        counts: { total: 2, added: 1, failed: 1 },
      });
      // Times, not just keys: null would pass toBeDefined().
      for (const key of ['createdAt', 'startedAt', 'finishedAt']) {
        expect(Number.isNaN(Date.parse(res.body.items[2][key]))).toBe(false);
      }
    });

    it.each([
      ['action=delete', ['del']],
      ['action=upsert', ['dry', 'upsert']],
      ['status=previewed', ['dry']],
      ['status=completed,completed_with_errors', ['del', 'upsert']],
      ['dryRun=true', ['dry']],
      ['dryRun=false', ['del', 'upsert']],
    ])('filters by %s', async (query, expected) => {
      const res = await expectStatus(t.http.get(`${base(s)}?${query}`, s.adminToken), 200);
      expect(res.body.items.map((x: { id: string }) => x.id)).toEqual(
        expected.map((k) => ids[k as keyof typeof ids]),
      );
    });

    it('filters by time', async () => {
      const all = (await t.http.get(base(s), s.adminToken)).body.items;
      const middle = all[1].createdAt;
      const from = await t.http.get(`${base(s)}?from=${encodeURIComponent(middle)}`, s.adminToken);
      expect(from.body.items.map((x: { id: string }) => x.id)).toEqual([ids.del, ids.dry]);
      const to = await t.http.get(`${base(s)}?to=${encodeURIComponent(middle)}`, s.adminToken);
      expect(to.body.items.map((x: { id: string }) => x.id)).toEqual([ids.dry, ids.upsert]);
      const future = await t.http.get(`${base(s)}?from=2999-01-01`, s.adminToken);
      expect(future.body.items).toEqual([]);
      const today = new Date().toISOString().slice(0, 10);
      expect((await t.http.get(`${base(s)}?to=${today}`, s.adminToken)).body.items).toHaveLength(3);
    });

    it.each([
      ['status=done', 'status'],
      ['action=merge', 'action'],
      ['from=yesterday', 'from'],
      ['from=2026-12-01&to=2026-11-01', 'from'],
      ['dryRun=maybe', 'dryRun'],
    ])('refuses ?%s naming the parameter', async (query, field) => {
      const res = await t.http.get(`${base(s)}?${query}`, s.adminToken);
      expect(res.status).toBe(400);
      expect(res.body.error).toBe('VALIDATION_ERROR');
      expect(JSON.stringify(res.body.details)).toContain(field);
    });

    it('refuses a malformed cursor with INVALID_CURSOR', async () => {
      const res = await t.http.get(`${base(s)}?cursor=%%%`, s.adminToken);
      expect(res.status).toBe(400);
      expect(res.body.error).toBe('INVALID_CURSOR');
      expect(res.body.details.parameter).toBe('cursor');
    });

    it("answers 404 to another tenant's admin, with no hint", async () => {
      const other = await setUpTenant(t.http);
      expect((await t.http.get(base(s), other.adminToken)).status).toBe(404);
      expect((await t.http.get(`${base(other)}/${ids.upsert}`, other.adminToken)).body.error).toBe(
        'SYNC_NOT_FOUND',
      );
      expect((await t.http.get(`${base(other)}/${ids.upsert}/records`, other.adminToken)).status).toBe(404);
      expect((await t.http.get(`${base(other)}/${ids.upsert}/records.csv`, other.adminToken)).status).toBe(
        404,
      );
    });
  });

  it('pages through syncs without skipping or repeating while new ones are uploaded between pages', async () => {
    const s = await setUpTenant(t.http);
    const first = [];
    for (let i = 0; i < 5; i += 1)
      first.push((await upload(t.http, s.tenantId, s.adminToken, csvFile([HEADER, userRow(i)]))).body.id);
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const res: { body: { items: { id: string }[]; nextCursor: string | null } } = await t.http.get(
        `${base(s)}?limit=2${cursor ? `&cursor=${cursor}` : ''}`,
        s.adminToken,
      );
      seen.push(...res.body.items.map((x) => x.id));
      cursor = res.body.nextCursor;
      await upload(t.http, s.tenantId, s.adminToken, csvFile([HEADER, userRow(100 + seen.length)]));
    } while (cursor);
    expect(seen).toEqual([...first].reverse());
  });

  describe('records', () => {
    let s: TenantSetup;
    let syncId: string;

    beforeAll(async () => {
      s = await setUpTenant(t.http);
      await sync(s, csvFile([HEADER, userRow(1), userRow(2)]));
      const rows = [
        userRow(1, { Department: 'HR' }),
        userRow(2),
        userRow(3),
        userRow(4, { Manager: 'nope' }),
        userRow(5),
        userRow(6, { Email: 'bad' }),
        userRow(7),
      ];
      syncId = (await sync(s, csvFile([HEADER, ...rows]))).id;
    });

    it('pages through records in line order', async () => {
      const all = await allPages(t.http, `${base(s)}/${syncId}/records`, s.adminToken, 2);
      expect(all.map((r) => [r.line, r.outcome])).toEqual([
        [2, 'updated'],
        [3, 'unchanged'],
        [4, 'added'],
        [5, 'failed'],
        [6, 'added'],
        [7, 'failed'],
        [8, 'added'],
      ]);
      expect(all[0]).toEqual({
        line: 2,
        email: 'user1@example.com',
        outcome: 'updated',
        changes: { department: { from: 'Sales', to: 'HR' } },
        error: null,
      });
    });

    it('filters records by one or several outcomes', async () => {
      const failed = await records(t.http, s.tenantId, syncId, s.adminToken, 'outcome=failed');
      expect(failed.map((r) => r.line)).toEqual([5, 7]);
      const some = await allPages(
        t.http,
        `${base(s)}/${syncId}/records?outcome=updated,unchanged`,
        s.adminToken,
        1,
      );
      expect(some.map((r) => r.line)).toEqual([2, 3]);
      const bad = await t.http.get(`${base(s)}/${syncId}/records?outcome=exploded`, s.adminToken);
      expect(bad.status).toBe(400);
      expect(JSON.stringify(bad.body.details)).toContain('outcome');
    });

    it('exports the records as CSV with a BOM, a file name and the delimiter of the upload', async () => {
      const res = await t.http.get(`${base(s)}/${syncId}/records.csv`, s.adminToken);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
      expect(res.headers.get('content-disposition')).toContain('users-records.csv');
      const rows = decodeCsv(res.bytes);
      expect(rows[0]).toEqual([
        'line',
        'email',
        'outcome',
        'error_code',
        'error_column',
        'error_message',
        'changes',
      ]);
      expect(rows.slice(1).map((r) => [r[0], r[2]])).toEqual([
        ['2', 'updated'],
        ['3', 'unchanged'],
        ['4', 'added'],
        ['5', 'failed'],
        ['6', 'added'],
        ['7', 'failed'],
        ['8', 'added'],
      ]);
      expect(JSON.parse(rows[1][6])).toEqual({ department: { from: 'Sales', to: 'HR' } });
    });
  });

  it('round-trips the error report: download, fix the cells, upload again, every row succeeds', async () => {
    const s = await setUpTenant(t.http);
    const file = csvFile(
      [
        HEADER,
        userRow(1),
        userRow(2, { 'Start Date': '31.12.2026', 'Cost Center': '-15' }),
        userRow(3, { Email: 'broken-at-example.com' }),
        userRow(4, { Groups: 'Admins|Sailors', 'Last Name': 'Ünal' }),
      ],
      { delimiter: ';' },
    );
    const first = await sync(s, file, { fileName: 'hr-export.csv' });
    expect(first.counts).toMatchObject({ added: 1, failed: 3 });

    const report = await t.http.get(`${base(s)}/${first.id}/records.csv?outcome=failed`, s.adminToken);
    expect(report.headers.get('content-disposition')).toContain('hr-export-errors.csv');
    const rows = decodeCsv(report.bytes, ';');
    expect(rows[0]).toEqual([...HEADER, 'line', 'error_code', 'error_message']);
    expect(rows.slice(1).map((r) => [r[8], r[9]])).toEqual([
      ['3', 'INVALID_DATE'],
      ['4', 'INVALID_EMAIL'],
      ['5', 'INVALID_LIST_VALUE'],
    ]);
    expect(rows[3][2]).toBe('Ünal');
    expect(rows[1][6]).toBe("'-15"); // formula-safe in every CSV the service writes

    // The admin fixes the cells that failed and uploads the report as it is otherwise.
    rows[1][4] = '2026-12-31';
    rows[2][0] = 'broken@example.com';
    rows[3][7] = 'Admins';
    const fixed = Buffer.from(
      BOM +
        rows
          .map((r) => r.map((c) => (/[;"\n]/.test(c) ? `"${c.replace(/"/g, '""')}"` : c)).join(';'))
          .join('\r\n'),
    );
    const second = await sync(s, fixed, { fileName: 'hr-export-errors.csv' });
    expect(second).toMatchObject({ status: 'completed', counts: { total: 3, added: 3, failed: 0 } });
    const stored = await records(t.http, s.tenantId, second.id, s.adminToken);
    expect(stored.map((r) => r.line)).toEqual([2, 3, 4]);
    const users = (await t.http.get(`/api/tenants/${s.tenantId}/users?email=user2@example.com`, s.adminToken))
      .body.items;
    expect(users[0].attributes.costCenter).toBe(-15);
  });

  it('neutralises a formula in every CSV export and keeps it unchanged in JSON', async () => {
    const s = await setUpTenant(t.http);
    const formula = '=HYPERLINK("http://x")';
    const first = await sync(
      s,
      csvFile([
        HEADER,
        userRow(1, { 'First Name': formula }),
        userRow(2, { 'First Name': formula, Manager: '@SUM(1)' }),
      ]),
    );
    const json = await records(t.http, s.tenantId, first.id, s.adminToken);
    expect(json[0].changes.firstName.to).toBe(formula);
    const users = (await t.http.get(`/api/tenants/${s.tenantId}/users?email=user1@example.com`, s.adminToken))
      .body.items;
    expect(users[0].attributes.firstName).toBe(formula);

    const all = decodeCsv((await t.http.get(`${base(s)}/${first.id}/records.csv`, s.adminToken)).bytes);
    expect(JSON.parse(all[1][6]).firstName.to).toBe(formula); // inside a JSON cell that starts with {
    const report = decodeCsv(
      (await t.http.get(`${base(s)}/${first.id}/records.csv?outcome=failed`, s.adminToken)).bytes,
    );
    expect(report[1][1]).toBe(`'${formula}`);
    expect(report[1][5]).toBe("'@SUM(1)");
    for (const row of [...all, ...report]) for (const cell of row) expect(cell).not.toMatch(/^[=+\-@\t\r\n]/);
  });

  it('writes the lifecycle of syncs to the audit trail, filterable by action and time', async () => {
    const s = await setUpTenant(t.http, { tokenName: 'HR nightly job' });
    const done = await sync(s, csvFile([HEADER, userRow(1)]));
    const events = (
      await t.http.get(
        `/api/tenants/${s.tenantId}/audit-events?action=sync.uploaded,sync.completed`,
        s.adminToken,
      )
    ).body.items;
    expect(events.map((e: { action: string }) => e.action)).toEqual(['sync.completed', 'sync.uploaded']);
    expect(events[0].details).toMatchObject({ syncId: done.id, status: 'completed', counts: { added: 1 } });
    expect(events[1]).toMatchObject({ actor: 'HR nightly job', details: { syncId: done.id, rows: 1 } });
    const staff = await t.http.get(`/api/audit-events?action=sync.uploaded&limit=500`, STAFF_TOKEN);
    expect(staff.body.items.some((e: { tenantId: string }) => e.tenantId === s.tenantId)).toBe(true);
    const none = await t.http.get(`/api/tenants/${s.tenantId}/audit-events?to=2000-01-01`, s.adminToken);
    expect(none.body.items).toEqual([]);
  });

  it('purges syncs and records older than the retention, keeps newer ones, and audits the purge', async () => {
    const s = await setUpTenant(t.http);
    const old = await sync(s, csvFile([HEADER, userRow(1)]));
    const recent = await sync(s, csvFile([HEADER, userRow(2)]));
    await withDb(t.environment.databaseUrl, (db) =>
      db.query(`UPDATE sync SET created_at = now() - interval '400 days' WHERE id = $1`, [old.id]),
    );
    const result = await t.app.get(SyncRetention).purge();
    expect(result.syncs).toBeGreaterThanOrEqual(1);
    expect((await t.http.get(`${base(s)}/${old.id}`, s.adminToken)).status).toBe(404);
    expect((await t.http.get(`${base(s)}/${recent.id}`, s.adminToken)).status).toBe(200);
    const orphans = await withDb(
      t.environment.databaseUrl,
      async (db) =>
        (await db.query('SELECT count(*)::int AS n FROM sync_record WHERE sync_id = $1', [old.id])).rows[0].n,
    );
    expect(orphans).toBe(0);
    const audit = await t.http.get('/api/audit-events?action=logs.purged', STAFF_TOKEN);
    expect(audit.body.items[0]).toMatchObject({
      actor: 'system',
      tenantId: null,
      details: { retentionDays: 365 },
    });
  });

  it('reads a deep page of a 100k-record sync through the index, not a sequential scan', async () => {
    const s = await setUpTenant(t.http);
    const done = await sync(s, csvFile([HEADER, userRow(1)]));
    const plans = await withDb(t.environment.databaseUrl, async (db) => {
      await db.query(
        `INSERT INTO sync_record (sync_id, line, email, outcome, changes)
         SELECT $1, g, 'u' || g || '@example.com', CASE WHEN g % 100 = 0 THEN 'failed' ELSE 'added' END, '{}'::jsonb
           FROM generate_series(3, 120000) AS g`,
        [done.id],
      );
      await db.query('ANALYZE sync_record');
      const explain = async (sql: string, params: unknown[]) => {
        const plan = await db.query(`EXPLAIN (FORMAT JSON) ${sql}`, params);
        return JSON.stringify(plan.rows[0]['QUERY PLAN']);
      };
      return {
        page: await explain(RECORDS_PAGE, [done.id, 100_000, 51]),
        failed: await explain(RECORDS_PAGE_OF_OUTCOME, [done.id, 100_000, 51, 'failed']),
      };
    });
    expect(plans.page).toContain('Index Scan');
    expect(plans.page).not.toContain('Seq Scan');
    expect(plans.failed).toContain('sync_record_outcome_idx');
    expect(plans.failed).not.toContain('Seq Scan');
    const deep = await t.http.get(
      // A cursor as the service seals it (this process runs the app, so it holds the app's key).
      `${base(s)}/${done.id}/records?limit=5&cursor=${encodeCursor(`records:${done.id}`, [100_000])}`,
      s.adminToken,
    );
    expect(deep.body.items.map((r: { line: number }) => r.line)).toEqual([
      100_001, 100_002, 100_003, 100_004, 100_005,
    ]);
  });
});
