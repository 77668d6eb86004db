#!/usr/bin/env node
// The benchmark (npm run bench): starts the service as a user would — an API process and K worker processes,
// or the one process of `npm start` (--mode all) — on a fresh database and queue prefix, uploads generated
// files through HTTP, follows each sync to its end, checks the result, and compares the time with the floor:
// the fastest plain-SQL load of the same file into a table of app_user's shape on the same server.
//
//   npm run bench -- --rows 1000000 --action all
//   npm run bench -- --rows 1000000 --action all --mode all
//   npm run bench -- --rows 250000 --tenants 4 --workers 2 --action add
//   npm run bench -- --rows 1000000 --action update --existing 10000000
//   npm run bench -- --rows 1000000 --action revert
//
// Options: --rows N (100000)  --action add|update|delete|revert|all (all: add, update, delete, revert; revert:
//          the add file through the service, then its revert, timed against a plain DELETE … USING of the
//          same users)  --workers K (1)  --tenants T (1)
//          --mode separate|all (separate: an API process and K worker processes with NODE_ENV=production;
//          all: the one process of `npm start`, WORKER_MODE=all, NODE_ENV and LOG_LEVEL unset)
//          --existing N (fill each tenant with N users by SQL before the run; the file's users among them)
//          --old-floor (also time the floor of earlier releases, random ids, as a column)
//          --records-floor (delete: also time plain SQL that does what a delete must keep, as a column: the file
//          staged durably, and one outcome record with each user's last attributes; see recordsFloor)
//          --batch-size N (service default)  --concurrency N (WORKER_CONCURRENCY, default T/K rounded up:
//          the tenants spread evenly over the workers; in --mode all the service's default)
//          --statements (where PostgreSQL's time went: pg_stat_statements if the server loads it, else
//          --pg-log FILE, the server's log, read for this database's statements)  --explain MS (with --pg-log:
//          plans with EXPLAIN ANALYZE, BUFFERS of the statements slower than MS, in the server's log)
//          --json  --profile (CPU profiles of the service processes into bench-results/)  --keep (keep the database)
//          --node-args "..." (node flags of the service processes beside npm start's: V8 heap limits, --trace-gc)
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
import { open, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { fileURLToPath, pathToFileURL } from 'node:url';
import Redis from 'ioredis';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { v7 as uuidv7 } from 'uuid';

const root = join(fileURLToPath(import.meta.url), '..', '..');
const MAIN = join(root, 'dist', 'src', 'main.js');
/** The node flags that `npm start` gives the service (package.json's start script): the bench runs what users
 *  start, and --node-args adds to them. */
const START_FLAGS = (() => {
  const start = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).scripts.start;
  const flags = /\bnode((?:\s+--\S+)*)\s+dist\/src\/main\.js/.exec(start);
  if (!flags) throw new Error(`package.json's start script does not run dist/src/main.js: ${start}`);
  return flags[1].split(/\s+/).filter(Boolean);
})();
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
    mode: 'separate',
    existing: 0,
    oldFloor: false,
    recordsFloor: false,
    statements: false,
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
    else if (arg === '--mode') options.mode = value();
    else if (arg === '--existing') options.existing = Number(value());
    else if (arg === '--old-floor') options.oldFloor = true;
    else if (arg === '--records-floor') options.recordsFloor = true;
    else if (arg === '--statements') options.statements = true;
    else if (arg === '--pg-log') options.pgLog = value();
    else if (arg === '--explain') options.explainMs = Number(value());
    else if (arg === '--json') options.json = true;
    else if (arg === '--profile') options.profile = true;
    else if (arg === '--keep') options.keep = true;
    else if (arg === '--node-args') options.nodeArgs = value().split(/\s+/).filter(Boolean);
    else if (arg === '--logs') options.logs = value();
    else throw new Error(`unknown option ${arg}`);
  }
  if (!Number.isSafeInteger(options.rows) || options.rows < 1)
    throw new Error('--rows must be a positive integer');
  if (!['add', 'update', 'delete', 'revert', 'all'].includes(options.action))
    throw new Error('--action is add, update, delete, revert or all');
  if (!(options.workers >= 1 && options.tenants >= 1))
    throw new Error('--workers and --tenants must be at least 1');
  if (!['separate', 'all'].includes(options.mode)) throw new Error('--mode is separate or all');
  if (options.mode === 'all' && options.workers !== 1)
    throw new Error('--mode all is one process: --workers does not apply');
  if (!Number.isSafeInteger(options.existing) || options.existing < 0)
    throw new Error('--existing must be a whole number of users');
  if (options.existing > 0 && options.existing < options.rows)
    throw new Error('--existing must be at least --rows: the file names users of the tenant');
  if (options.existing > 0 && options.action === 'add')
    throw new Error("--existing fills the tenant with the file's users: use --action update, delete or all");
  if (options.existing > 0 && options.action === 'revert')
    throw new Error(
      "--existing fills the tenant with the file's users, so the add file adds none: use --action all, " +
        'which deletes them, adds them again and reverts that add',
    );
  if (options.explainMs !== undefined && !(options.explainMs >= 0 && options.pgLog))
    throw new Error('--explain MS needs --pg-log FILE (the plans are written to the server log)');
  if (options.pgLog) options.statements = true;
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

/** The floor's users: a table of app_user's shape (columns, defaults, primary key, unique index), tenant 'floor'. */
const FLOOR_TABLE = 'floor_user';
/** The floor of releases before this one, kept as a column (--old-floor) so that the ratios can be compared. */
const OLD_FLOOR_TABLE = 'floor_user_old';
const FLOOR_TENANT = 'floor';
/** The memory the service gives its statements that hash a whole file (FILE_HASH_WORK_MEM in
 *  src/database/planner.ts): the floor's DELETE … USING hashes the file's emails the same way. */
const FILE_HASH_WORK_MEM = '128MB';

const ATTRIBUTES_FROM_STAGING = `jsonb_strip_nulls(jsonb_build_object(
    'firstName', first_name, 'lastName', last_name, 'department', nullif(department, ''),
    'startDate', nullif(start_date, ''),
    'isManager', CASE lower(manager) WHEN 'true' THEN true WHEN 'yes' THEN true
                                     WHEN 'false' THEN false WHEN 'no' THEN false END,
    'costCenter', nullif(cost_center, '')::int,
    'groups', CASE WHEN groups = '' THEN NULL ELSE to_jsonb(string_to_array(groups, '|')) END))`;
const STAGING_COLUMNS =
  'email text, first_name text, last_name text, department text, start_date text, manager text, cost_center text, groups text';

/** The lines of a text file, a chunk's worth at a time, each without its LF (a CRLF file's keep their CR). */
async function* linesOf(file) {
  let rest = '';
  for await (const chunk of createReadStream(file, { encoding: 'utf8', highWaterMark: 1 << 20 })) {
    const lines = (rest + chunk).split('\n');
    rest = lines.pop();
    yield lines;
  }
  if (rest !== '') yield [rest];
}

/** The service's own maker of new users' ids (src/users/user-ids.ts), from the build the bench runs. */
async function serviceUserIds() {
  const { UserIds } = await import(pathToFileURL(join(root, 'dist', 'src', 'users', 'user-ids.js')).href);
  return new UserIds();
}

/**
 * The file's lines with a UUIDv7 in front of each row, made by the service's own UserIds, as its worker makes new
 * users' ids: time-ordered, so that new users are appended to the primary key, and at the service's cost per id.
 * The bench's files have no line break inside a cell, so a line is a row.
 */
async function* withIds(file, ids) {
  let header = true;
  for await (const lines of linesOf(file)) {
    let out = '';
    for (const line of lines) {
      if (header) {
        out += `id,${line}\n`;
        header = false;
      } else if (line !== '' && line !== '\r') out += `${ids.newId()},${line}\n`;
    }
    yield out;
  }
}

/**
 * The floor: the fastest plain-SQL load of the same file into a table of app_user's shape, on the same server,
 * timed from the first byte of COPY to the end of the statement. The file goes by COPY into an unlogged staging
 * table (the ids of an upsert come with the rows, UUIDv7 made while the file streams, as the service makes them),
 * then one set-based statement writes the users: `INSERT … ON CONFLICT DO UPDATE` (add, update) or
 * `DELETE … USING` (delete, with the work_mem the service gives a file-wide hash). It writes the users only:
 * no outcome records and no staged rows, which is what the ratio measures the service's cost of.
 */
async function floor(databaseUrl, file, action) {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    await client.query(`CREATE TABLE IF NOT EXISTS ${FLOOR_TABLE} (LIKE app_user INCLUDING ALL)`);
    await client.query('DROP TABLE IF EXISTS floor_staging');
    const upsert = action !== 'delete';
    await client.query(
      `CREATE UNLOGGED TABLE floor_staging (${upsert ? `id uuid, ${STAGING_COLUMNS}` : 'email text'})`,
    );
    await client.query(`SET work_mem = '${FILE_HASH_WORK_MEM}'`);
    const ids = await serviceUserIds();
    const started = performance.now();
    const copy = client.query(copyFrom('COPY floor_staging FROM STDIN (FORMAT csv, HEADER true)'));
    await pipeline(upsert ? Readable.from(withIds(file, ids)) : createReadStream(file), copy);
    if (upsert) {
      await client.query(`
        INSERT INTO ${FLOOR_TABLE} (id, tenant_id, email, attributes)
        SELECT id, '${FLOOR_TENANT}', lower(trim(email)), ${ATTRIBUTES_FROM_STAGING}
          FROM floor_staging
        ON CONFLICT (tenant_id, email) DO UPDATE SET attributes = excluded.attributes, updated_at = now()`);
    } else {
      await client.query(
        `DELETE FROM ${FLOOR_TABLE} AS u USING floor_staging AS s
          WHERE u.tenant_id = '${FLOOR_TENANT}' AND u.email = lower(trim(s.email))`,
      );
    }
    return (performance.now() - started) / 1000;
  } finally {
    await client.end();
  }
}

/** The floor of earlier releases, unchanged: its ids come from the table's default, gen_random_uuid(), random
 *  keys scattered over the primary key where the service appends time-ordered ones; work_mem as the server's. */
async function oldFloor(databaseUrl, file, action) {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    await client.query(`CREATE TABLE IF NOT EXISTS ${OLD_FLOOR_TABLE} (LIKE app_user INCLUDING ALL)`);
    await client.query('DROP TABLE IF EXISTS floor_staging');
    await client.query(
      `CREATE UNLOGGED TABLE floor_staging (${action === 'delete' ? 'email text' : STAGING_COLUMNS})`,
    );
    const started = performance.now();
    const copy = client.query(copyFrom('COPY floor_staging FROM STDIN (FORMAT csv, HEADER true)'));
    await pipeline(createReadStream(file), copy);
    if (action === 'delete') {
      await client.query(
        `DELETE FROM ${OLD_FLOOR_TABLE} AS u USING floor_staging AS s
          WHERE u.tenant_id = '${FLOOR_TENANT}' AND u.email = lower(trim(s.email))`,
      );
    } else {
      await client.query(`
        INSERT INTO ${OLD_FLOOR_TABLE} (tenant_id, email, attributes)
        SELECT '${FLOOR_TENANT}', lower(trim(email)), ${ATTRIBUTES_FROM_STAGING}
          FROM floor_staging
        ON CONFLICT (tenant_id, email) DO UPDATE SET attributes = excluded.attributes, updated_at = now()`);
    }
    return (performance.now() - started) / 1000;
  } finally {
    await client.end();
  }
}

/**
 * The floor of the revert of the add: the fastest plain SQL that deletes the same users from the floor's table,
 * `DELETE … USING` a staged table of their ids. The service gets no file for a revert: its rows come from the
 * add's outcome records, in PostgreSQL before the revert is asked for. So the floor's input is staged before
 * the clock starts as well (the file's emails by COPY, then the ids of those users, into unlogged tables), and
 * only the DELETE is timed. By id, not by email: deleting 200,000 users (a table filled by SQL, two runs each, on
 * a shared machine) took 0.35–0.40 s joined by id and 0.51–0.52 s joined by normalised email, each a hash join,
 * so the id is the faster floor. It deletes whatever the users hold now, where the service deletes a user only
 * if its attributes are still what the add set: that check, and the outcome records, are what the ratio
 * measures the service's cost of. The same work_mem as the other floors.
 */
async function revertFloor(databaseUrl, emailsFile) {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    await client.query('DROP TABLE IF EXISTS floor_staging, floor_revert_ids');
    await client.query('CREATE UNLOGGED TABLE floor_staging (email text)');
    const copy = client.query(copyFrom('COPY floor_staging FROM STDIN (FORMAT csv, HEADER true)'));
    await pipeline(createReadStream(emailsFile), copy);
    await client.query(
      `CREATE UNLOGGED TABLE floor_revert_ids AS
       SELECT u.id FROM ${FLOOR_TABLE} AS u JOIN floor_staging AS s
           ON u.tenant_id = '${FLOOR_TENANT}' AND u.email = lower(trim(s.email))`,
    );
    await client.query(`SET work_mem = '${FILE_HASH_WORK_MEM}'`);
    await client.query('CHECKPOINT');
    const started = performance.now();
    await client.query(`DELETE FROM ${FLOOR_TABLE} AS u USING floor_revert_ids AS r WHERE u.id = r.id`);
    return (performance.now() - started) / 1000;
  } finally {
    await client.end();
  }
}

/** The users that the delete's records floor deletes: a copy of the floor's table, made before the floor runs. */
const RECORDS_FLOOR_TABLE = 'floor_user_records';

/** Copies the floor's users into the records floor's table (not timed), while the floor's table still has them. */
async function prepareRecordsFloor(pool) {
  await pool.query(`DROP TABLE IF EXISTS ${RECORDS_FLOOR_TABLE}`);
  await pool.query(`CREATE TABLE ${RECORDS_FLOOR_TABLE} (LIKE app_user INCLUDING ALL)`);
  await pool.query(`INSERT INTO ${RECORDS_FLOOR_TABLE} SELECT * FROM ${FLOOR_TABLE} ORDER BY id`);
  await pool.query(`VACUUM ${RECORDS_FLOOR_TABLE}`);
}

/** The delete file's lines as staged rows in COPY text format: the file's line number, the email, its cells. */
async function* stagedDeleteLines(file, syncId) {
  let line = 0;
  for await (const lines of linesOf(file)) {
    let out = '';
    for (const text of lines) {
      line += 1;
      const email = text.trimEnd();
      if (line > 1 && email !== '') out += `${syncId}\t${line}\t${email}\t${JSON.stringify([email])}\n`;
    }
    yield out;
  }
}

/**
 * --records-floor, for a delete: the fastest plain SQL that does what the service must keep of a delete, on the
 * same file and a copy of the floor's users. The file is staged durably, as an accepted upload must be (COPY into
 * a logged table of sync_row's shape and indexes, ANALYZE for the planner's best join), then one statement deletes
 * the users and writes one outcome record per deleted user with its id and last attributes into a table of
 * sync_record's shape and indexes (what a revert needs, SPEC §10). No batches, no guard, no fence, and no
 * records for lines without a user (the bench's delete files have none): cheaper than the service's work, never
 * dearer. It is a column beside the floor, not the floor: it shows how much of the ratio the records and the
 * durable staging make by themselves.
 */
async function recordsFloor(databaseUrl, file, rows) {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  const syncId = uuidv7();
  try {
    await client.query('DROP TABLE IF EXISTS floor_sync_row, floor_sync_record');
    await client.query('CREATE TABLE floor_sync_row (LIKE sync_row INCLUDING ALL)');
    await client.query('CREATE TABLE floor_sync_record (LIKE sync_record INCLUDING ALL)');
    await client.query(`SET work_mem = '${FILE_HASH_WORK_MEM}'`);
    await client.query('CHECKPOINT');
    const started = performance.now();
    const copy = client.query(copyFrom('COPY floor_sync_row (sync_id, line, email, cells) FROM STDIN'));
    await pipeline(Readable.from(stagedDeleteLines(file, syncId)), copy);
    await client.query('ANALYZE floor_sync_row');
    const recorded = await client.query(
      `WITH deleted AS (
         DELETE FROM ${RECORDS_FLOOR_TABLE} AS u USING floor_sync_row AS s
          WHERE s.sync_id = $1 AND u.tenant_id = '${FLOOR_TENANT}' AND u.email = lower(trim(s.email))
         RETURNING s.line, u.email, u.id, u.attributes)
       INSERT INTO floor_sync_record (sync_id, line, email, outcome, changes, user_id)
       SELECT $1, line, email, 'deleted', attributes::json, id FROM deleted`,
      [syncId],
    );
    const seconds = (performance.now() - started) / 1000;
    // Every line of the bench's delete file names a user: one record each, or the column times another job.
    if (recorded.rowCount !== rows)
      throw new Error(
        `records floor: ${recorded.rowCount} users deleted and recorded, the file has ${rows} rows`,
      );
    return seconds;
  } finally {
    await client.query(`DROP TABLE IF EXISTS floor_sync_row, floor_sync_record, ${RECORDS_FLOOR_TABLE}`);
    await client.end();
  }
}

/** What makes the floor the same job as the sync: its table has app_user's indexes, its new users have
 *  version 7 ids, and it holds the same users with the same attributes as the tenant. Answers the problems. */
async function checkFloor(pool, tenantId, rows) {
  const problems = [];
  const indexes = await pool.query(
    `SELECT tablename, array_agg(def ORDER BY def) AS defs
       FROM (SELECT tablename, regexp_replace(indexdef, '^.* USING ', '') AS def
               FROM pg_indexes WHERE tablename IN ('app_user', $1)) AS i
      GROUP BY tablename`,
    [FLOOR_TABLE],
  );
  const defs = Object.fromEntries(indexes.rows.map((r) => [r.tablename, JSON.stringify(r.defs)]));
  if (defs.app_user !== defs[FLOOR_TABLE])
    problems.push(`floor: indexes ${defs[FLOOR_TABLE]}, app_user has ${defs.app_user}`);
  const { rows: found } = await pool.query(
    `SELECT (SELECT count(*)::int FROM ${FLOOR_TABLE}) AS floor_users,
            (SELECT count(*)::int FROM app_user WHERE tenant_id = $1) AS users,
            (SELECT count(*)::int FROM ${FLOOR_TABLE} WHERE substr(id::text, 15, 1) <> '7') AS not_v7`,
    [tenantId],
  );
  if (found[0].floor_users !== found[0].users)
    problems.push(`floor: ${found[0].floor_users} users, the tenant ${found[0].users}`);
  if (found[0].not_v7 !== 0) problems.push(`floor: ${found[0].not_v7} ids are not UUIDv7`);
  for (const i of [1, rows]) {
    const email = `user${i}@bench.example.com`;
    const { rows: pair } = await pool.query(
      `SELECT (SELECT attributes FROM app_user WHERE tenant_id = $1 AND email = $3) AS service,
              (SELECT attributes FROM ${FLOOR_TABLE} WHERE tenant_id = $2 AND email = $3) AS floor`,
      [tenantId, FLOOR_TENANT, email],
    );
    const [service, floorUser] = [pair[0].service, pair[0].floor].map((a) => JSON.stringify(sortKeys(a)));
    if (service !== floorUser) problems.push(`floor: ${email} is ${floorUser}, the tenant's ${service}`);
  }
  return problems;
}

/**
 * Before each timed part: the service has finished with the sync (its staged rows are gone: their DELETE runs
 * after the sync's final status) and a CHECKPOINT has written out what the part before left dirty. Without it
 * the floor ran beside the service's clean-up and into the checkpoint its writes had started, and looked slower.
 */
async function settle(pool) {
  await cleanedUp(pool);
  await pool.query('CHECKPOINT');
}

const BENCH_CLEANED_UP = 'SELECT NOT EXISTS (SELECT 1 FROM sync_row) AS done';

/** The service has deleted the staged rows of every sync: the last thing it does for a sync. */
async function cleanedUp(pool) {
  await waitFor(
    async () => (await pool.query(BENCH_CLEANED_UP)).rows[0].done,
    'the staged rows to be cleaned up',
    300_000,
  );
}

// ---------------------------------------------------------------------------------------- a large tenant

/**
 * Fills each tenant with `existing` users by SQL, as if its syncs had added them: the first `rows` are the file's
 * users with the add file's values (userRow(i, 0)), the others more of the same kind; ids are time-ordered
 * UUIDv7 (the fill's millisecond, then a counter), as the service's. The floor's table gets the same users under
 * its tenant. Then VACUUM, as a settled table would have had (nothing else vacuums on a server without
 * autovacuum). Answers the seconds of each step.
 */
async function fillTenants(pool, tenants, existing, withOldFloor) {
  const started = performance.now();
  for (const [index, tenant] of tenants.entries()) {
    await pool.query(
      `INSERT INTO app_user (id, tenant_id, email, attributes)
       SELECT (p.prefix || lpad(to_hex(($3::bigint << 40) + i), 12, '0'))::uuid, $1, 'user' || i || '@bench.example.com',
              jsonb_strip_nulls(jsonb_build_object(
                'firstName', ($4::text[])[i % cardinality($4::text[]) + 1],
                'lastName', ($5::text[])[(i * 7) % cardinality($5::text[]) + 1],
                'department', CASE WHEN i % 17 = 0 THEN NULL ELSE ($6::text[])[i % 3 + 1] END,
                'startDate', format('20%s-%s-%s', 10 + i % 16, lpad((1 + i % 12)::text, 2, '0'),
                                    lpad((1 + i % 28)::text, 2, '0')),
                'isManager', i % 4 IN (0, 2),
                'costCenter', CASE WHEN i % 23 = 0 THEN NULL ELSE 1000 + i % 5000 END,
                'groups', (ARRAY['["Admins", "Scouts"]', '["Scouts"]', NULL, '["Admins"]'])[i % 4 + 1]::jsonb))
         FROM (SELECT lpad(to_hex((extract(epoch FROM clock_timestamp()) * 1000)::bigint), 12, '0') || '70008000'
                 AS prefix) AS p,
              generate_series(1, $2::bigint) AS i`,
      [tenant.id, existing, index, FIRST, LAST, DEPARTMENTS],
    );
  }
  const filled = performance.now();
  const floorTables = [FLOOR_TABLE, ...(withOldFloor ? [OLD_FLOOR_TABLE] : [])];
  if (tenants.length === 1) {
    for (const table of floorTables) {
      await pool.query(`CREATE TABLE IF NOT EXISTS ${table} (LIKE app_user INCLUDING ALL)`);
      await pool.query(
        `INSERT INTO ${table} (id, tenant_id, email, attributes)
         SELECT id, '${FLOOR_TENANT}', email, attributes FROM app_user WHERE tenant_id = $1 ORDER BY id`,
        [tenants[0].id],
      );
    }
  }
  const copied = performance.now();
  await pool.query(`VACUUM app_user${tenants.length === 1 ? `, ${floorTables.join(', ')}` : ''}`);
  const vacuumed = performance.now();
  return {
    fillSeconds: round((filled - started) / 1000),
    floorFillSeconds: round((copied - filled) / 1000),
    vacuumSeconds: round((vacuumed - copied) / 1000),
  };
}

// ------------------------------------------------------------------------------------- statement timings

/**
 * Where PostgreSQL's time went while the service ran a sync: from pg_stat_statements when the server loads it,
 * else from the server's log (--pg-log FILE), with log_min_duration_statement = 0 set on the bench's database
 * only (and log_parameter_max_length = 0: no values in the log). --explain MS adds auto_explain to the
 * database's sessions, so that the plans of the statements slower than MS, with ANALYZE and BUFFERS, land in
 * the log and from there in bench-results/.
 */
async function statementTimings(options, admin, database) {
  if (!options.statements) return null;
  const preloaded = (await admin.query('SHOW shared_preload_libraries')).rows[0].shared_preload_libraries;
  if (/\bpg_stat_statements\b/.test(preloaded)) {
    const client = new pg.Client({ connectionString: `${SERVER}/${database}` });
    await client.connect();
    await client.query('CREATE EXTENSION IF NOT EXISTS pg_stat_statements');
    const { oid } = (await client.query('SELECT oid FROM pg_database WHERE datname = current_database()'))
      .rows[0];
    return {
      source: 'pg_stat_statements',
      begin: async () => client.query('SELECT pg_stat_statements_reset(0, $1, 0)', [oid]),
      end: async () => {
        const { rows } = await client.query(
          `SELECT query, calls::int, total_exec_time AS ms FROM pg_stat_statements
            WHERE dbid = $1 ORDER BY total_exec_time DESC LIMIT 12`,
          [oid],
        );
        const statements = rows.map((r) => ({
          statement: shortStatement(r.query),
          calls: r.calls,
          seconds: r.ms / 1000,
        }));
        return { statements, plans: [] };
      },
      close: () => client.end(),
    };
  }
  if (!options.pgLog)
    throw new Error(
      '--statements: the server does not load pg_stat_statements; name its log with --pg-log FILE instead',
    );
  const settings = [
    'log_min_duration_statement = 0',
    'log_parameter_max_length = 0',
    ...(options.explainMs !== undefined
      ? [
          "session_preload_libraries = 'auto_explain'",
          `auto_explain.log_min_duration = ${Math.round(options.explainMs)}`,
          'auto_explain.log_analyze = on',
          'auto_explain.log_buffers = on',
        ]
      : []),
  ];
  for (const setting of settings) await admin.query(`ALTER DATABASE "${database}" SET ${setting}`);
  return {
    source: 'log',
    begin: async () => (await stat(options.pgLog)).size,
    end: async (from) => {
      const to = (await stat(options.pgLog)).size;
      const file = await open(options.pgLog);
      try {
        const buffer = Buffer.alloc(to - from);
        await file.read(buffer, 0, buffer.length, from);
        return summariseLog(buffer.toString('utf8'), database);
      } finally {
        await file.close();
      }
    },
    close: async () => undefined,
  };
}

/** The statements of one database in a slice of the server's log (log_line_prefix with %u@%d), by total time. */
function summariseLog(text, database) {
  const entries = [];
  for (const line of text.split('\n')) {
    // A line of a server process outside any session (the checkpointer) has no user@database.
    const start = /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d(?:\.\d+)? \S+ \[\d+\] (?:\S*@(\S*) )?[A-Z]+:\s+(.*)$/.exec(
      line,
    );
    if (start) entries.push({ database: start[1] ?? null, message: start[2] });
    else if (entries.length) entries[entries.length - 1].message += `\n${line}`;
  }
  const byStatement = new Map();
  const plans = [];
  for (const { database: db, message } of entries) {
    if (db !== database) continue;
    const timed = /^duration: ([\d.]+) ms\s+(statement|execute|parse|bind|plan)([^:]*):\s*([\s\S]*)$/.exec(
      message,
    );
    if (!timed) continue;
    const [, ms, kind, , statement] = timed;
    if (kind === 'plan') {
      plans.push(`-- ${ms} ms\n${statement}`);
      continue;
    }
    const key = shortStatement(statement);
    if (key === BENCH_CLEANED_UP) continue; // the bench's own question
    const entry = byStatement.get(key) ?? { statement: key, calls: 0, seconds: 0 };
    if (kind === 'statement' || kind === 'execute') entry.calls += 1;
    entry.seconds += Number(ms) / 1000;
    byStatement.set(key, entry);
  }
  const statements = [...byStatement.values()].sort((a, b) => b.seconds - a.seconds).slice(0, 12);
  return { statements, plans };
}

function shortStatement(sql) {
  const flat = sql.replace(/\s+/g, ' ').trim();
  return flat.length > 110 ? `${flat.slice(0, 107)}...` : flat;
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
  if (options.profile || options.explainMs !== undefined) mkdirSync(resultsDir, { recursive: true });
  const log = (message) => {
    if (!options.json) process.stderr.write(`${message}\n`);
  };

  const common = {
    DATABASE_URL: databaseUrl,
    REDIS_URL,
    QUEUE_PREFIX: queuePrefix,
    STAFF_TOKEN,
    ...(options.batchSize ? { SYNC_BATCH_SIZE: String(options.batchSize) } : {}),
  };
  // --mode all: what `npm start` runs, one process with the service's defaults (NODE_ENV and LOG_LEVEL unset,
  // WORKER_MODE=all, WORKER_CONCURRENCY as configured by default unless --concurrency says otherwise).
  // --mode separate: an API and K workers in production; each worker takes its share of the tenants, so that
  // K workers share the T syncs instead of the first workers to ask taking them all.
  const env =
    options.mode === 'all'
      ? {
          ...common,
          WORKER_MODE: 'all',
          ...(options.concurrency ? { WORKER_CONCURRENCY: String(options.concurrency) } : {}),
        }
      : {
          ...common,
          NODE_ENV: 'production',
          LOG_LEVEL: 'warn',
          WORKER_CONCURRENCY: String(options.concurrency ?? Math.ceil(options.tenants / options.workers)),
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

  const admin = new pg.Client({ connectionString: `${SERVER}/postgres` });
  await admin.connect();
  let timings = null;
  let pool = null;
  try {
    log(`database ${database}, queue prefix ${queuePrefix}`);
    const migrated = spawn(process.execPath, [MIGRATE], { env: { ...process.env, ...env }, stdio: 'ignore' });
    const [code] = await once(migrated, 'exit');
    if (code !== 0) throw new Error('migration failed');
    timings = await statementTimings(options, admin, database);

    const port = await freePort();
    const nodeArgs = [
      ...START_FLAGS,
      ...(options.nodeArgs ?? []),
      ...(options.profile ? ['--cpu-prof', `--cpu-prof-dir=${resultsDir}`] : []),
    ];
    if (options.logs) mkdirSync(options.logs, { recursive: true });
    if (options.mode === 'all') {
      processes.push(startProcess('app', { ...env, PORT: String(port) }, nodeArgs, options.logs));
    } else {
      processes.push(
        startProcess('api', { ...env, WORKER_MODE: 'api', PORT: String(port) }, nodeArgs, options.logs),
      );
      for (let i = 0; i < options.workers; i += 1) {
        // Workers log at info: their readiness is the 'worker started' line, and they log little else.
        const workerEnv = { ...env, WORKER_MODE: 'worker', PORT: '0', LOG_LEVEL: 'info' };
        processes.push(startProcess(`worker${i + 1}`, workerEnv, nodeArgs, options.logs));
      }
    }
    const base = `http://127.0.0.1:${port}`;
    const http = api(base);
    // Starting takes seconds on a quiet machine and can take a minute or more on one shared with other builds.
    const STARTUP_MS = 180_000;
    await waitFor(
      async () => (await fetch(`${base}/health/ready`).catch(() => null))?.ok,
      'the API',
      STARTUP_MS,
    );
    await waitFor(
      () => processes.slice(1).every((p) => p.output.join('').includes('worker started')),
      'the workers',
      STARTUP_MS,
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

    pool = new pg.Pool({ connectionString: databaseUrl, max: 2 });
    pool.on('error', () => undefined); // an idle connection ended by the DROP DATABASE after a failed run
    let usersBefore = 0;
    let fill = null;
    if (options.existing > 0) {
      log(`filling ${tenants.length} tenant(s) with ${options.existing} users each`);
      fill = await fillTenants(pool, tenants, options.existing, options.oldFloor);
      usersBefore = options.existing;
      const problems = [];
      for (const tenant of tenants)
        problems.push(...(await checkUsers(pool, tenant.id, options, usersBefore, 0)));
      if (problems.length) throw new Error(`the fill is wrong:\n  ${problems.join('\n  ')}`);
      log(
        `filled in ${fill.fillSeconds} s (the floor's table ${fill.floorFillSeconds} s, VACUUM ${fill.vacuumSeconds} s)`,
      );
    }

    const actions = options.action === 'all' ? ['add', 'update', 'delete', 'revert'] : [options.action];
    // update, delete and revert need the users first: the add file, or the fill (--existing) that holds them already.
    if (['update', 'delete', 'revert'].includes(options.action)) actions.unshift('add');
    if (options.existing > 0) actions.splice(actions.indexOf('add'), 1);

    /** Starts `action` for every tenant (an upload, or the revert of the tenant's last add) and follows each sync
     *  to its final status; a mass delete is confirmed with POST …/apply, as an admin would. */
    const runSyncs = (action, started) =>
      Promise.all(
        tenants.map(async (tenant) => {
          const accepted =
            action === 'revert'
              ? await http.post(
                  `/api/tenants/${tenant.id}/csv-sync/syncs/${tenant.addSyncId}/revert`,
                  tenant.token,
                )
              : await http.upload(
                  `/api/tenants/${tenant.id}/csv-sync/syncs?action=${action === 'delete' ? 'delete' : 'upsert'}`,
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

    /** Correctness before any figure: every sync exact, and the users table as the file says (`usersAfter`:
     *  what each tenant must hold now, by default what the action leaves). Answers it; throws the problems. */
    const checkRuns = async (action, runs, usersAfter = undefined) => {
      const expected = { add: 'added', update: 'updated', delete: 'deleted', revert: 'deleted' }[action];
      const removes = action === 'delete' || action === 'revert';
      usersAfter ??= removes ? usersBefore - options.rows : Math.max(usersBefore, options.rows);
      const problems = [];
      for (const run of runs) {
        const { counts, status } = run.sync;
        if (status !== 'completed') problems.push(`${run.tenant.id}: status ${status}`);
        if (counts[expected] !== options.rows || counts.failed !== 0) {
          problems.push(`${run.tenant.id}: counts ${JSON.stringify(counts)}`);
        }
        if (action === 'revert' && run.sync.revertOf !== run.tenant.addSyncId) {
          problems.push(
            `${run.tenant.id}: the revert names ${run.sync.revertOf}, not ${run.tenant.addSyncId}`,
          );
        }
        const fileRound = action === 'update' ? 1 : 0;
        problems.push(
          ...(await checkUsers(
            pool,
            run.tenant.id,
            options,
            usersAfter,
            fileRound,
            removes ? 'delete' : action,
          )),
        );
        const records = await pool.query('SELECT count(*)::int AS n FROM sync_record WHERE sync_id = $1', [
          run.sync.id,
        ]);
        if (records.rows[0].n !== options.rows)
          problems.push(`${run.tenant.id}: ${records.rows[0].n} records`);
        if (action === 'add') run.tenant.addSyncId = run.sync.id;
      }
      if (problems.length) throw new Error(`${action}: result is wrong:\n  ${problems.join('\n  ')}`);
      return usersAfter;
    };

    const results = [];
    for (const [index, action] of actions.entries()) {
      if (action === 'revert' && actions[index - 1] !== 'add') {
        // --action all: the delete took the file's users away (a filled tenant keeps the others); add them
        // again, in the service and the floor's table alike and not timed, so that there is an add to revert.
        log(`revert: adding the file's users again, to revert that add (not timed)`);
        await settle(pool);
        usersBefore = await checkRuns(
          'add',
          await runSyncs('add', performance.now()),
          usersBefore + options.rows,
        );
        if (options.tenants === 1) {
          await settle(pool);
          await floor(databaseUrl, files.add, 'add');
        }
      }
      await settle(pool);
      for (const p of processes) {
        p.peakRss = 0;
        p.cpuAtStart = cpuSecondsOf(p.child.pid);
      }
      const machineAtStart = machineCpu();
      const timingsFrom = await timings?.begin();
      healthWorst = 0;
      log(
        action === 'revert'
          ? `revert: reverting the add of ${options.rows} rows × ${options.tenants} tenant(s)`
          : `${action}: uploading ${options.rows} rows × ${options.tenants} tenant(s)`,
      );
      const started = performance.now();
      const runs = await runSyncs(action, started);
      const seconds = (performance.now() - started) / 1000;
      const cpuSeconds = Object.fromEntries(
        processes.map((p) => [p.name, round(cpuSecondsOf(p.child.pid) - p.cpuAtStart)]),
      );
      const machine = machineCpu();
      const machineBusyPercent = Math.round(
        (100 * (machine.busy - machineAtStart.busy)) / (machine.total - machineAtStart.total),
      );
      // The statements of the sync, up to the end of its clean-up.
      let timed = null;
      if (timings) {
        await cleanedUp(pool);
        timed = await timings.end(timingsFrom);
      }
      if (timed?.plans.length) {
        const planFile = join(resultsDir, `plans-${stamp}-${action}.txt`);
        const out = createWriteStream(planFile);
        out.end(timed.plans.join('\n\n'));
        await once(out, 'finish');
        log(`${action}: ${timed.plans.length} plans in ${planFile}`);
      }

      usersBefore = await checkRuns(action, runs);

      let floorSeconds = null;
      let oldFloorSeconds = null;
      let recordsFloorSeconds = null;
      if (options.tenants === 1) {
        const withRecordsFloor = options.recordsFloor && action === 'delete';
        if (withRecordsFloor) await prepareRecordsFloor(pool);
        await settle(pool);
        floorSeconds =
          action === 'revert'
            ? await revertFloor(databaseUrl, files.delete)
            : await floor(databaseUrl, files[action], action);
        const floorProblems = await checkFloor(pool, tenants[0].id, options.rows);
        if (floorProblems.length) throw new Error(`${action}: ${floorProblems.join('\n  ')}`);
        // Earlier releases had no revert, so no floor of theirs to compare with.
        if (options.oldFloor && action !== 'revert') {
          await settle(pool);
          oldFloorSeconds = await oldFloor(databaseUrl, files[action], action);
        }
        if (withRecordsFloor) {
          await settle(pool);
          recordsFloorSeconds = await recordsFloor(databaseUrl, files.delete, options.rows);
        }
      }
      const totalRows = options.rows * options.tenants;
      results.push({
        action,
        mode: options.mode,
        rows: totalRows,
        tenants: options.tenants,
        workers: options.mode === 'all' ? 0 : options.workers,
        existingUsers: options.existing,
        seconds: round(seconds),
        rowsPerSecond: Math.round(totalRows / seconds),
        floorSeconds: floorSeconds === null ? null : round(floorSeconds),
        ratioToFloor: floorSeconds === null ? null : round(seconds / floorSeconds),
        ...(options.oldFloor
          ? {
              oldFloorSeconds: oldFloorSeconds === null ? null : round(oldFloorSeconds),
              ratioToOldFloor: oldFloorSeconds === null ? null : round(seconds / oldFloorSeconds),
            }
          : {}),
        ...(options.recordsFloor
          ? {
              recordsFloorSeconds: recordsFloorSeconds === null ? null : round(recordsFloorSeconds),
              ratioToRecordsFloor: recordsFloorSeconds === null ? null : round(seconds / recordsFloorSeconds),
            }
          : {}),
        secondsTo202: round(Math.max(...runs.map((r) => r.acceptedSeconds))),
        healthWorstMs: Math.round(healthWorst),
        peakRssMb: Object.fromEntries(processes.map((p) => [p.name, Math.round(p.peakRss / 1048576)])),
        cpuSeconds,
        machineBusyPercent,
        ...(timed ? { statements: timed.statements.map((t) => ({ ...t, seconds: round(t.seconds) })) } : {}),
        checks: 'passed',
      });
      log(
        `${action}: ${round(seconds)} s${floorSeconds ? `, floor ${round(floorSeconds)} s` : ''}` +
          (recordsFloorSeconds ? `, records floor ${round(recordsFloorSeconds)} s` : ''),
      );
    }
    sampling = false;
    await sampler;

    if (options.json) {
      process.stdout.write(`${JSON.stringify({ options, fill, results }, null, 2)}\n`);
    } else {
      printTable(options, fill, results);
    }
  } finally {
    await stop();
    await pool?.end();
    await timings?.close();
    rmSync(work, { recursive: true, force: true });
    if (!options.keep) await dropEverything(admin, database, queuePrefix);
    await admin.end();
  }
}

/** The tenant holds `users` users, its file's first and last user as the file of `fileRound` says, and the
 *  fill's last user (--existing) as the fill made it. */
async function checkUsers(pool, tenantId, options, users, fileRound, action = 'update') {
  const problems = [];
  const { rows } = await pool.query('SELECT count(*)::int AS users FROM app_user WHERE tenant_id = $1', [
    tenantId,
  ]);
  if (rows[0].users !== users) problems.push(`${tenantId}: ${rows[0].users} users, expected ${users}`);
  if (action === 'delete') return problems;
  const samples = [
    [1, fileRound],
    [options.rows, fileRound],
    ...(options.existing > options.rows ? [[options.existing, 0]] : []),
  ];
  for (const [i, r] of samples) {
    const stored = await pool.query('SELECT attributes FROM app_user WHERE tenant_id = $1 AND email = $2', [
      tenantId,
      `user${i}@bench.example.com`,
    ]);
    const expected = expectedAttributes(i, r);
    if (JSON.stringify(sortKeys(stored.rows[0]?.attributes)) !== JSON.stringify(sortKeys(expected))) {
      problems.push(
        `${tenantId}: user${i} is ${JSON.stringify(stored.rows[0]?.attributes)}, expected ${JSON.stringify(expected)}`,
      );
    }
  }
  return problems;
}

/** Seconds to the millisecond: the floor of a small run (a 2,000-row revert) takes a few of them, and two decimals
 *  made it 0. The table shows two decimals. */
function round(value) {
  return Math.round(value * 1000) / 1000;
}

function printTable(options, fill, results) {
  const old = options.oldFloor;
  const withRecords = options.recordsFloor;
  const rows = results.map((r) => [
    r.mode,
    r.action,
    String(r.rows),
    r.seconds.toFixed(2),
    String(r.rowsPerSecond),
    r.floorSeconds === null ? '-' : r.floorSeconds.toFixed(2),
    r.ratioToFloor === null ? '-' : `${r.ratioToFloor.toFixed(2)}×`,
    ...(old
      ? [
          r.oldFloorSeconds === null ? '-' : r.oldFloorSeconds.toFixed(2),
          r.ratioToOldFloor === null ? '-' : `${r.ratioToOldFloor.toFixed(2)}×`,
        ]
      : []),
    ...(withRecords
      ? [
          r.recordsFloorSeconds == null ? '-' : r.recordsFloorSeconds.toFixed(2),
          r.ratioToRecordsFloor == null ? '-' : `${r.ratioToRecordsFloor.toFixed(2)}×`,
        ]
      : []),
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
    'mode',
    'action',
    'rows',
    'seconds',
    'rows/s',
    'floor s',
    'ratio',
    ...(old ? ['old floor s', 'old ratio'] : []),
    ...(withRecords ? ['records floor s', 'records ratio'] : []),
    'to 202 s',
    'health max ms',
    'peak RSS MB',
    'CPU s',
    'machine busy',
  ];
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells) => cells.map((c, i) => c.padEnd(widths[i])).join('  ');
  const deployment =
    options.mode === 'all' ? 'one process (WORKER_MODE=all)' : `api + ${options.workers} worker(s)`;
  const existing = fill
    ? `; ${options.existing} users per tenant before the run, filled in ${fill.fillSeconds} s` +
      ` (the floor's table ${fill.floorFillSeconds} s, VACUUM ${fill.vacuumSeconds} s)`
    : '';
  console.log(`rows ${options.rows} × tenants ${options.tenants}, ${deployment}${existing}; checks passed`);
  console.log(line(head));
  for (const r of rows) console.log(line(r));
  for (const r of results.filter((result) => result.statements)) {
    console.log(`\n${r.action}: PostgreSQL's time by statement while the sync ran (s, calls)`);
    for (const t of r.statements)
      console.log(`${t.seconds.toFixed(2).padStart(8)}  ${String(t.calls).padStart(7)}  ${t.statement}`);
  }
}

async function dropEverything(admin, database, queuePrefix) {
  await admin.query(`DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`);
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
