// The Bull processor of the CSV sync queue: one handler per job name, each a thin call into SyncRunner.
import { InjectQueue } from '@nestjs/bull';
import { MikroORM, CreateRequestContext } from '@mikro-orm/postgresql';
import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import type { Job, Queue } from 'bull';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import type { DrainTenantPayload } from './sync-job.payload';
import { SYNC_QUEUE, SyncJob } from './sync-queue.constants';
import { SyncRetention } from './sync-retention.service';
import { SyncRunner } from './sync-runner.service';

/**
 * Registered with `queue.process()` rather than `@Process()` because the concurrency comes from the
 * configuration (WORKER_CONCURRENCY), and a decorator's arguments are fixed when the class is defined.
 * Only processes that run workers (WORKER_MODE all or worker) provide this class.
 */
@Injectable()
export class SyncProcessor implements OnModuleInit {
  constructor(
    @InjectQueue(SYNC_QUEUE) private readonly queue: Queue,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly runner: SyncRunner,
    private readonly retention: SyncRetention,
    // Read by @CreateRequestContext: a job runs outside any HTTP request, so it gets a context of its own.
    private readonly orm: MikroORM,
  ) {}

  onModuleInit(): void {
    void this.queue.process(SyncJob.DrainTenant, this.config.limits.workerConcurrency, (job) =>
      this.drainTenant(job),
    );
    void this.queue.process(SyncJob.PurgeLogs, 1, () => this.purgeLogs());
  }

  @CreateRequestContext()
  async drainTenant(job: Job<DrainTenantPayload>): Promise<void> {
    await this.runner.drainTenant(job.data.tenantId);
  }

  async purgeLogs(): Promise<void> {
    await this.retention.purge();
  }
}
