// GET audit events of a tenant (its admins and staff), and across tenants (staff).
import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { StaffOnly } from '../auth/auth.decorators';
import { PageOf } from '../common/pagination';
import { parseTimeRange } from '../common/time-range';
import { AuditQuery, AuditService } from './audit.service';
import { AuditEventDto } from './dto/audit-event.dto';
import { AuditQueryDto } from './dto/audit-query.dto';

const AuditEventPage = PageOf(AuditEventDto);

@ApiTags('audit')
@ApiBearerAuth()
@Controller()
export class AuditController {
  constructor(private readonly audit: AuditService) {}

  @Get('api/tenants/:tenantId/audit-events')
  @ApiOperation({ summary: "A tenant's audit trail: staff actions and sync lifecycle events, newest first" })
  @ApiOkResponse({ type: AuditEventPage })
  list(@Param('tenantId') tenantId: string, @Query() query: AuditQueryDto) {
    return this.audit.list(tenantId, toAuditQuery(query));
  }

  @Get('api/audit-events')
  @StaffOnly()
  @ApiOperation({ summary: 'The audit trail of every tenant (staff), newest first' })
  @ApiOkResponse({ type: AuditEventPage })
  listAll(@Query() query: AuditQueryDto) {
    return this.audit.list(null, toAuditQuery(query));
  }
}

function toAuditQuery(query: AuditQueryDto): AuditQuery {
  return { limit: query.limit, cursor: query.cursor, action: query.action, ...parseTimeRange(query) };
}
