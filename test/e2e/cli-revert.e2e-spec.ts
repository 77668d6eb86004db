// `user-csv-sync revert` (SPEC §10, §11) against the real service, run as a child process from
// dist/cli/main.js: each outcome of a revert and the exit code a scheduler acts on, and the Idempotency-Key
// that makes a retried revert the same revert.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { startApp, TestApp } from '../support/app';
import { CliResult, jsonOf, runCli } from '../support/cli';
import { csvFile, HEADER, userRow, usersFile } from '../support/csv-file';
import { expectStatus, setUpTenant, TenantSetup } from '../support/fixtures';
import { GatewayRequest, LossyGateway, startLossyGateway } from '../support/lossy-gateway';
import { syncFile, upload, users, waitForSync } from '../support/syncs';

describe('user-csv-sync revert', () => {
  let t: TestApp;
  let dir: string;

  beforeAll(async () => {
    t = await startApp();
    dir = mkdtempSync(join(tmpdir(), 'ucs-cli-revert-'));
  });
  afterAll(async () => {
    rmSync(dir, { recursive: true, force: true });
    await t.close();
  });

  const env = (setup: TenantSetup, url = t.http.baseUrl) => ({
    USER_CSV_SYNC_URL: url,
    USER_CSV_SYNC_TOKEN: setup.adminToken,
    USER_CSV_SYNC_TENANT: setup.tenantId,
  });

  /** Runs the client for tenant `setup`; no output of any run may contain the token. */
  async function cli(setup: TenantSetup, args: string[], url?: string): Promise<CliResult> {
    const result = await runCli(args, env(setup, url));
    expect(result.stdout + result.stderr).not.toContain(setup.adminToken);
    return result;
  }

  const apiSync = async (setup: TenantSetup, id: string) =>
    (
      await expectStatus(
        t.http.get(`/api/tenants/${setup.tenantId}/csv-sync/syncs/${id}`, setup.adminToken),
        200,
      )
    ).body;

  const userOf = async (setup: TenantSetup, n: number) =>
    (await users(t.http, setup.tenantId, setup.adminToken, `email=user${n}@example.com`))[0];

  const syncsOf = async (setup: TenantSetup) =>
    (await expectStatus(t.http.get(`/api/tenants/${setup.tenantId}/csv-sync/syncs`, setup.adminToken), 200))
      .body.items;

  it('reverts an upsert, waits, exits 2 for a user changed since, and writes its error report', async () => {
    const s = await setUpTenant(t.http, { tokenName: 'HR nightly job' });
    await syncFile(t.http, s.tenantId, s.adminToken, usersFile(3));
    const upsert = await syncFile(
      t.http,
      s.tenantId,
      s.adminToken,
      csvFile([HEADER, userRow(1, { 'First Name': 'Changed' }), userRow(4), userRow(5)]),
      { fileName: 'hr-export.csv' },
    );
    expect(upsert.counts).toMatchObject({ added: 2, updated: 1, unchanged: 0 });
    // Someone changes user 5 after the upsert: the revert leaves it alone.
    await syncFile(t.http, s.tenantId, s.adminToken, csvFile([HEADER, userRow(5, { Department: 'R&D' })]));

    const report = join(dir, 'revert-errors.csv');
    const result = await cli(s, ['revert', upsert.id, '--wait', '--report', report, '--json']);
    expect(result.code).toBe(2);
    const revert = jsonOf(result);
    expect(revert).toMatchObject({
      action: 'revert',
      revertOf: upsert.id,
      fileName: 'hr-export.csv',
      status: 'completed_with_errors',
      actor: 'HR nightly job',
      counts: { deleted: 1, updated: 1, failed: 1 },
    });
    expect(result.stderr).toMatch(new RegExp(`^sync ${revert.id} completed_with_errors: `, 'm'));
    expect(result.stderr).toContain(`error report: ${report} (1 failed row)`);
    const rows = parse(readFileSync(report, 'utf8').replace(/^\uFEFF/, '')) as string[][];
    expect(rows.slice(1).map((row) => row.slice(-2)[0])).toEqual(['CHANGED_SINCE']);

    expect(await userOf(s, 4)).toBeUndefined();
    expect((await userOf(s, 1)).attributes.firstName).toBe('First1');
    expect((await userOf(s, 5)).attributes.department).toBe('R&D');
    expect((await apiSync(s, upsert.id)).revertedBy).toBe(revert.id);
  });

  it('prints a summary naming the reverted sync; a re-run returns the same revert; another is refused', async () => {
    const s = await setUpTenant(t.http);
    const add = await syncFile(t.http, s.tenantId, s.adminToken, usersFile(2), { fileName: 'two.csv' });

    const first = await cli(s, ['revert', add.id, '--wait']);
    expect(first.code).toBe(0);
    const revertId = /^sync ([0-9a-f-]{36}) completed$/m.exec(first.stdout)?.[1];
    expect(revertId).toBeDefined();
    expect(first.stdout).toContain(`file two.csv, revert, by Jane Doe`);
    expect(first.stdout).toContain(`reverts sync ${add.id}`);
    expect(first.stdout).toContain('rows 2 to undo: 2 deleted');
    expect(await users(t.http, s.tenantId, s.adminToken)).toEqual([]);

    // The same command again (a scheduler's retry, a person pressing up and enter): the same revert.
    const again = await cli(s, ['revert', add.id, '--json']);
    expect(again.code).toBe(0);
    expect(jsonOf(again)).toMatchObject({ id: revertId, status: 'completed' });
    expect((await syncsOf(s)).filter((sync: any) => sync.action === 'revert')).toHaveLength(1);

    const status = await cli(s, ['status', add.id]);
    expect(status.stdout).toContain(`reverted by sync ${revertId}`);

    // A dry run is another request (another key): the sync has a revert, so the service refuses it.
    const dry = await cli(s, ['revert', add.id, '--dry-run', '--json']);
    expect(dry.code).toBe(5);
    expect(dry.stderr).toContain('refused (HTTP 409 SYNC_STATE_CONFLICT)');
    expect(jsonOf(dry)).toMatchObject({ statusCode: 409, error: 'SYNC_STATE_CONFLICT' });
  });

  it('exits 3 for a dry run (previewed), changing nobody; apply --wait then reverts', async () => {
    const s = await setUpTenant(t.http);
    await syncFile(t.http, s.tenantId, s.adminToken, usersFile(12));
    const update = await syncFile(
      t.http,
      s.tenantId,
      s.adminToken,
      csvFile([HEADER, userRow(1, { 'Last Name': 'Newname' })]),
    );

    const preview = await cli(s, ['revert', update.id, '--dry-run', '--wait', '--json']);
    expect(preview.code).toBe(3);
    const revert = jsonOf(preview);
    expect(revert).toMatchObject({ status: 'previewed', dryRun: true, counts: { updated: 1 } });
    expect(preview.stderr).toContain(
      `apply it with: user-csv-sync apply ${revert.id} --tenant ${s.tenantId}`,
    );
    expect((await userOf(s, 1)).attributes.lastName).toBe('Newname');

    const applied = await cli(s, ['apply', revert.id, '--wait', '--json']);
    expect(applied.code).toBe(0);
    expect(jsonOf(applied)).toMatchObject({ id: revert.id, status: 'completed', counts: { updated: 1 } });
    expect((await userOf(s, 1)).attributes.lastName).toBe('Last1');
  });

  it('exits 3 when the revert would delete most users and waits for a confirmation', async () => {
    const s = await setUpTenant(t.http);
    const add = await syncFile(t.http, s.tenantId, s.adminToken, usersFile(12));

    const parked = await cli(s, ['revert', add.id, '--wait', '--json']);
    expect(parked.code).toBe(3);
    const revert = jsonOf(parked);
    expect(revert.status).toBe('awaiting_confirmation');
    expect(parked.stderr).toContain('waits for a confirmation');
    expect(await users(t.http, s.tenantId, s.adminToken)).toHaveLength(12);

    const confirmed = await cli(s, ['apply', revert.id, '--wait']);
    expect(confirmed.code).toBe(0);
    expect(confirmed.stdout).toContain('12 deleted');
    expect(await users(t.http, s.tenantId, s.adminToken)).toEqual([]);
  });

  it('exits 5 with the reason of the service when the sync cannot be reverted', async () => {
    const s = await setUpTenant(t.http);
    const accepted = await upload(t.http, s.tenantId, s.adminToken, usersFile(1), { dryRun: true });
    const preview = await waitForSync(t.http, s.tenantId, accepted.body.id, s.adminToken);
    expect(preview.status).toBe('previewed');
    const direct = await t.http.post(
      `/api/tenants/${s.tenantId}/csv-sync/syncs/${preview.id}/revert`,
      undefined,
      s.adminToken,
    );
    expect(direct.status).toBe(409);

    const result = await cli(s, ['revert', preview.id, '--wait', '--json']);
    expect(result.code).toBe(5);
    expect(result.stderr).toContain(`refused (HTTP 409 SYNC_STATE_CONFLICT): ${direct.body.message}`);
    expect(result.stderr).not.toContain('retrying');
    expect(jsonOf(result)).toEqual(direct.body);

    const unknown = await cli(s, ['revert', '0192f3c4-5d6e-7f80-9a1b-2c3d4e5f6a7b']);
    expect(unknown.code).toBe(5);
    expect(unknown.stderr).toContain('HTTP 404 SYNC_NOT_FOUND');
  });

  describe('through a gateway that loses the answer to the first revert', () => {
    const isRevert = (r: GatewayRequest) => r.method === 'POST' && /\/revert(\?|$)/.test(r.path);
    let gateway: LossyGateway;

    beforeAll(async () => {
      // The answer to the first revert is lost after the service accepted it.
      gateway = await startLossyGateway(t.http.baseUrl, isRevert);
    });
    afterAll(() => gateway.close());

    it('retries with the same Idempotency-Key and ends with the one revert the service accepted', async () => {
      const s = await setUpTenant(t.http);
      const add = await syncFile(t.http, s.tenantId, s.adminToken, usersFile(3));
      const result = await cli(s, ['revert', add.id, '--wait', '--json'], gateway.url);
      expect(result.stderr).toContain(
        'the service answered 502 BAD_GATEWAY: upstream timed out; retrying in',
      );
      expect(result.code).toBe(0);

      const reverts = gateway.requests.filter(isRevert);
      expect(reverts).toHaveLength(2);
      expect(reverts[0].key).toMatch(/^ucs-cli-1-[0-9a-f]{64}$/);
      expect(reverts[1].key).toBe(reverts[0].key);
      const all = (await syncsOf(s)).filter((sync: any) => sync.action === 'revert');
      expect(all).toHaveLength(1);
      expect(jsonOf(result)).toMatchObject({ id: all[0].id, revertOf: add.id, status: 'completed' });
      expect(await users(t.http, s.tenantId, s.adminToken)).toEqual([]);
    });
  });

  describe('the command line', () => {
    it.each([
      [['revert', 'not-a-sync'], /expected the id of a sync/],
      [['revert', '0192f3c4-5d6e-7f80-9a1b-2c3d4e5f6a7b', '--report', 'r.csv'], /--report needs --wait/],
      [
        ['revert', '0192f3c4-5d6e-7f80-9a1b-2c3d4e5f6a7b', '--idempotency-key', 'with space'],
        /--idempotency-key must be/,
      ],
    ])('refuses %j with exit 1 and names the problem', async (args, message) => {
      const s = await setUpTenant(t.http);
      const result = await cli(s, args as string[]);
      expect(result.code).toBe(1);
      expect(result.stderr).toMatch(message);
    });

    it('shows its help with exit 0', async () => {
      const s = await setUpTenant(t.http);
      const result = await cli(s, ['revert', '--help']);
      expect(result.code).toBe(0);
      expect(result.stdout).toContain('Usage: user-csv-sync revert [options] <sync-id>');
      expect(result.stdout).toContain('--dry-run');
      expect(result.stdout).toContain('--idempotency-key <key>');
    });
  });
});
