// The Bull processor of the CSV sync queue: one handler per job name, each a thin call into SyncRunner.
import { InjectQueue } from '@nestjs/bull';
import { MikroORM, CreateRequestContext } from '@mikro-orm/postgresql';
import { BeforeApplicationShutdown, Inject, Injectable, OnModuleInit } from '@nestjs/common';
import type { Job, Queue } from 'bull';
import { PinoLogger } from 'nestjs-pino';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import type { DrainTenantPayload } from './sync-job.payload';
import { SYNC_QUEUE, SyncJob } from './sync-queue.constants';
import { SyncRetention } from './sync-retention.service';
import { SyncRunner } from './sync-runner.service';
import { WorkerStop, WorkerStopping } from './worker-stop';

/**
 * Registered with `queue.process()` rather than `@Process()` because the concurrency comes from the
 * configuration (WORKER_CONCURRENCY), and a decorator's arguments are fixed when the class is defined. One
 * registration for every job name, dispatched here: Bull adds up the concurrency of named processors and lets
 * any of their slots take any job, so a second `process(name, 1)` would let a worker run one tenant more than
 * WORKER_CONCURRENCY. Only processes that run workers (WORKER_MODE all or worker) provide this class.
 */
@Injectable()
export class SyncProcessor implements OnModuleInit, BeforeApplicationShutdown {
  constructor(
    @InjectQueue(SYNC_QUEUE) private readonly queue: Queue,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly runner: SyncRunner,
    private readonly retention: SyncRetention,
    private readonly stop: WorkerStop,
    private readonly logger: PinoLogger,
    // Read by @CreateRequestContext: a job runs outside any HTTP request, so it gets a context of its own.
    private readonly orm: MikroORM,
  ) {
    this.logger.setContext(SyncProcessor.name);
  }

  onModuleInit(): void {
    // process() answers a promise that rejects when the worker cannot start (Redis unreachable at start); Bull
    // reports the same on the queue's 'error' event, so here it is logged, not left unhandled.
    this.queue
      .process('*', this.config.limits.workerConcurrency, (job: Job) => this.handle(job))
      .catch((error: unknown) => this.logger.error({ err: error }, 'the sync queue stopped processing'));
  }

  /**
   * On SIGTERM (enableShutdownHooks) this runs before the queue and the database pools close: Bull's close
   * waits for the jobs in progress, and a drain-tenant job would otherwise apply the tenant's whole queue
   * first. The runs stop at their next batch boundary instead; their jobs fail as WorkerStopping and Bull
   * retries them on another worker, which resumes after the last committed batch.
   */
  beforeApplicationShutdown(): void {
    this.stop.request();
  }

  private handle(job: Job): Promise<void> {
    switch (job.name) {
      case SyncJob.DrainTenant:
        return this.drainTenant(job as Job<DrainTenantPayload>);
      case SyncJob.PurgeLogs:
        return this.purgeLogs();
      default:
        throw new Error(`no handler for job ${job.name}`);
    }
  }

  @CreateRequestContext()
  async drainTenant(job: Job<DrainTenantPayload>): Promise<void> {
    try {
      await this.runner.drainTenant(job.data.tenantId);
    } catch (error) {
      if (error instanceof WorkerStopping) {
        this.logger.info(
          { tenantId: job.data.tenantId, jobId: job.id },
          'stopped between batches for shutdown',
        );
      }
      throw error;
    }
  }

  async purgeLogs(): Promise<void> {
    await this.retention.purge();
  }
}
