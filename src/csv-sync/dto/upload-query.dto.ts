// Query of POST .../csv-sync/syncs.
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsIn, IsOptional } from 'class-validator';
import type { SyncAction } from '../../../libs/values';
import { ToBoolean } from '../../common/query-transforms';

export class UploadQueryDto {
  @ApiProperty({ enum: ['upsert', 'delete'], description: 'Add/Update users, or delete the listed emails' })
  @IsIn(['upsert', 'delete'])
  action!: SyncAction;

  @ApiPropertyOptional({ default: false, description: 'Compute every outcome without changing any user' })
  @IsOptional()
  @ToBoolean()
  @IsBoolean()
  dryRun = false;
}
