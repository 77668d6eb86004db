// The activation flag guards every CSV sync route of a tenant (SPEC §4): 403 CSV_SYNC_DISABLED while it is off.
import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import type { AuthenticatedRequest } from '../auth/auth.decorators';
import { AppError } from '../common/app-error';
import { TenantsService } from './tenants.service';

@Injectable()
export class CsvSyncEnabledGuard implements CanActivate {
  constructor(private readonly tenants: TenantsService) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const tenantId = (request.params as { tenantId?: string }).tenantId;
    if (!tenantId) throw new Error('CsvSyncEnabledGuard used on a route without :tenantId');
    const tenant = await this.tenants.find(tenantId);
    if (tenant && !tenant.csvSyncEnabled) {
      throw new AppError(
        'CSV_SYNC_DISABLED',
        'CSV sync is not activated for this tenant. Please contact your Customer Success Manager to activate it.',
        { tenantId },
      );
    }
    return true;
  }
}
