// A redis-server of the test's own on a free port, without persistence (as production runs it), which the test
// can stop and start again: it then comes back empty, as SPEC §6 says Redis may.
import { ChildProcess, spawn } from 'node:child_process';
import Redis from 'ioredis';
import { freePort } from './processes';
import { waitFor } from './wait';

export interface RedisServer {
  port: number;
  url: string;
  /** Stops the server at once (SIGKILL: nothing is saved, as no persistence would save anything anyway). */
  stop(): Promise<void>;
  /** Starts it again on the same port, empty. */
  start(): Promise<void>;
  /** How many keys it holds now. */
  keyCount(): Promise<number>;
}

export async function startRedisServer(): Promise<RedisServer> {
  const port = await freePort();
  let server: ChildProcess | undefined;

  const ping = async (): Promise<boolean> => {
    const client = new Redis(port, '127.0.0.1', {
      lazyConnect: true,
      maxRetriesPerRequest: 0,
      retryStrategy: () => null,
    });
    client.on('error', () => undefined);
    try {
      await client.connect();
      return (await client.ping()) === 'PONG';
    } catch {
      return false;
    } finally {
      client.disconnect();
    }
  };

  const handle: RedisServer = {
    port,
    url: `redis://127.0.0.1:${port}`,
    async start() {
      server = spawn(
        'redis-server',
        ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
        { stdio: 'ignore' },
      );
      await waitFor(ping, `redis-server on port ${port}`);
    },
    async stop() {
      const running = server;
      if (!running || running.exitCode !== null || running.signalCode !== null) return;
      await new Promise<void>((resolve) => {
        running.once('exit', () => resolve());
        running.kill('SIGKILL');
      });
    },
    async keyCount() {
      const client = new Redis(port, '127.0.0.1', { maxRetriesPerRequest: 1 });
      try {
        return await client.dbsize();
      } finally {
        client.disconnect();
      }
    },
  };
  await handle.start();
  return handle;
}
