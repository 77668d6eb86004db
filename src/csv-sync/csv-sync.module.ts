// Owns CSV syncs: upload, background processing on Bull, and their logs; every route is behind the activation flag.
import { BullModule } from '@nestjs/bull';
import { DynamicModule, Module, Provider } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module';
import { BatchBudget } from './batch-budget';
import type { AppConfig } from '../config/app-config';
import { TenantsModule } from '../tenants/tenants.module';
import { UsersModule } from '../users/users.module';
import { SyncQueue } from './sync-queue.service';
import { SYNC_QUEUE } from './sync-queue.constants';
import { SyncExportService } from './sync-export.service';
import { SyncProcessor } from './sync.processor';
import { SyncRecovery } from './sync-recovery.service';
import { SyncRetention } from './sync-retention.service';
import { SyncBatchReader } from './sync-batch-reader';
import { SyncBatchWriter } from './sync-batch-writer';
import { SyncLifecycle } from './sync-lifecycle';
import { SyncRunner } from './sync-runner.service';
import { TenantLock } from './tenant-lock';
import { SyncRevertService } from './sync-revert.service';
import { SyncUploadService } from './sync-upload.service';
import { SyncsController } from './syncs.controller';
import { SyncsService } from './syncs.service';
import { UploadGate } from './upload-gate.service';
import { WorkerStop } from './worker-stop';

@Module({})
export class CsvSyncModule {
  /** WORKER_MODE=api runs no processor; the routes are served only where there is an HTTP server. */
  static forRoot(config: AppConfig): DynamicModule {
    const worker: Provider[] =
      config.workerMode === 'api'
        ? []
        : [
            BatchBudget,
            TenantLock,
            SyncBatchReader,
            SyncBatchWriter,
            SyncRunner,
            SyncProcessor,
            SyncRecovery,
            SyncRetention,
            WorkerStop,
          ];
    return {
      module: CsvSyncModule,
      imports: [BullModule.registerQueue({ name: SYNC_QUEUE }), AuditModule, TenantsModule, UsersModule],
      controllers: [SyncsController],
      providers: [
        SyncQueue,
        SyncLifecycle,
        SyncsService,
        SyncUploadService,
        SyncRevertService,
        UploadGate,
        SyncExportService,
        ...worker,
      ],
    };
  }
}
