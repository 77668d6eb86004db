// Filters of GET .../csv-sync/syncs (the "User CSV Sync List").
import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsIn, IsOptional } from 'class-validator';
import { ToBoolean, ToList } from '../../common/query-transforms';
import { TimeRangePageQueryDto } from '../../common/time-range';
import { SYNC_ACTIONS, SYNC_STATUSES, StoredSyncAction, SyncStatus } from '../sync.entity';

export class SyncListQueryDto extends TimeRangePageQueryDto {
  @ApiPropertyOptional({ enum: SYNC_ACTIONS })
  @IsOptional()
  @IsIn(SYNC_ACTIONS)
  action?: StoredSyncAction;

  @ApiPropertyOptional({ enum: SYNC_STATUSES, isArray: true, description: 'One or several, comma-separated' })
  @IsOptional()
  @ToList()
  @IsIn(SYNC_STATUSES, { each: true })
  status?: SyncStatus[];

  @ApiPropertyOptional({ description: 'Only dry runs (true) or only real syncs (false)' })
  @IsOptional()
  @ToBoolean()
  @IsBoolean()
  dryRun?: boolean;
}
