import type { AppConfig } from '../config/app-config';
import { BatchBudget } from './batch-budget';

/** A budget of 2 syncs × 3 batches × 10 rows = 60 rows. */
const budget = () => new BatchBudget({ limits: { syncBatchSize: 10 } } as AppConfig);

/** Whether a promise has settled by the time the queued callbacks have run. */
async function settled(promise: Promise<unknown>): Promise<boolean> {
  let done = false;
  void promise.then(() => (done = true));
  await new Promise((resolve) => setImmediate(resolve));
  return done;
}

describe('BatchBudget', () => {
  it('holds two syncs of three batches each without waiting', async () => {
    const b = budget();
    expect(b.capacity).toBe(60);
    for (let i = 0; i < 6; i += 1) await b.take(10);
    expect(b.free).toBe(0);
  });

  it('makes a batch wait until rows are given back, and serves the waiting in order', async () => {
    const b = budget();
    const release = await b.take(60);
    const first = b.take(30);
    const second = b.take(10);
    expect(await settled(first)).toBe(false);
    release();
    expect(await settled(first)).toBe(true);
    expect(await settled(second)).toBe(true);
    expect(b.free).toBe(20);
  });

  it('does not let a small request pass one that waits before it', async () => {
    const b = budget();
    const release = await b.take(50);
    const big = b.take(30);
    const small = b.take(5);
    expect(await settled(small)).toBe(false);
    release();
    expect(await settled(big)).toBe(true);
    expect(await settled(small)).toBe(true);
  });

  it('gives rows back once however often the release is called', async () => {
    const b = budget();
    const release = await b.take(40);
    release();
    release();
    expect(b.free).toBe(60);
  });

  it('lets a batch larger than the whole budget run alone', async () => {
    const b = budget();
    const release = await b.take(500);
    expect(b.free).toBe(0);
    release();
    expect(b.free).toBe(60);
  });
});
