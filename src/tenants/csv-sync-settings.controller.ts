// Staff switch a tenant's CSV sync module on and off and configure its columns (SPEC §4).
import { Body, Controller, Get, Param, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Actor } from '../auth/actor';
import { CurrentActor, StaffOnly } from '../auth/auth.decorators';
import { ActivationDto } from './dto/activation.dto';
import { SyncConfigDto, SyncConfigResponseDto } from './dto/sync-config.dto';
import { TenantDto } from './dto/tenant.dto';
import { SyncConfigPipe } from './sync-config.pipe';
import { ConfigChange, TenantsService } from './tenants.service';

@ApiTags('csv-sync settings')
@ApiBearerAuth()
@Controller('api/tenants/:tenantId/csv-sync')
export class CsvSyncSettingsController {
  constructor(private readonly tenants: TenantsService) {}

  @Put('activation')
  @StaffOnly()
  @ApiOperation({ summary: 'Switch the CSV sync module on or off (staff)' })
  @ApiOkResponse({ type: TenantDto })
  setActivation(
    @Param('tenantId') tenantId: string,
    @Body() dto: ActivationDto,
    @CurrentActor() actor: Actor,
  ): Promise<TenantDto> {
    return this.tenants.setActivation(tenantId, dto.enabled, actor);
  }

  @Put('config')
  @StaffOnly()
  @ApiOperation({ summary: 'Replace the configuration (staff); every change is a new version' })
  @ApiBody({ type: SyncConfigDto })
  @ApiOkResponse({ type: SyncConfigResponseDto })
  setConfig(
    @Param('tenantId') tenantId: string,
    @Body(SyncConfigPipe) change: ConfigChange,
    @CurrentActor() actor: Actor,
  ): Promise<SyncConfigResponseDto> {
    return this.tenants.changeConfig(tenantId, change, actor);
  }

  @Get('config')
  @ApiOperation({ summary: 'The current configuration and its version (staff and the tenant admins)' })
  @ApiOkResponse({ type: SyncConfigResponseDto })
  getConfig(@Param('tenantId') tenantId: string): Promise<SyncConfigResponseDto> {
    return this.tenants.getConfig(tenantId);
  }
}
