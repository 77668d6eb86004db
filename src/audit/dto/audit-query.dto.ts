// Filters of the audit event lists.
import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import { ToList } from '../../common/query-transforms';
import { TimeRangePageQueryDto } from '../../common/time-range';
import { AUDIT_ACTIONS, AuditAction } from '../audit-actions';

export class AuditQueryDto extends TimeRangePageQueryDto {
  @ApiPropertyOptional({ enum: AUDIT_ACTIONS, isArray: true, description: 'One or several, comma-separated' })
  @IsOptional()
  @ToList()
  @IsIn(AUDIT_ACTIONS, { each: true })
  action?: AuditAction[];
}
