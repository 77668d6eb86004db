#!/usr/bin/env node
// The benchmark (npm run bench): starts the service as a user would — an API process and K worker processes
// on a fresh database and queue prefix — uploads generated files through HTTP, follows each sync to its end,
// checks the result, and compares the time with the floor: the same file loaded by plain SQL on the same server.
//
//   npm run bench -- --rows 1000000 --action all
//   npm run bench -- --rows 250000 --tenants 4 --workers 2 --action add
//
// Options: --rows N (100000)  --action add|update|delete|all (all)  --workers K (1)  --tenants T (1)
//          --batch-size N (service default)  --concurrency N (WORKER_CONCURRENCY, default T/K rounded up:
//          the tenants spread evenly over the workers)
//          --json  --profile (CPU profiles of the API and the workers into bench-results/)  --keep (keep the database)
//          --node-args "..." (node flags of the service processes: V8 heap limits, --trace-gc)
//          --logs DIR (write what each service process prints to DIR/<process>.log)
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import {
  createReadStream,
  createWriteStream,
  existsSync,
  mkdirSync,
  openAsBlob,
  readFileSync,
  rmSync,
} from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import Redis from 'ioredis';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';

const root = join(fileURLToPath(import.meta.url), '..', '..');
const MAIN = join(root, 'dist', 'src', 'main.js');
const MIGRATE = join(root, 'dist', 'src', 'database', 'migrate.js');
const SERVER = process.env.BENCH_DATABASE_SERVER ?? 'postgres://postgres@127.0.0.1:5432';
const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const STAFF_TOKEN = 'bench-staff-token-0123456789';

// The configuration of SPEC §4, shared with the tests (test/support/fixtures.ts).
const CONFIG = JSON.parse(readFileSync(join(root, 'scripts', 'example-config.json'), 'utf8'));
const HEADER = [CONFIG.emailColumn, ...CONFIG.attributes.map((a) => a.column)];
const FIRST = [
  'Jörg',
  'Zoë',
  'René',
  'Ana',
  'Łukasz',
  'Søren',
  'Nuño',
  'Aylin',
  'Chloé',
  'Björn',
  'Maria',
  'Ólafur',
];
const LAST = [
  'Müller',
  'Straße',
  'Dvořák',
  'García',
  "O'Brien",
  'Nguyễn',
  'Smith',
  'Kowalski',
  'Şahin',
  'Lindqvist',
];
const DEPARTMENTS = ['R&D', 'Sales', 'HR'];

function parseArgs(argv) {
  const options = {
    rows: 100_000,
    action: 'all',
    workers: 1,
    tenants: 1,
    json: false,
    profile: false,
    keep: false,
  };
  for (let i = 0; i < argv.length; i += 1) {
    const arg = argv[i];
    const value = () => {
      const v = argv[++i];
      if (v === undefined) throw new Error(`${arg} needs a value`);
      return v;
    };
    if (arg === '--rows') options.rows = Number(value());
    else if (arg === '--action') options.action = value();
    else if (arg === '--workers') options.workers = Number(value());
    else if (arg === '--tenants') options.tenants = Number(value());
    else if (arg === '--batch-size') options.batchSize = Number(value());
    else if (arg === '--concurrency') options.concurrency = Number(value());
    else if (arg === '--json') options.json = true;
    else if (arg === '--profile') options.profile = true;
    else if (arg === '--keep') options.keep = true;
    else if (arg === '--node-args') options.nodeArgs = value().split(/\s+/).filter(Boolean);
    else if (arg === '--logs') options.logs = value();
    else throw new Error(`unknown option ${arg}`);
  }
  if (!Number.isSafeInteger(options.rows) || options.rows < 1)
    throw new Error('--rows must be a positive integer');
  if (!['add', 'update', 'delete', 'all'].includes(options.action))
    throw new Error('--action is add, update, delete or all');
  if (!(options.workers >= 1 && options.tenants >= 1))
    throw new Error('--workers and --tenants must be at least 1');
  return options;
}

// ---------------------------------------------------------------------------------------------------- files

function cell(value) {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

/** The i-th user; `round` 0 is the add file, 1 changes two attributes of every user (the update file). */
function userRow(i, round) {
  const department = i % 17 === 0 ? '' : DEPARTMENTS[(i + round) % 3];
  const costCenter = i % 23 === 0 ? '' : String(1000 + (i % 5000) + round);
  return [
    `user${i}@bench.example.com`,
    FIRST[i % FIRST.length],
    LAST[(i * 7 + round) % LAST.length],
    department,
    `20${10 + (i % 16)}-${String(1 + (i % 12)).padStart(2, '0')}-${String(1 + (i % 28)).padStart(2, '0')}`,
    ['true', 'false', 'yes', 'no'][i % 4],
    costCenter,
    ['Admins|Scouts', 'Scouts', '', 'Admins'][i % 4],
  ];
}

/** What the service must store for userRow(i, round): the typed values, empty cells absent. */
function expectedAttributes(i, round) {
  const [, firstName, lastName, department, startDate, manager, costCenter, groups] = userRow(i, round);
  const attributes = { firstName, lastName, startDate, isManager: manager === 'true' || manager === 'yes' };
  if (department) attributes.department = department;
  if (costCenter) attributes.costCenter = Number(costCenter);
  if (groups)
    attributes.groups = groups
      .split('|')
      .sort((a, b) => ['Admins', 'Scouts'].indexOf(a) - ['Admins', 'Scouts'].indexOf(b));
  return attributes;
}

function sortKeys(object) {
  return object && Object.fromEntries(Object.entries(object).sort(([a], [b]) => a.localeCompare(b)));
}

async function writeFile(path, rows, round, emailOnly) {
  const out = createWriteStream(path);
  const write = async (text) => {
    if (!out.write(text)) await once(out, 'drain');
  };
  await write(`${(emailOnly ? ['Email'] : HEADER).join(',')}\r\n`);
  let chunk = '';
  for (let i = 1; i <= rows; i += 1) {
    const row = userRow(i, round);
    chunk += `${(emailOnly ? [row[0]] : row).map(cell).join(',')}\r\n`;
    if (chunk.length > 1 << 20) {
      await write(chunk);
      chunk = '';
    }
  }
  await write(chunk);
  out.end();
  await once(out, 'finish');
}

// ------------------------------------------------------------------------------------------------ processes

async function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

function startProcess(name, env, nodeArgs = [], logDir = undefined) {
  const child = spawn(process.execPath, [...nodeArgs, MAIN], {
    env: { PATH: process.env.PATH, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const output = [];
  const log = logDir ? createWriteStream(join(logDir, `${name}.log`)) : null;
  const keep = (chunk) => {
    log?.write(chunk);
    output.push(chunk.toString('utf8'));
    if (output.length > 200) output.shift();
  };
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
  return { name, child, output, peakRss: 0 };
}

/** CPU seconds (user and system) a process has used so far; Linux counts them in ticks of 1/100 s. */
function cpuSecondsOf(pid) {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return 0;
  }
}

/** Busy and total CPU time of the whole machine so far (all cores), from /proc/stat. */
function machineCpu() {
  const [, ...ticks] = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).map(Number);
  const total = ticks.slice(0, 8).reduce((sum, t) => sum + t, 0);
  return { busy: total - ticks[3] - ticks[4], total };
}

function rssOf(pid) {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const match = /VmRSS:\s+(\d+) kB/.exec(status);
    return match ? Number(match[1]) * 1024 : 0;
  } catch {
    return 0;
  }
}

async function waitFor(check, what, timeoutMs = 60_000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`timed out waiting for ${what}`);
}

// --------------------------------------------------------------------------------------------------- HTTP

function api(baseUrl) {
  const request = async (method, path, token, body) => {
    const response = await fetch(baseUrl + path, {
      method,
      headers: { authorization: `Bearer ${token}`, ...(body ? { 'content-type': 'application/json' } : {}) },
      body: body ? JSON.stringify(body) : undefined,
    });
    const text = await response.text();
    if (response.status >= 400) throw new Error(`${method} ${path} answered ${response.status}: ${text}`);
    return text ? JSON.parse(text) : null;
  };
  return {
    get: (path, token) => request('GET', path, token),
    post: (path, token, body) => request('POST', path, token, body ?? {}),
    put: (path, token, body) => request('PUT', path, token, body),
    /** Streams the file from disk as multipart/form-data (a Blob backed by the file, not read into memory). */
    async upload(path, token, file) {
      const form = new FormData();
      form.append('file', await openAsBlob(file, { type: 'text/csv' }), 'users.csv');
      const response = await fetch(baseUrl + path, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}` },
        body: form,
      });
      const text = await response.text();
      if (response.status !== 202) throw new Error(`upload answered ${response.status}: ${text}`);
      return JSON.parse(text);
    },
  };
}

// ----------------------------------------------------------------------------------------------- the floor

/** The same file loaded by plain SQL: COPY into an unlogged staging table, then one set-based statement. */
async function floor(databaseUrl, file, action) {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    await client.query('CREATE TABLE IF NOT EXISTS floor_user (LIKE app_user INCLUDING ALL)');
    await client.query('DROP TABLE IF EXISTS floor_staging');
    const columns =
      action === 'delete'
        ? 'email text'
        : 'email text, first_name text, last_name text, department text, start_date text, manager text, cost_center text, groups text';
    await client.query(`CREATE UNLOGGED TABLE floor_staging (${columns})`);
    const started = performance.now();
    const copy = client.query(copyFrom('COPY floor_staging FROM STDIN (FORMAT csv, HEADER true)'));
    const source = createReadStream(file);
    source.pipe(copy);
    await once(copy, 'finish');
    if (action === 'delete') {
      await client.query(
        `DELETE FROM floor_user AS u USING floor_staging AS s WHERE u.tenant_id = 'floor' AND u.email = lower(trim(s.email))`,
      );
    } else {
      await client.query(`
        INSERT INTO floor_user (tenant_id, email, attributes)
        SELECT 'floor', lower(trim(email)), jsonb_strip_nulls(jsonb_build_object(
                 'firstName', first_name, 'lastName', last_name, 'department', nullif(department, ''),
                 'startDate', nullif(start_date, ''),
                 'isManager', CASE lower(manager) WHEN 'true' THEN true WHEN 'yes' THEN true
                                                  WHEN 'false' THEN false WHEN 'no' THEN false END,
                 'costCenter', nullif(cost_center, '')::int,
                 'groups', CASE WHEN groups = '' THEN NULL ELSE to_jsonb(string_to_array(groups, '|')) END))
          FROM floor_staging
        ON CONFLICT (tenant_id, email) DO UPDATE SET attributes = excluded.attributes, updated_at = now()`);
    }
    return (performance.now() - started) / 1000;
  } finally {
    await client.end();
  }
}

// ------------------------------------------------------------------------------------------------------ run

async function main() {
  const options = parseArgs(process.argv.slice(2));
  if (!existsSync(MAIN)) throw new Error('dist/ is missing: run "npm run build" (npm run bench does)');
  const stamp = `${Date.now().toString(36)}${process.pid}`;
  const database = `ucs_bench_${stamp}`;
  const databaseUrl = `${SERVER}/${database}`;
  const queuePrefix = `ucs-bench-${stamp}`;
  const work = join(tmpdir(), `ucs-bench-${stamp}`);
  mkdirSync(work, { recursive: true });
  const resultsDir = join(root, 'bench-results');
  if (options.profile) mkdirSync(resultsDir, { recursive: true });
  const log = (message) => {
    if (!options.json) process.stderr.write(`${message}\n`);
  };

  const env = {
    NODE_ENV: 'production',
    DATABASE_URL: databaseUrl,
    REDIS_URL,
    QUEUE_PREFIX: queuePrefix,
    STAFF_TOKEN,
    LOG_LEVEL: 'warn',
    // Each worker takes its share of the tenants, so that K workers share the T syncs instead of the first
    // workers to ask taking them all.
    WORKER_CONCURRENCY: String(options.concurrency ?? Math.ceil(options.tenants / options.workers)),
    ...(options.batchSize ? { SYNC_BATCH_SIZE: String(options.batchSize) } : {}),
  };

  const processes = [];
  const stop = async () => {
    await Promise.all(
      processes.map(async (p) => {
        if (p.child.exitCode === null) {
          p.child.kill('SIGTERM');
          await Promise.race([once(p.child, 'exit'), new Promise((r) => setTimeout(r, 10_000))]);
          if (p.child.exitCode === null) p.child.kill('SIGKILL');
        }
      }),
    );
  };

  try {
    log(`database ${database}, queue prefix ${queuePrefix}`);
    const migrated = spawn(process.execPath, [MIGRATE], { env: { ...process.env, ...env }, stdio: 'ignore' });
    const [code] = await once(migrated, 'exit');
    if (code !== 0) throw new Error('migration failed');

    const port = await freePort();
    const nodeArgs = [
      ...(options.nodeArgs ?? []),
      ...(options.profile ? ['--cpu-prof', `--cpu-prof-dir=${resultsDir}`] : []),
    ];
    if (options.logs) mkdirSync(options.logs, { recursive: true });
    const apiProcess = startProcess(
      'api',
      { ...env, WORKER_MODE: 'api', PORT: String(port) },
      nodeArgs,
      options.logs,
    );
    processes.push(apiProcess);
    for (let i = 0; i < options.workers; i += 1) {
      // Workers log at info: their readiness is the 'worker started' line, and they log little else.
      const workerEnv = { ...env, WORKER_MODE: 'worker', PORT: '0', LOG_LEVEL: 'info' };
      processes.push(startProcess(`worker${i + 1}`, workerEnv, nodeArgs, options.logs));
    }
    const base = `http://127.0.0.1:${port}`;
    const http = api(base);
    await waitFor(async () => (await fetch(`${base}/health/ready`).catch(() => null))?.ok, 'the API');
    await waitFor(
      () => processes.slice(1).every((p) => p.output.join('').includes('worker started')),
      'the workers',
    );

    // Peak RSS of every process, and the latency of GET /health, sampled while syncs run.
    let sampling = true;
    let healthWorst = 0;
    const sampler = (async () => {
      while (sampling) {
        for (const p of processes) p.peakRss = Math.max(p.peakRss, rssOf(p.child.pid));
        const t0 = performance.now();
        await fetch(`${base}/health`).catch(() => null);
        healthWorst = Math.max(healthWorst, performance.now() - t0);
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
    })();

    const tenants = [];
    for (let t = 0; t < options.tenants; t += 1) {
      const id = `bench-${t + 1}`;
      await http.post('/api/tenants', STAFF_TOKEN, { id, name: `Bench ${t + 1}` });
      await http.put(`/api/tenants/${id}/csv-sync/config`, STAFF_TOKEN, CONFIG);
      await http.put(`/api/tenants/${id}/csv-sync/activation`, STAFF_TOKEN, { enabled: true });
      const { token } = await http.post(`/api/tenants/${id}/tokens`, STAFF_TOKEN, { name: 'bench' });
      tenants.push({ id, token });
    }

    const files = {
      add: join(work, 'add.csv'),
      update: join(work, 'update.csv'),
      delete: join(work, 'delete.csv'),
    };
    log(`generating ${options.rows} rows per file`);
    await writeFile(files.add, options.rows, 0, false);
    await writeFile(files.update, options.rows, 1, false);
    await writeFile(files.delete, options.rows, 0, true);

    const actions = options.action === 'all' ? ['add', 'update', 'delete'] : [options.action];
    if (options.action === 'update' || options.action === 'delete') actions.unshift('add'); // needs users first
    const results = [];
    const pool = new pg.Pool({ connectionString: databaseUrl, max: 2 });
    for (const action of actions) {
      for (const p of processes) {
        p.peakRss = 0;
        p.cpuAtStart = cpuSecondsOf(p.child.pid);
      }
      const machineAtStart = machineCpu();
      healthWorst = 0;
      log(`${action}: uploading ${options.rows} rows × ${options.tenants} tenant(s)`);
      const started = performance.now();
      const runs = await Promise.all(
        tenants.map(async (tenant) => {
          const query = action === 'delete' ? 'delete' : 'upsert';
          const accepted = await http.upload(
            `/api/tenants/${tenant.id}/csv-sync/syncs?action=${query}`,
            tenant.token,
            files[action],
          );
          const acceptedAt = performance.now();
          let sync;
          for (;;) {
            sync = await http.get(`/api/tenants/${tenant.id}/csv-sync/syncs/${accepted.id}`, tenant.token);
            if (sync.status === 'awaiting_confirmation') {
              await http.post(`/api/tenants/${tenant.id}/csv-sync/syncs/${accepted.id}/apply`, tenant.token);
              continue;
            }
            if (['completed', 'completed_with_errors', 'failed', 'cancelled'].includes(sync.status)) break;
            await new Promise((resolve) => setTimeout(resolve, 100));
          }
          return {
            tenant,
            sync,
            acceptedSeconds: (acceptedAt - started) / 1000,
            endSeconds: (performance.now() - started) / 1000,
          };
        }),
      );
      const seconds = (performance.now() - started) / 1000;
      const cpuSeconds = Object.fromEntries(
        processes.map((p) => [p.name, round(cpuSecondsOf(p.child.pid) - p.cpuAtStart)]),
      );
      const machine = machineCpu();
      const machineBusyPercent = Math.round(
        (100 * (machine.busy - machineAtStart.busy)) / (machine.total - machineAtStart.total),
      );

      // Correctness before any figure: every sync exact, and the users table as the file says.
      const expected = { add: 'added', update: 'updated', delete: 'deleted' }[action];
      const problems = [];
      for (const run of runs) {
        const { counts, status } = run.sync;
        if (status !== 'completed') problems.push(`${run.tenant.id}: status ${status}`);
        if (counts[expected] !== options.rows || counts.failed !== 0) {
          problems.push(`${run.tenant.id}: counts ${JSON.stringify(counts)}`);
        }
        const { rows } = await pool.query(
          'SELECT count(*)::int AS users FROM app_user WHERE tenant_id = $1',
          [run.tenant.id],
        );
        const wantUsers = action === 'delete' ? 0 : options.rows;
        if (rows[0].users !== wantUsers)
          problems.push(`${run.tenant.id}: ${rows[0].users} users, expected ${wantUsers}`);
        if (action !== 'delete') {
          for (const i of [1, options.rows]) {
            const stored = await pool.query(
              'SELECT attributes FROM app_user WHERE tenant_id = $1 AND email = $2',
              [run.tenant.id, `user${i}@bench.example.com`],
            );
            const want = expectedAttributes(i, action === 'add' ? 0 : 1);
            if (JSON.stringify(sortKeys(stored.rows[0]?.attributes)) !== JSON.stringify(sortKeys(want))) {
              problems.push(
                `${run.tenant.id}: user${i} is ${JSON.stringify(stored.rows[0]?.attributes)}, expected ${JSON.stringify(want)}`,
              );
            }
          }
        }
        const records = await pool.query('SELECT count(*)::int AS n FROM sync_record WHERE sync_id = $1', [
          run.sync.id,
        ]);
        if (records.rows[0].n !== options.rows)
          problems.push(`${run.tenant.id}: ${records.rows[0].n} records`);
      }
      if (problems.length) throw new Error(`${action}: result is wrong:\n  ${problems.join('\n  ')}`);

      const floorSeconds = options.tenants === 1 ? await floor(databaseUrl, files[action], action) : null;
      const totalRows = options.rows * options.tenants;
      results.push({
        action,
        rows: totalRows,
        tenants: options.tenants,
        workers: options.workers,
        seconds: round(seconds),
        rowsPerSecond: Math.round(totalRows / seconds),
        floorSeconds: floorSeconds === null ? null : round(floorSeconds),
        ratioToFloor: floorSeconds === null ? null : round(seconds / floorSeconds),
        secondsTo202: round(Math.max(...runs.map((r) => r.acceptedSeconds))),
        healthWorstMs: Math.round(healthWorst),
        peakRssMb: Object.fromEntries(processes.map((p) => [p.name, Math.round(p.peakRss / 1048576)])),
        cpuSeconds,
        machineBusyPercent,
        checks: 'passed',
      });
      log(`${action}: ${round(seconds)} s${floorSeconds ? `, floor ${round(floorSeconds)} s` : ''}`);
    }
    await pool.end();
    sampling = false;
    await sampler;

    if (options.json) {
      process.stdout.write(`${JSON.stringify({ options, results }, null, 2)}\n`);
    } else {
      printTable(options, results);
    }
  } finally {
    await stop();
    rmSync(work, { recursive: true, force: true });
    if (!options.keep) await dropEverything(database, queuePrefix);
  }
}

function round(value) {
  return Math.round(value * 100) / 100;
}

function printTable(options, results) {
  const rows = results.map((r) => [
    r.action,
    String(r.rows),
    r.seconds.toFixed(2),
    String(r.rowsPerSecond),
    r.floorSeconds === null ? '-' : r.floorSeconds.toFixed(2),
    r.ratioToFloor === null ? '-' : `${r.ratioToFloor.toFixed(2)}×`,
    r.secondsTo202.toFixed(2),
    String(r.healthWorstMs),
    Object.entries(r.peakRssMb)
      .map(([name, mb]) => `${name} ${mb}`)
      .join(', '),
    Object.entries(r.cpuSeconds)
      .map(([name, s]) => `${name} ${s.toFixed(1)}`)
      .join(', '),
    `${r.machineBusyPercent}%`,
  ]);
  const head = [
    'action',
    'rows',
    'seconds',
    'rows/s',
    'floor s',
    'ratio',
    'to 202 s',
    'health max ms',
    'peak RSS MB',
    'CPU s',
    'machine busy',
  ];
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells) => cells.map((c, i) => c.padEnd(widths[i])).join('  ');
  console.log(`rows ${options.rows} × tenants ${options.tenants}, workers ${options.workers}; checks passed`);
  console.log(line(head));
  for (const r of rows) console.log(line(r));
}

async function dropEverything(database, queuePrefix) {
  const client = new pg.Client({ connectionString: `${SERVER}/postgres` });
  await client.connect();
  await client.query(`DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`);
  await client.end();
  const redis = new Redis(REDIS_URL);
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', `${queuePrefix}:*`, 'COUNT', 1000);
    if (keys.length) await redis.del(...keys);
    cursor = next;
  } while (cursor !== '0');
  redis.disconnect();
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
