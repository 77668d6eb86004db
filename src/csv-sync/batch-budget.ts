// How many staged rows one worker process holds in memory at a time, over all the syncs it runs at once.
import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, AppConfig } from '../config/app-config';

/** Batches under way per sync: one read and decided, two written (see SyncRunner.runBatches). */
const BATCHES_UNDER_WAY_PER_SYNC = 3;

/** Syncs that run at full speed side by side before their batches wait for each other. */
const FULL_SPEED_SYNCS = 2;

/**
 * A counting semaphore of rows, first come first served. A sync takes a batch's rows before it reads them and
 * gives them back when the batch is written or dropped. One or two syncs never wait here; more syncs in one
 * process (WORKER_CONCURRENCY above 2) take turns instead of holding three batches each, which would grow
 * the process's memory with every sync while the one Node.js thread, already busy, would not go faster.
 */
@Injectable()
export class BatchBudget {
  readonly capacity: number;
  private available: number;
  private readonly waiting: { rows: number; grant: () => void }[] = [];

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    this.capacity = FULL_SPEED_SYNCS * BATCHES_UNDER_WAY_PER_SYNC * config.limits.syncBatchSize;
    this.available = this.capacity;
  }

  /** Waits until `rows` rows (at most the capacity) are free; answers the function that gives them back. */
  async take(rows: number): Promise<() => void> {
    const taken = Math.min(rows, this.capacity);
    if (this.waiting.length > 0 || this.available < taken) {
      await new Promise<void>((grant) => this.waiting.push({ rows: taken, grant }));
    } else {
      this.available -= taken;
    }
    let given = false;
    return () => {
      if (given) return;
      given = true;
      this.available += taken;
      this.grantWaiting();
    };
  }

  /** Rows not taken at the moment. */
  get free(): number {
    return this.available;
  }

  private grantWaiting(): void {
    while (this.waiting.length > 0 && this.available >= this.waiting[0].rows) {
      const next = this.waiting.shift()!;
      this.available -= next.rows;
      next.grant();
    }
  }
}
