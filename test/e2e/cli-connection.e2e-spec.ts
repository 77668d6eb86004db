// The command-line client when the service is away, slow or failing (issue 16): retries with backoff, the
// same sync after a lost answer, the timeout, a failed sync, and exit code 6 when nothing helps.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import {
  createTestEnvironment,
  dropTestEnvironment,
  startApp,
  TestApp,
  TestEnvironment,
} from '../support/app';
import { createApp } from '../../src/app.factory';
import { loadConfig } from '../../src/config/app-config';
import { jsonOf, runCli, startCli } from '../support/cli';
import { usersFile } from '../support/csv-file';
import { withDb } from '../support/db';
import { expectStatus, setUpTenant, TenantSetup } from '../support/fixtures';
import { LossyGateway, startLossyGateway } from '../support/lossy-gateway';
import { freePort } from '../support/processes';
import { waitFor } from '../support/wait';

describe('user-csv-sync when the connection fails', () => {
  let environment: TestEnvironment;
  let t: TestApp;
  let s: TenantSetup;
  let dir: string;
  let csv: string;

  beforeAll(async () => {
    environment = await createTestEnvironment();
    t = await startApp({}, environment);
    s = await setUpTenant(t.http);
    dir = mkdtempSync(join(tmpdir(), 'ucs-cli-net-'));
    csv = join(dir, 'users.csv');
    writeFileSync(csv, usersFile(5));
  });
  afterAll(async () => {
    rmSync(dir, { recursive: true, force: true });
    await t.close();
    await dropTestEnvironment(environment);
  });

  const env = (url: string, setup: TenantSetup = s) => ({
    USER_CSV_SYNC_URL: url,
    USER_CSV_SYNC_TOKEN: setup.adminToken,
    USER_CSV_SYNC_TENANT: setup.tenantId,
  });

  const syncsOf = async (setup: TenantSetup) =>
    (await expectStatus(t.http.get(`/api/tenants/${setup.tenantId}/csv-sync/syncs`, setup.adminToken), 200))
      .body.items;

  it('retries while the service is unreachable and uploads once it listens', async () => {
    const tenant = await setUpTenant(t.http);
    // A second API process of the same deployment, not listening yet: the client starts before it does.
    const late: NestFastifyApplication = await createApp(
      loadConfig({ ...environment.env, WORKER_MODE: 'api' }),
    );
    try {
      const port = await freePort();
      const url = `http://127.0.0.1:${port}`;
      const cli = startCli(['upload', csv, '--action', 'upsert', '--wait', '--json'], env(url, tenant));
      await waitFor(() => cli.output().stderr.includes('retrying'), 'the client to retry', 30_000);
      await late.listen({ port, host: '127.0.0.1' });

      const result = await cli.done;
      expect(result.stderr).toContain(`cannot reach ${url}: ECONNREFUSED; retrying in`);
      expect(result.code).toBe(0);
      expect(jsonOf(result)).toMatchObject({ status: 'completed', counts: { added: 5 } });
      expect(await syncsOf(tenant)).toHaveLength(1);
      expect(result.stdout + result.stderr).not.toContain(tenant.adminToken);
    } finally {
      await late.close();
    }
  });

  it('gives up with exit 6 when the service stays unreachable, without showing the token', async () => {
    const port = await freePort();
    const token = 'secret-token-never-shown-0123456789';
    const result = await runCli([
      'upload',
      csv,
      '--action',
      'upsert',
      '--retries',
      '2',
      '--url',
      `http://127.0.0.1:${port}`,
      '--token',
      token,
      '--tenant',
      s.tenantId,
    ]);
    expect(result.code).toBe(6);
    expect(result.stderr).toContain(
      `cannot reach http://127.0.0.1:${port}: ECONNREFUSED (gave up after 3 attempts)`,
    );
    expect(result.stderr.match(/retrying in/g)).toHaveLength(2);
    expect(result.stdout + result.stderr).not.toContain(token);
  });

  it('exits 5 at once, without retrying, when the file is over the size limit', async () => {
    const small = await startApp({ MAX_FILE_MB: '1' });
    try {
      const tenant = await setUpTenant(small.http);
      const large = join(dir, 'over-the-limit.csv');
      writeFileSync(large, usersFile(40_000));
      const result = await runCli(
        ['upload', large, '--action', 'upsert', '--wait'],
        env(small.http.baseUrl, tenant),
      );
      expect(result.code).toBe(5);
      expect(result.stderr).toContain('refused (HTTP 413 FILE_TOO_LARGE)');
      expect(result.stderr).not.toContain('retrying');
    } finally {
      await small.close();
    }
  });

  describe('through a gateway that loses the first answer', () => {
    let gateway: LossyGateway;

    beforeAll(async () => {
      // The answer to the first upload is lost after the service accepted it.
      gateway = await startLossyGateway(
        t.http.baseUrl,
        (r) => r.method === 'POST' && r.path.includes('/syncs?'),
      );
    });
    afterAll(() => gateway.close());

    it('retries a 5xx with the same Idempotency-Key and ends with the one sync the service accepted', async () => {
      const tenant = await setUpTenant(t.http);
      const result = await runCli(
        ['upload', csv, '--action', 'upsert', '--wait', '--json'],
        env(gateway.url, tenant),
      );
      expect(result.stderr).toContain(
        'the service answered 502 BAD_GATEWAY: upstream timed out; retrying in',
      );
      expect(result.code).toBe(0);

      const uploads = gateway.requests.filter((r) => r.method === 'POST');
      expect(uploads).toHaveLength(2);
      expect(uploads[0].key).toMatch(/^ucs-cli-1-[0-9a-f]{64}$/);
      expect(uploads[1].key).toBe(uploads[0].key);
      const syncs = await syncsOf(tenant);
      expect(syncs).toHaveLength(1);
      expect(jsonOf(result)).toMatchObject({ id: syncs[0].id, status: 'completed' });
    });
  });

  describe('with an API but no worker', () => {
    let api: TestApp;
    let tenant: TenantSetup;

    beforeAll(async () => {
      api = await startApp({ WORKER_MODE: 'api' });
      tenant = await setUpTenant(api.http);
    });
    afterAll(() => api.close());

    it('exits 6 when --timeout passes before the sync settles, and prints the sync as it was', async () => {
      const started = Date.now();
      const result = await runCli(
        ['upload', csv, '--action', 'upsert', '--wait', '--timeout', '2', '--json'],
        env(api.http.baseUrl, tenant),
      );
      expect(result.code).toBe(6);
      const sync = jsonOf(result);
      expect(sync.status).toBe('queued');
      expect(result.stderr).toContain(`the timeout passed while the sync ${sync.id} was queued`);
      expect(Date.now() - started).toBeLessThan(30_000);
    });

    it('exits 4 when the sync fails while the client waits, and prints why', async () => {
      const other = await setUpTenant(api.http);
      const cli = startCli(['upload', csv, '--action', 'upsert', '--wait'], env(api.http.baseUrl, other));
      let syncId = '';
      await waitFor(
        () => {
          syncId = /sync ([0-9a-f-]{36}) queued/.exec(cli.output().stderr)?.[1] ?? '';
          return syncId !== '';
        },
        'the upload to be accepted',
        30_000,
      );
      // What the worker writes when processing stops on an unexpected error.
      await withDb(api.environment.databaseUrl, (db) =>
        db.query(`UPDATE sync SET status = 'failed', error = $2, finished_at = now() WHERE id = $1`, [
          syncId,
          JSON.stringify({ code: 'PROCESSING_FAILED', message: 'Processing stopped on an unexpected error' }),
        ]),
      );
      const result = await cli.done;
      expect(result.code).toBe(4);
      expect(result.stdout).toContain(`sync ${syncId} failed`);
      expect(result.stdout).toContain('error PROCESSING_FAILED: Processing stopped on an unexpected error');
    });
  });
});
