import { NotAfterWritten, PipelineSteps, runPipeline, WriteResult } from './batch-pipeline';

interface FakeBatch {
  n: number;
}

/** A deferred promise: settled by the test, so that the order of events is the test's to choose. */
function deferred<T>() {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

const tick = () => new Promise((resolve) => setImmediate(resolve));

jest.setTimeout(5000);

/** Lets the pipeline run until `ready` holds (a few turns of the event loop at most). */
async function until(ready: () => boolean): Promise<void> {
  for (let i = 0; i < 100 && !ready(); i += 1) await tick();
  if (!ready()) throw new Error('the pipeline did not get there');
}

/** Batches 1..count; each write waits for the batch before it, then for the test to settle it. */
function fakeSteps(count: number) {
  const events: string[] = [];
  const writes = new Map<number, ReturnType<typeof deferred<WriteResult>>>();
  const released: number[] = [];
  let writing = 0;
  let mostWriting = 0;
  let stop = false;
  const steps: PipelineSteps<FakeBatch> = {
    read: async (previous) => {
      const n = (previous?.n ?? 0) + 1;
      events.push(`read ${n}`);
      return n <= count ? { n } : null;
    },
    write: async (batch, before) => {
      writing += 1;
      mostWriting = Math.max(mostWriting, writing);
      const own = deferred<WriteResult>();
      writes.set(batch.n, own);
      try {
        const result = await own.promise; // the batch's own rows
        await before; // then its place in the order
        events.push(`commit ${batch.n}`);
        return result;
      } finally {
        writing -= 1;
      }
    },
    release: (batch) => released.push(batch.n),
    shouldStop: () => stop,
  };
  return {
    steps,
    events,
    writes,
    released,
    mostWriting: () => mostWriting,
    writing: () => writing,
    stopNow: () => {
      stop = true;
    },
    /** The write of batch n, once the pipeline has started it. */
    async write(n: number) {
      await until(() => writes.has(n));
      return writes.get(n)!;
    },
  };
}

describe('runPipeline', () => {
  it('commits batches in order even when a later one finishes its rows first', async () => {
    const fake = fakeSteps(3);
    const run = runPipeline(fake.steps, { writesInFlight: 2 });
    await tick();
    (await fake.write(2)).resolve('written');
    await tick();
    (await fake.write(1)).resolve('written');
    await tick();
    (await fake.write(3)).resolve('written');
    await expect(run).resolves.toBe('done');
    expect(fake.events.filter((e) => e.startsWith('commit'))).toEqual(['commit 1', 'commit 2', 'commit 3']);
    expect(fake.released.sort()).toEqual([1, 2, 3]);
  });

  it('has at most writesInFlight writes under way and reads one batch ahead', async () => {
    const fake = fakeSteps(6);
    const run = runPipeline(fake.steps, { writesInFlight: 2 });
    await until(() => fake.writing() === 2);
    await tick();
    expect(fake.writing()).toBe(2);
    expect(fake.events).toEqual(['read 1', 'read 2', 'read 3']);
    for (let n = 1; n <= 6; n += 1) {
      await tick();
      (await fake.write(n)).resolve('written');
    }
    await expect(run).resolves.toBe('done');
    expect(fake.mostWriting()).toBe(2);
  });

  it('settles every write in flight before it rethrows a failure, and writes nothing after it', async () => {
    const fake = fakeSteps(5);
    const run = runPipeline(fake.steps, { writesInFlight: 2 });
    let settled = false;
    void run.catch(() => (settled = true));
    await tick();
    (await fake.write(1)).reject(new Error('connection lost'));
    await until(() => fake.writing() === 1);
    await tick();
    // Batch 2 is still under way: the run does not end before it settles.
    expect(settled).toBe(false);
    expect(fake.writing()).toBe(1);
    (await fake.write(2)).resolve('written');
    await expect(run).rejects.toThrow('connection lost');
    expect(fake.writing()).toBe(0);
    expect(fake.events.filter((e) => e.startsWith('commit'))).toEqual([]);
    // Batch 3 was read ahead and never written: it was given back too.
    expect(fake.released.sort()).toEqual([1, 2, 3]);
    expect(fake.writes.has(3)).toBe(false);
  });

  it("hands the write after a batch that stopped the run a rejected 'before'", async () => {
    const fake = fakeSteps(3);
    let secondBefore: unknown;
    const write = fake.steps.write;
    fake.steps.write = async (batch, before) => {
      if (batch.n === 2) before.catch((error) => (secondBefore = error));
      return write(batch, before);
    };
    const run = runPipeline(fake.steps, { writesInFlight: 2 });
    await tick();
    (await fake.write(1)).resolve('stop');
    (await fake.write(2)).resolve('written');
    await expect(run).resolves.toBe('stopped');
    expect(secondBefore).toBeInstanceOf(NotAfterWritten);
    expect(fake.events.filter((e) => e.startsWith('commit'))).toEqual(['commit 1']);
    expect(fake.released.sort()).toEqual([1, 2, 3]);
  });

  it('stops before the next batch when asked, after the writes in flight settle', async () => {
    const fake = fakeSteps(10);
    const run = runPipeline(fake.steps, { writesInFlight: 2 });
    await tick();
    fake.stopNow();
    (await fake.write(1)).resolve('written');
    (await fake.write(2)).resolve('written');
    await expect(run).resolves.toBe('stopped');
    expect(fake.events.filter((e) => e.startsWith('commit'))).toEqual(['commit 1', 'commit 2']);
    expect(fake.writes.has(3)).toBe(false);
    expect(fake.released.sort()).toEqual([1, 2, 3]);
  });

  it('gives back a batch read ahead when the read after it fails, and rethrows the failure', async () => {
    const fake = fakeSteps(5);
    const read = fake.steps.read;
    fake.steps.read = async (previous) => {
      if (previous?.n === 2) throw new Error('read failed');
      return read(previous);
    };
    const run = runPipeline(fake.steps, { writesInFlight: 2 });
    await tick();
    (await fake.write(1)).resolve('written');
    (await fake.write(2)).resolve('written');
    await expect(run).rejects.toThrow('read failed');
    expect(fake.writing()).toBe(0);
    expect(fake.released.sort()).toEqual([1, 2]);
  });

  it('finishes at once when there is no batch', async () => {
    const fake = fakeSteps(0);
    await expect(runPipeline(fake.steps, { writesInFlight: 2 })).resolves.toBe('done');
  });
});
