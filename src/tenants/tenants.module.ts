// Owns tenants, the CSV sync activation flag, its versioned configuration and the CSV template.
import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module';
import { CsvSyncEnabledGuard } from './csv-sync-enabled.guard';
import { CsvSyncSettingsController } from './csv-sync-settings.controller';
import { TemplateController } from './template.controller';
import { TemplateService } from './template.service';
import { TenantsController } from './tenants.controller';
import { TenantsService } from './tenants.service';

@Module({
  imports: [AuditModule],
  controllers: [TenantsController, CsvSyncSettingsController, TemplateController],
  providers: [TenantsService, TemplateService, CsvSyncEnabledGuard],
  exports: [TenantsService, CsvSyncEnabledGuard],
})
export class TenantsModule {}
