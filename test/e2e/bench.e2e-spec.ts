// The benchmark must not rot: a small run completes and passes its own correctness checks (never its time),
// among them that the floor is the same job as the sync: app_user's indexes, UUIDv7 ids, the same users.
import { spawn } from 'node:child_process';
import { join } from 'node:path';

const BENCH = join(__dirname, '..', '..', 'scripts', 'bench.mjs');
/** A run starts the service, loads the floor after a CHECKPOINT and checks everything: seconds on a quiet machine,
 *  minutes on one shared with other builds. */
const BENCH_TIMEOUT_MS = 300_000;

function runBench(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BENCH, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

describe('npm run bench', () => {
  it(
    'runs add, update, delete and revert of 5,000 rows against separate processes and checks the results',
    async () => {
      const { code, stdout, stderr } = await runBench(['--rows', '5000', '--action', 'all', '--json']);
      expect({ code, stderr: code === 0 ? '' : stderr }).toEqual({ code: 0, stderr: '' });
      const report = JSON.parse(stdout);
      expect(report.results.map((r: { action: string }) => r.action)).toEqual([
        'add',
        'update',
        'delete',
        'revert',
      ]);
      for (const result of report.results) {
        expect(result).toMatchObject({ mode: 'separate', rows: 5000, checks: 'passed' });
        expect(result.floorSeconds).toBeGreaterThan(0);
        expect(Object.keys(result.peakRssMb)).toEqual(expect.arrayContaining(['api', 'worker1']));
      }
    },
    BENCH_TIMEOUT_MS,
  );

  it(
    'runs the one process of npm start on a tenant filled by SQL, timing the old floor and the records floor beside the new',
    async () => {
      const { code, stdout, stderr } = await runBench([
        ...[
          '--mode',
          'all',
          '--rows',
          '2000',
          '--existing',
          '3000',
          '--action',
          'all',
          '--old-floor',
          '--records-floor',
          '--json',
        ],
      ]);
      expect({ code, stderr: code === 0 ? '' : stderr }).toEqual({ code: 0, stderr: '' });
      const report = JSON.parse(stdout);
      expect(report.fill.fillSeconds).toBeGreaterThan(0);
      // The fill holds the file's users already: the run updates and deletes them, adds none, then adds them
      // again (untimed) to revert that add.
      expect(report.results.map((r: { action: string }) => r.action)).toEqual(['update', 'delete', 'revert']);
      for (const result of report.results) {
        expect(result).toMatchObject({ mode: 'all', rows: 2000, existingUsers: 3000, checks: 'passed' });
        expect(result.floorSeconds).toBeGreaterThan(0);
        // Earlier releases had no revert, so it has no old floor.
        if (result.action === 'revert') expect(result.oldFloorSeconds).toBeNull();
        else expect(result.oldFloorSeconds).toBeGreaterThan(0);
        // Only a delete has a records floor: the file staged durably, and a record of each user it deletes.
        if (result.action === 'delete') expect(result.recordsFloorSeconds).toBeGreaterThan(0);
        else expect(result.recordsFloorSeconds).toBeNull();
        expect(Object.keys(result.cpuSeconds)).toEqual(['app']);
      }
    },
    BENCH_TIMEOUT_MS,
  );

  it(
    'reverts the add of 3,000 rows (--action revert) and times it against its floor',
    async () => {
      const { code, stdout, stderr } = await runBench(['--rows', '3000', '--action', 'revert', '--json']);
      expect({ code, stderr: code === 0 ? '' : stderr }).toEqual({ code: 0, stderr: '' });
      const report = JSON.parse(stdout);
      expect(report.results.map((r: { action: string }) => r.action)).toEqual(['add', 'revert']);
      const revert = report.results[1];
      expect(revert).toMatchObject({ rows: 3000, checks: 'passed' });
      expect(revert.floorSeconds).toBeGreaterThan(0);
      expect(revert.ratioToFloor).toBeGreaterThan(0);
    },
    BENCH_TIMEOUT_MS,
  );

  it("refuses --action revert on a tenant filled with the file's users, saying what to run", async () => {
    const { code, stderr } = await runBench(['--rows', '10', '--existing', '10', '--action', 'revert']);
    expect(code).toBe(1);
    expect(stderr).toContain('use --action all');
  });

  it(
    'runs the syncs of two tenants on two worker processes and checks the results',
    async () => {
      const { code, stdout, stderr } = await runBench([
        ...['--rows', '2000', '--tenants', '2', '--workers', '2', '--action', 'add', '--json'],
      ]);
      expect({ code, stderr: code === 0 ? '' : stderr }).toEqual({ code: 0, stderr: '' });
      const [result] = JSON.parse(stdout).results;
      expect(result).toMatchObject({ action: 'add', rows: 4000, tenants: 2, workers: 2, checks: 'passed' });
      expect(Object.keys(result.cpuSeconds)).toEqual(['api', 'worker1', 'worker2']);
    },
    BENCH_TIMEOUT_MS,
  );
});
