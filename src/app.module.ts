// The service: infrastructure, then the feature modules (SPEC §2).
import type { Writable } from 'node:stream';
import { DynamicModule, Module } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';
import { AuditModule } from './audit/audit.module';
import { AuthModule } from './auth/auth.module';
import { CommonModule } from './common/common.module';
import { loggerParams } from './common/logging';
import { AppConfig } from './config/app-config';
import { ConfigModule } from './config/config.module';
import { CsvSyncModule } from './csv-sync/csv-sync.module';
import { DatabaseModule } from './database/database.module';
import { HealthModule } from './health/health.module';
import { QueueModule } from './queue/queue.module';
import { TenantsModule } from './tenants/tenants.module';
import { ThrottleModule } from './throttle/throttle.module';
import { UsersModule } from './users/users.module';

@Module({})
export class AppModule {
  /** `logDestination` lets a test read the log lines; the service logs to stdout. */
  static forRoot(config: AppConfig, logDestination?: Writable): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ConfigModule.forRoot(config),
        LoggerModule.forRoot(loggerParams(config, logDestination)),
        DatabaseModule.forRoot(config),
        QueueModule.forRoot(config),
        CommonModule,
        ThrottleModule,
        AuditModule,
        TenantsModule,
        AuthModule,
        UsersModule,
        CsvSyncModule.forRoot(config),
        HealthModule,
      ],
    };
  }
}
