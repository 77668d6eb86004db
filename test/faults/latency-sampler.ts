// Starts latency-probe.mjs: GET requests timed from a process of its own, apart from the test process that
// drives the load.
import { fork } from 'node:child_process';
import { once } from 'node:events';
import { join } from 'node:path';

export interface Sample {
  at: number;
  ms: number;
  /** 0: no answer within 10 s, or the connection failed. */
  status: number;
}

export interface SampleTarget {
  url: string;
  token?: string;
  /** The pause after each answer before the next request. */
  pauseMs: number;
}

export interface LatencySampler {
  /** Stops sampling; the samples of each target, in the order given. */
  stop(): Promise<Sample[][]>;
  /** Ends the process without its samples (a test that failed before it could stop it). */
  kill(): void;
}

export async function startLatencySampler(targets: SampleTarget[]): Promise<LatencySampler> {
  const child = fork(join(__dirname, 'latency-probe.mjs'), [JSON.stringify(targets)], {
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const [started] = await once(child, 'message');
  if (started !== 'started') throw new Error(`latency sampler: unexpected message ${String(started)}`);
  return {
    async stop() {
      const answer = once(child, 'message');
      child.send('stop');
      const [samples] = await answer;
      return samples as Sample[][];
    },
    kill() {
      if (child.exitCode === null) child.kill('SIGKILL');
    },
  };
}
