// The command-line client (issue 16, SPEC §11) against the real service: each command and the exit code a
// scheduler acts on, run as a child process from dist/cli/main.js.
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { startApp, TestApp } from '../support/app';
import {
  CAN_RUN_AT_TERMINAL,
  CliResult,
  jsonOf,
  runCli,
  runCliAtTerminal,
  startCli,
  trackPeakMemory,
} from '../support/cli';
import { csvFile, HEADER, userRow, usersFile } from '../support/csv-file';
import { expectStatus, setUpTenant, TenantSetup } from '../support/fixtures';
import { syncFile, users } from '../support/syncs';

const BOM = '\uFEFF';

describe('user-csv-sync, the command-line client', () => {
  let t: TestApp;
  let dir: string;
  let s: TenantSetup;

  beforeAll(async () => {
    t = await startApp();
    dir = mkdtempSync(join(tmpdir(), 'ucs-cli-'));
    s = await setUpTenant(t.http, { tokenName: 'HR nightly job' });
  });
  afterAll(async () => {
    rmSync(dir, { recursive: true, force: true });
    await t.close();
  });

  /** Runs the client for tenant `setup`; no output of any run may contain the token. */
  async function cli(args: string[], setup: TenantSetup = s): Promise<CliResult> {
    const result = await runCli(args, {
      USER_CSV_SYNC_URL: t.http.baseUrl,
      USER_CSV_SYNC_TOKEN: setup.adminToken,
      USER_CSV_SYNC_TENANT: setup.tenantId,
    });
    expect(result.stdout + result.stderr).not.toContain(setup.adminToken);
    return result;
  }

  function file(name: string, bytes: Buffer | string): string {
    const path = join(dir, name);
    writeFileSync(path, bytes);
    return path;
  }

  const apiSync = async (setup: TenantSetup, id: string) =>
    (
      await expectStatus(
        t.http.get(`/api/tenants/${setup.tenantId}/csv-sync/syncs/${id}`, setup.adminToken),
        200,
      )
    ).body;

  describe('upload', () => {
    it('uploads a file, waits, prints the sync and exits 0 when it completed', async () => {
      const path = file('staff.csv', usersFile(3));
      const result = await cli(['upload', path, '--action', 'upsert', '--wait', '--json']);
      expect(result.code).toBe(0);
      const sync = jsonOf(result);
      expect(sync).toMatchObject({
        fileName: 'staff.csv',
        action: 'upsert',
        status: 'completed',
        actor: 'HR nightly job',
        counts: { total: 3, added: 3, failed: 0 },
      });
      expect((await users(t.http, s.tenantId, s.adminToken)).map((u) => u.email)).toEqual(
        expect.arrayContaining(['user1@example.com', 'user2@example.com', 'user3@example.com']),
      );
    });

    it('prints a readable summary without --json, and progress as plain lines when not at a terminal', async () => {
      const path = file('summary.csv', csvFile([HEADER, userRow(40)]));
      const result = await cli(['upload', path, '--action', 'upsert', '--wait']);
      expect(result.code).toBe(0);
      expect(result.stdout).toMatch(/^sync [0-9a-f-]{36} completed\n/);
      expect(result.stdout).toContain('file summary.csv, upsert, by HR nightly job');
      expect(result.stdout).toContain('rows 1 in the file: 1 added');
      expect(result.stderr).toMatch(/^sent .* \(100%\)$/m);
      expect(result.stderr).toMatch(/^sync [0-9a-f-]{36} completed: 1 of 1 rows \(100%\)$/m);
      expect(result.stderr).not.toContain('\x1b['); // no bar drawn into a pipe
    });

    (CAN_RUN_AT_TERMINAL ? it : it.skip)(
      'draws progress bars when a person watches at a terminal',
      async () => {
        const path = file('at-terminal.csv', usersFile(3));
        const result = await runCliAtTerminal(['upload', path, '--action', 'upsert', '--wait'], {
          USER_CSV_SYNC_URL: t.http.baseUrl,
          USER_CSV_SYNC_TOKEN: s.adminToken,
          USER_CSV_SYNC_TENANT: s.tenantId,
        });
        expect(result.code).toBe(0);
        expect(result.stdout).toMatch(/sending {2}\[=+\] 100% \| \d+ B of \d+ B/);
        expect(result.stdout).toMatch(/completed {2}\[=+\] 100% \| 3 of 3 rows/);
        expect(result.stdout).toMatch(/sync [0-9a-f-]{36} completed\r?\n/);
        expect(result.stdout).not.toContain(s.adminToken);
      },
    );

    it('returns the same sync when the same upload runs again, and a new one for another file', async () => {
      const tenant = await setUpTenant(t.http);
      const path = file('nightly.csv', usersFile(2));
      const first = await cli(['upload', path, '--action', 'upsert', '--json'], tenant);
      const again = await cli(['upload', path, '--action', 'upsert', '--json'], tenant);
      expect(first.code).toBe(0);
      expect(again.code).toBe(0);
      expect(jsonOf(again).id).toBe(jsonOf(first).id);

      const changed = file('nightly.csv', usersFile(3));
      const third = await cli(['upload', changed, '--action', 'upsert', '--json'], tenant);
      expect(jsonOf(third).id).not.toBe(jsonOf(first).id);
      const list = await expectStatus(
        t.http.get(`/api/tenants/${tenant.tenantId}/csv-sync/syncs`, tenant.adminToken),
        200,
      );
      expect(list.body.items).toHaveLength(2);
    });

    it('gives a dry run of the same file a sync of its own', async () => {
      const tenant = await setUpTenant(t.http);
      const path = file('same.csv', usersFile(1));
      const real = jsonOf(await cli(['upload', path, '--action', 'upsert', '--wait', '--json'], tenant));
      const dry = jsonOf(await cli(['upload', path, '--action', 'upsert', '--dry-run', '--json'], tenant));
      expect(dry.id).not.toBe(real.id);
      expect(dry.dryRun).toBe(true);
    });

    it('exits 2 when rows failed and writes the error report with --report', async () => {
      const path = file(
        'with-errors.csv',
        csvFile([
          HEADER,
          userRow(50),
          userRow(51, { Email: 'not-an-email' }),
          userRow(52, { Department: 'Marketing' }),
        ]),
      );
      const report = join(dir, 'errors.csv');
      const result = await cli([
        'upload',
        path,
        '--action',
        'upsert',
        '--wait',
        '--report',
        report,
        '--json',
      ]);
      expect(result.code).toBe(2);
      expect(jsonOf(result)).toMatchObject({
        status: 'completed_with_errors',
        counts: { added: 1, failed: 2 },
      });
      expect(result.stderr).toContain(`error report: ${report} (2 failed rows)`);

      const text = readFileSync(report, 'utf8');
      expect(text.startsWith(BOM)).toBe(true);
      const rows = parse(text.slice(1)) as string[][];
      expect(rows[0]).toEqual([...HEADER, 'line', 'error_code', 'error_message']);
      expect(rows.slice(1).map((r) => [r[0], r[3], r[8], r[9]])).toEqual([
        ['not-an-email', 'R&D', '3', 'INVALID_EMAIL'],
        ['user52@example.com', 'Marketing', '4', 'INVALID_ENUM_VALUE'],
      ]);
      expect(rows[2][10]).toContain('Marketing');
    });

    it('replaces a report left by an earlier run with an empty one when no row failed', async () => {
      const report = file('stale-report.csv', 'old,report\r\n1,2\r\n');
      const path = file('clean.csv', csvFile([HEADER, userRow(60)]));
      const result = await cli(['upload', path, '--action', 'upsert', '--wait', '--report', report]);
      expect(result.code).toBe(0);
      const rows = parse(readFileSync(report, 'utf8').slice(1)) as string[][];
      expect(rows).toEqual([[...HEADER, 'line', 'error_code', 'error_message']]);
    });

    it('exits 3 for a dry run (previewed); apply --wait then applies it and exits 0', async () => {
      const path = file('preview.csv', csvFile([HEADER, userRow(70), userRow(71)]));
      const preview = await cli(['upload', path, '--action', 'upsert', '--dry-run', '--wait', '--json']);
      expect(preview.code).toBe(3);
      const sync = jsonOf(preview);
      expect(sync).toMatchObject({ status: 'previewed', counts: { added: 2 } });
      expect(preview.stderr).toContain(
        `apply it with: user-csv-sync apply ${sync.id} --tenant ${s.tenantId}`,
      );
      expect(await users(t.http, s.tenantId, s.adminToken, 'email=user70@example.com')).toEqual([]);

      const applied = await cli(['apply', sync.id, '--wait', '--json']);
      expect(applied.code).toBe(0);
      expect(jsonOf(applied)).toMatchObject({ id: sync.id, status: 'completed', dryRun: false });
      expect(await users(t.http, s.tenantId, s.adminToken, 'email=user70@example.com')).toHaveLength(1);
    });

    it('exits 3 when a delete waits for confirmation by the mass-delete guard, and apply confirms it', async () => {
      const tenant = await setUpTenant(t.http);
      await syncFile(t.http, tenant.tenantId, tenant.adminToken, usersFile(12));
      const path = file(
        'leavers.csv',
        csvFile([['Email'], ...Array.from({ length: 7 }, (_, i) => [`user${i + 1}@example.com`])]),
      );
      const parked = await cli(['upload', path, '--action', 'delete', '--wait', '--json'], tenant);
      expect(parked.code).toBe(3);
      const sync = jsonOf(parked);
      expect(sync.status).toBe('awaiting_confirmation');
      expect(parked.stderr).toContain('waits for a confirmation');

      const confirmed = await cli(['apply', sync.id, '--wait'], tenant);
      expect(confirmed.code).toBe(0);
      expect(confirmed.stdout).toContain('7 deleted');
      expect(await users(t.http, tenant.tenantId, tenant.adminToken)).toHaveLength(5);
    });

    it('exits 5 on a refused header and prints the message and details of the service', async () => {
      const bytes = csvFile([
        ['Email', 'First Name'],
        ['a@example.com', 'Ann'],
      ]);
      const direct = await t.http.upload(`/api/tenants/${s.tenantId}/csv-sync/syncs?action=upsert`, bytes, {
        token: s.adminToken,
      });
      expect(direct.status).toBe(400);

      const path = file('bad-header.csv', bytes);
      const result = await cli(['upload', path, '--action', 'upsert', '--wait', '--json']);
      expect(result.code).toBe(5);
      expect(result.stderr).toContain(`refused (HTTP 400 INVALID_HEADER): ${direct.body.message}`);
      expect(result.stderr).toContain('"missing"');
      expect(result.stderr).toContain('Last Name');
      expect(jsonOf(result)).toEqual(direct.body);
    });

    it('exits 5 when the token is not valid, without showing it', async () => {
      const result = await runCli(['upload', file('x.csv', usersFile(1)), '--action', 'upsert'], {
        USER_CSV_SYNC_URL: t.http.baseUrl,
        USER_CSV_SYNC_TOKEN: 'not-a-valid-token-4711',
        USER_CSV_SYNC_TENANT: s.tenantId,
      });
      expect(result.code).toBe(5);
      expect(result.stderr).toContain('HTTP 401');
      expect(result.stdout + result.stderr).not.toContain('not-a-valid-token-4711');
    });

    it('keeps the file name, also with characters beyond ASCII', async () => {
      const path = file('Mitarbeiter März.csv', csvFile([HEADER, userRow(80)]));
      const result = await cli(['upload', path, '--action', 'upsert', '--json']);
      expect(result.code).toBe(0);
      expect(jsonOf(result).fileName).toBe('Mitarbeiter März.csv');
    });
  });

  describe('a large file', () => {
    it('is streamed: the client needs no more memory for a 100 MB file than for a small one', async () => {
      const env = {
        USER_CSV_SYNC_URL: t.http.baseUrl,
        USER_CSV_SYNC_TOKEN: s.adminToken,
        USER_CSV_SYNC_TENANT: s.tenantId,
      };
      const peakOf = async (path: string) => {
        const run = startCli(['upload', path, '--action', 'upsert', '--wait', '--json'], env);
        const peak = trackPeakMemory(run.child.pid!);
        const result = await run.done;
        return { result, peak: peak() };
      };
      // 5,000 rows of 20 KB: every row fails VALUE_TOO_LONG, so the service stages little and the test stays
      // quick; the client sends every byte all the same.
      const large = join(dir, 'large.csv');
      const cell = 'x'.repeat(20_000);
      writeFileSync(
        large,
        `Email,First Name,Last Name\r\n${Array.from({ length: 5_000 }, (_, i) => `big${i}@example.com,${cell},L\r\n`).join('')}`,
      );
      const size = statSync(large).size;
      expect(size).toBeGreaterThan(100 * 1000 * 1000);

      const small = await peakOf(file('small.csv', csvFile([HEADER, userRow(95)])));
      const big = await peakOf(large);
      expect(small.result.code).toBe(0);
      expect(big.result.code).toBe(2);
      expect(jsonOf(big.result).counts).toMatchObject({ total: 5_000, failed: 5_000 });
      expect(big.result.stderr).toMatch(/^sent (\d+) MB of \1 MB \(100%\)$/m);
      // Freed chunks wait for the garbage collector, so some growth is normal; reading the file whole would
      // add all of its 100 MB.
      expect(small.peak).toBeGreaterThan(0);
      expect(big.peak - small.peak).toBeLessThan(size / 2);
    }, 600_000);
  });

  describe('status, cancel', () => {
    it('status prints a sync; a cancelled sync exits 4 and cancel itself exits 0', async () => {
      const path = file('to-cancel.csv', csvFile([HEADER, userRow(90)]));
      const preview = jsonOf(
        await cli(['upload', path, '--action', 'upsert', '--dry-run', '--wait', '--json']),
      );

      const before = await cli(['status', preview.id]);
      expect(before.code).toBe(3);
      expect(before.stdout).toContain(`sync ${preview.id} previewed`);

      const cancel = await cli(['cancel', preview.id, '--json']);
      expect(cancel.code).toBe(0);
      expect(jsonOf(cancel).status).toBe('cancelled');

      const after = await cli(['status', preview.id, '--json']);
      expect(after.code).toBe(4);
      expect(jsonOf(after)).toEqual(await apiSync(s, preview.id));

      const again = await cli(['cancel', preview.id]);
      expect(again.code).toBe(5);
      expect(again.stderr).toContain('SYNC_STATE_CONFLICT');
    });

    it('status of an unknown sync exits 5 with SYNC_NOT_FOUND', async () => {
      const result = await cli(['status', '0192f3c4-5d6e-7f80-9a1b-2c3d4e5f6a7b']);
      expect(result.code).toBe(5);
      expect(result.stderr).toContain('HTTP 404 SYNC_NOT_FOUND');
    });
  });

  describe('logs, records, template', () => {
    let tenant: TenantSetup;
    let ok: any;
    let withErrors: any;

    beforeAll(async () => {
      tenant = await setUpTenant(t.http);
      ok = await syncFile(t.http, tenant.tenantId, tenant.adminToken, usersFile(2), { fileName: 'ok.csv' });
      withErrors = await syncFile(
        t.http,
        tenant.tenantId,
        tenant.adminToken,
        csvFile([HEADER, userRow(1, { 'First Name': 'Changed' }), userRow(3, { Manager: 'maybe' })]),
        { fileName: 'errors.csv' },
      );
    });

    it('logs lists the newest syncs, as a table or JSON, limited and filtered by status', async () => {
      const table = await cli(['logs'], tenant);
      expect(table.code).toBe(0);
      const lines = table.stdout.trimEnd().split('\n');
      expect(lines[0]).toMatch(/^CREATED\s+ID\s+ACTION\s+STATUS\s+ROWS\s+FAILED\s+FILE$/);
      expect(lines.slice(1).map((l) => l.split(/\s+/)[1])).toEqual([withErrors.id, ok.id]);

      const newest = jsonOf(await cli(['logs', '--limit', '1', '--json'], tenant));
      expect(newest.items.map((x: any) => x.id)).toEqual([withErrors.id]);
      expect(newest.nextCursor).toEqual(expect.any(String));

      const completed = jsonOf(await cli(['logs', '--status', 'completed', '--json'], tenant));
      expect(completed.items.map((x: any) => x.id)).toEqual([ok.id]);
    });

    it('records shows what each row did, filtered by outcome', async () => {
      const table = await cli(['records', withErrors.id], tenant);
      expect(table.code).toBe(0);
      expect(table.stdout).toMatch(/^LINE\s+OUTCOME\s+EMAIL\s+DETAILS$/m);
      expect(table.stdout).toMatch(/^2\s+updated\s+user1@example.com\s+firstName: "First1" -> "Changed"$/m);
      expect(table.stdout).toMatch(/^3\s+failed\s+user3@example.com\s+INVALID_BOOLEAN \(Manager\): /m);

      const failed = jsonOf(await cli(['records', withErrors.id, '--outcome', 'failed', '--json'], tenant));
      expect(failed.items).toEqual([expect.objectContaining({ line: 3, outcome: 'failed' })]);
    });

    it('records --csv writes the records or the error report as the service makes them', async () => {
      const path = join(dir, 'records.csv');
      const written = await cli(['records', withErrors.id, '--csv', path], tenant);
      expect(written.code).toBe(0);
      const api = await t.http.get(
        `/api/tenants/${tenant.tenantId}/csv-sync/syncs/${withErrors.id}/records.csv`,
        tenant.adminToken,
      );
      expect(readFileSync(path)).toEqual(api.bytes);

      const toStdout = await cli(['records', withErrors.id, '--outcome', 'failed', '--csv', '-'], tenant);
      const rows = parse(toStdout.stdout.slice(1)) as string[][];
      expect(rows[0].slice(-3)).toEqual(['line', 'error_code', 'error_message']);
      expect(rows.slice(1).map((r) => r[r.length - 2])).toEqual(['INVALID_BOOLEAN']);
    });

    it('template writes the template with its BOM to a file with -o, or to standard output', async () => {
      const api = await t.http.get(
        `/api/tenants/${tenant.tenantId}/csv-sync/template?action=upsert&example=true`,
        tenant.adminToken,
      );
      const path = join(dir, 'template.csv');
      const toFile = await cli(['template', '--action', 'upsert', '--example', '-o', path], tenant);
      expect(toFile.code).toBe(0);
      expect(readFileSync(path)).toEqual(api.bytes);

      const toStdout = await cli(['template', '--action', 'delete'], tenant);
      expect(toStdout.code).toBe(0);
      expect(toStdout.stdout).toBe(`${BOM}Email\r\n`);
    });
  });

  describe('the command line itself', () => {
    it.each([
      [['upload', 'x.csv', '--action', 'merge'], /--action <action>.*expected upsert or delete, got "merge"/],
      [['status', 'not-a-sync'], /expected the id of a sync/],
      [['logs', '--limit', '0'], /expected a whole number from 1 to 100000/],
      [['logs', '--status', 'done'], /not known: done/],
      [['records', '0192f3c4-5d6e-7f80-9a1b-2c3d4e5f6a7b', '--outcome', 'added,gone'], /not known: gone/],
      [
        ['upload', '/nonexistent/users.csv', '--action', 'upsert'],
        /cannot read \/nonexistent\/users.csv: no such file/,
      ],
      [['upload', 'x.csv', '--action', 'upsert', '--report', 'r.csv'], /--report needs --wait/],
      [['upload', 'x.csv', '--timeout', 'soon', '--action', 'upsert'], /expected a number of seconds/],
    ])('refuses %j with exit 1 and names the problem', async (args, message) => {
      const result = await cli(args as string[]);
      expect(result.code).toBe(1);
      expect(result.stderr).toMatch(message);
    });

    it('exits 1 without a token or a tenant, saying where they come from', async () => {
      const noToken = await runCli(['logs', '--tenant', s.tenantId, '--url', t.http.baseUrl]);
      expect(noToken.code).toBe(1);
      expect(noToken.stderr).toContain('no token: set USER_CSV_SYNC_TOKEN or pass --token');
      const noTenant = await runCli(['logs'], {
        USER_CSV_SYNC_URL: t.http.baseUrl,
        USER_CSV_SYNC_TOKEN: s.adminToken,
      });
      expect(noTenant.code).toBe(1);
      expect(noTenant.stderr).toContain('no tenant: pass --tenant ID or set USER_CSV_SYNC_TENANT');
    });

    it('takes the connection from options as well as from the environment', async () => {
      const result = await runCli([
        'logs',
        '--limit',
        '1',
        '--json',
        '--url',
        t.http.baseUrl,
        '--token',
        s.adminToken,
        '--tenant',
        s.tenantId,
      ]);
      expect(result.code).toBe(0);
      expect(jsonOf(result).items).toHaveLength(1);
      expect(result.stdout + result.stderr).not.toContain(s.adminToken);
    });

    it('never shows the token, even when it was given where something else belongs', async () => {
      const result = await cli(['status', s.adminToken]);
      expect(result.code).toBe(1);
      expect(result.stderr).toContain('expected the id of a sync');
      expect(result.stderr).toContain('***');
    });

    it('shows help with exit 0 and never the token, even when it is set', async () => {
      const result = await cli(['upload', '--help']);
      expect(result.code).toBe(0);
      expect(result.stdout).toContain('Usage: user-csv-sync upload [options] <file>');
      expect(result.stdout).toMatch(/env:\s+USER_CSV_SYNC_TOKEN/);
    });
  });
});
