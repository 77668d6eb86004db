// An ordered, bounded pipeline of batches: one batch is read ahead while up to `writesInFlight` are written, and
// each write learns when the one before it has been written, so that they commit in order. Whatever happens
// (a write that stops the run, a failure, a stop asked from outside), the pipeline returns only once every read
// and write it started has settled and every batch it read has been released.

export type WriteResult = 'written' | 'stop';

export interface PipelineSteps<B> {
  /** Reads the batch after `previous` (null: the first); null when there is none. */
  read(previous: B | null): Promise<B | null>;
  /**
   * Writes a batch. `before` resolves once the batch before it is written; it rejects when that one was not
   * (the run stops or failed), and then this write must write nothing. Answers 'stop' to end the run quietly
   * (e.g. the sync was cancelled).
   */
  write(batch: B, before: Promise<void>): Promise<WriteResult>;
  /** Gives back a batch that was read: once its write settled, or when it will not be written. */
  release(batch: B): void;
  /** Asked before a batch is written: true stops the run before it (the batches in flight still settle). */
  shouldStop?(): boolean;
}

export type PipelineResult = 'done' | 'stopped';

/** What the write after a batch that was not written receives as the reason of `before`. */
export class NotAfterWritten extends Error {
  constructor() {
    super('the batch before was not written');
    this.name = 'NotAfterWritten';
  }
}

export async function runPipeline<B>(
  steps: PipelineSteps<B>,
  options: { writesInFlight: number },
): Promise<PipelineResult> {
  const inFlight: Promise<unknown>[] = [];
  let failure: { error: unknown } | null = null;
  let stopped = false;
  let reading: Promise<B | null> | null = steps.read(null);
  let before: Promise<void> = Promise.resolve();

  try {
    for (;;) {
      const batch: B | null = await reading;
      reading = null;
      if (!batch) break;
      if (failure || stopped || steps.shouldStop?.()) {
        steps.release(batch);
        stopped = true;
        break;
      }
      reading = steps.read(batch);
      reading.catch(() => undefined); // seen when awaited, or in the settling below

      const previous = before;
      const write = Promise.resolve()
        .then(() => steps.write(batch, previous))
        .finally(() => steps.release(batch));
      before = write.then((result) => {
        if (result !== 'written') throw new NotAfterWritten();
      });
      before.catch(() => undefined); // seen by the next write, if there is one
      const settled = write.then(
        (result) => {
          if (result === 'stop') stopped = true;
        },
        (error: unknown) => {
          if (!(error instanceof NotAfterWritten)) failure ??= { error };
          stopped = true;
        },
      );
      inFlight.push(settled);
      void settled.then(() => inFlight.splice(inFlight.indexOf(settled), 1));
      while (inFlight.length >= options.writesInFlight) await Promise.race(inFlight);
    }
    await Promise.all(inFlight);
  } catch (error) {
    failure ??= { error };
  } finally {
    // A batch read ahead that will not be written goes back once its reading ends.
    const pending = reading as Promise<B | null> | null;
    if (pending) {
      await pending.then(
        (batch) => batch && steps.release(batch),
        () => undefined,
      );
    }
    await Promise.all(inFlight);
  }
  if (failure) throw failure.error;
  return stopped ? 'stopped' : 'done';
}
