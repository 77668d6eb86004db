// A worker that is told to stop (SIGTERM: a deploy, a scale-down) ends its runs at the next batch boundary,
// so that it exits within about one batch instead of after the tenant's whole queue (docs/RELIABILITY.md).
import { Injectable } from '@nestjs/common';

/** Thrown by a run that stops for the worker's shutdown: its sync stays `processing` and the job is retried
 *  by another worker, which resumes after the last committed batch. */
export class WorkerStopping extends Error {
  constructor() {
    super('the worker is stopping; the sync resumes on another worker');
    this.name = 'WorkerStopping';
  }
}

@Injectable()
export class WorkerStop {
  private stopping = false;

  /** Set by SyncProcessor before the queue and the database pools close. */
  request(): void {
    this.stopping = true;
  }

  get requested(): boolean {
    return this.stopping;
  }

  /** Throws WorkerStopping once a stop was requested; called where a run holds no work in flight. */
  check(): void {
    if (this.stopping) throw new WorkerStopping();
  }
}
