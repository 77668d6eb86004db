// Runs the built service (dist/) as separate processes, as in production: an API and workers that can be killed.
import { ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { HttpClient } from './http';

const MAIN = join(__dirname, '..', '..', 'dist', 'src', 'main.js');

export interface ServiceProcess {
  child: ChildProcess;
  output: string[];
  http?: HttpClient;
  kill(signal?: NodeJS.Signals): Promise<void>;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

/** Starts `node dist/src/main.js` with `env`; resolves once it serves HTTP (api, all) or reports it started (worker). */
export async function startServiceProcess(
  env: Record<string, string>,
  timeoutMs = 30_000,
): Promise<ServiceProcess> {
  if (!existsSync(MAIN)) throw new Error(`${MAIN} is missing: run "npm run build" first (npm test does)`);
  const mode = env.WORKER_MODE ?? 'all';
  const port = mode === 'worker' ? 0 : await freePort();
  const child = spawn(process.execPath, [MAIN], {
    // Logs at info whatever the test environment says: the readiness of a worker is read from its log.
    env: { PATH: process.env.PATH ?? '', ...env, PORT: String(port), LOG_LEVEL: 'info' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const output: string[] = [];
  const collect = (chunk: Buffer) => output.push(...chunk.toString('utf8').split('\n').filter(Boolean));
  child.stdout?.on('data', collect);
  child.stderr?.on('data', collect);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));

  const service: ServiceProcess = {
    child,
    output,
    http: mode === 'worker' ? undefined : new HttpClient(`http://127.0.0.1:${port}`),
    async kill(signal: NodeJS.Signals = 'SIGTERM') {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      await exited;
    },
  };

  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null)
      throw new Error(`service exited with ${child.exitCode}:\n${output.join('\n')}`);
    if (mode === 'worker') {
      if (output.some((line) => line.includes('worker started'))) return service;
    } else {
      const ready = await service.http!.get('/health/ready').catch(() => undefined);
      if (ready?.status === 200) return service;
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  await service.kill('SIGKILL');
  throw new Error(`service did not start in time:\n${output.join('\n')}`);
}
