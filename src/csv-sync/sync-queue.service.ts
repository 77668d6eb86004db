// The producer of the CSV sync queue: it owns the queue and the options of its jobs.
import { InjectQueue } from '@nestjs/bull';
import { Injectable, OnApplicationShutdown } from '@nestjs/common';
import type { JobOptions, Queue } from 'bull';
import { PinoLogger } from 'nestjs-pino';
import { QueueConnections } from '../queue/queue-connections';
import type { DrainTenantPayload } from './sync-job.payload';
import { SYNC_QUEUE, SyncJob } from './sync-queue.constants';

// A job only says "look at this tenant": PostgreSQL holds the state, so a lost or repeated job costs a look.
const JOB_OPTIONS: JobOptions = {
  attempts: 5,
  backoff: { type: 'exponential', delay: 1000 },
  removeOnComplete: true,
  removeOnFail: 100,
};

const ENQUEUE_TIMEOUT_MS = 2000;

@Injectable()
export class SyncQueue implements OnApplicationShutdown {
  constructor(
    @InjectQueue(SYNC_QUEUE) private readonly queue: Queue<DrainTenantPayload>,
    private readonly connections: QueueConnections,
    private readonly logger: PinoLogger,
  ) {
    this.logger.setContext(SyncQueue.name);
  }

  /** The queue's connections are ours (QueueConnections): closed once the queue is. Bull's own shutdown hook
   *  closes the queue again later, which answers the same promise. */
  async onApplicationShutdown(): Promise<void> {
    await this.queue.close();
    await this.connections.closeAll();
  }

  /** Never throws and never waits long: the sync is already safe in PostgreSQL, and the recovery sweep
   *  enqueues again whatever Redis did not take. */
  async drainTenant(tenantId: string, syncId: string | null, jobId?: string): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error('Redis did not answer in time')), ENQUEUE_TIMEOUT_MS);
    });
    try {
      await Promise.race([
        this.queue.add(SyncJob.DrainTenant, { tenantId, syncId }, { ...JOB_OPTIONS, jobId }),
        timeout,
      ]);
    } catch (error) {
      this.logger.warn({ err: error, tenantId, syncId }, 'could not enqueue; the recovery sweep will');
    } finally {
      clearTimeout(timer);
    }
  }
}
