// A Redis Cluster of three primaries on free ports of this machine, made by the test that needs it and gone with it.
import { ChildProcess, execFile, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { freePort } from './processes';
import { waitFor } from './wait';

const run = promisify(execFile);

export interface RedisCluster {
  ports: number[];
  /** REDIS_URL for the service: the seed nodes, comma-separated. */
  url: string;
  stop(): Promise<void>;
}

export async function startRedisCluster(primaries = 3): Promise<RedisCluster> {
  const dir = mkdtempSync(join(tmpdir(), 'ucs-redis-cluster-'));
  const ports: number[] = [];
  const servers: ChildProcess[] = [];
  const stop = async () => {
    await Promise.all(
      servers.map(
        (server) =>
          new Promise<void>((resolve) => {
            if (server.exitCode !== null || server.signalCode !== null) return resolve();
            server.once('exit', () => resolve());
            server.kill('SIGKILL');
          }),
      ),
    );
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    for (let i = 0; i < primaries; i += 1) {
      const port = await freePort();
      ports.push(port);
      servers.push(
        spawn(
          'redis-server',
          [
            ...['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
            ...['--cluster-enabled', 'yes', '--cluster-config-file', `nodes-${port}.conf`, '--dir', dir],
          ],
          { stdio: 'ignore' },
        ),
      );
    }
    await waitFor(async () => {
      const answers = await Promise.all(ports.map((port) => cli(port, 'ping').catch(() => '')));
      return answers.every((answer) => answer === 'PONG');
    }, 'the Redis servers');
    await run('redis-cli', [
      '--cluster',
      'create',
      ...ports.map((port) => `127.0.0.1:${port}`),
      '--cluster-replicas',
      '0',
      '--cluster-yes',
    ]);
    await waitFor(async () => {
      const infos = await Promise.all(ports.map((port) => cli(port, 'cluster', 'info')));
      return infos.every((info) => info.includes('cluster_state:ok'));
    }, 'the cluster to agree on its slots');
    return { ports, url: ports.map((port) => `redis://127.0.0.1:${port}`).join(','), stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

/** The port of the node that serves the hash slot of `key`. */
export async function nodeServing(cluster: RedisCluster, key: string): Promise<number> {
  const slot = Number(await cli(cluster.ports[0], 'cluster', 'keyslot', key));
  for (const port of cluster.ports) {
    const self = (await cli(port, 'cluster', 'nodes')).split('\n').find((line) => line.includes('myself'));
    const ranges = (self ?? '').split(' ').slice(8);
    const serves = ranges.some((range) => {
      const [first, last = first] = range.split('-').map(Number);
      return slot >= first && slot <= last;
    });
    if (serves) return port;
  }
  throw new Error(`no node serves slot ${slot}`);
}

/** One command through redis-cli to one node; its answer without the trailing line break. */
export async function cli(port: number, ...command: string[]): Promise<string> {
  const { stdout } = await run('redis-cli', ['-p', String(port), ...command]);
  return stdout.trim();
}
