// POST/GET /api/tenants: tenants are created by staff; admins see their own.
import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Actor } from '../auth/actor';
import { CurrentActor, StaffOnly } from '../auth/auth.decorators';
import { PageOf, PageQueryDto } from '../common/pagination';
import { CreateTenantDto } from './dto/create-tenant.dto';
import { TenantDto } from './dto/tenant.dto';
import { TenantsService } from './tenants.service';

const TenantPage = PageOf(TenantDto);

@ApiTags('tenants')
@ApiBearerAuth()
@Controller('api/tenants')
export class TenantsController {
  constructor(private readonly tenants: TenantsService) {}

  @Post()
  @HttpCode(201)
  @StaffOnly()
  @ApiOperation({ summary: 'Create a tenant (staff); its CSV sync module starts off' })
  @ApiCreatedResponse({ type: TenantDto })
  create(@Body() dto: CreateTenantDto, @CurrentActor() actor: Actor): Promise<TenantDto> {
    return this.tenants.create(dto, actor);
  }

  @Get()
  @ApiOperation({ summary: 'List tenants: every tenant for staff, its own for an admin' })
  @ApiOkResponse({ type: TenantPage })
  list(@Query() page: PageQueryDto, @CurrentActor() actor: Actor) {
    return this.tenants.list(actor, page);
  }

  @Get(':tenantId')
  @ApiOperation({ summary: 'One tenant with the state of its CSV sync module' })
  @ApiOkResponse({ type: TenantDto })
  get(@Param('tenantId') tenantId: string): Promise<TenantDto> {
    return this.tenants.get(tenantId);
  }
}
