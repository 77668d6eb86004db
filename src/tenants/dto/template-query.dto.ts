// Query of GET .../csv-sync/template.
import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsIn, IsOptional } from 'class-validator';
import { ToBoolean } from '../../common/query-transforms';
import type { SyncAction } from '../../../libs/values';

export class TemplateQueryDto {
  @ApiPropertyOptional({ enum: ['upsert', 'delete'], default: 'upsert' })
  @IsOptional()
  @IsIn(['upsert', 'delete'])
  action: SyncAction = 'upsert';

  @ApiPropertyOptional({ default: false, description: 'Add one example row made from the types' })
  @IsOptional()
  @ToBoolean()
  @IsBoolean()
  example = false;
}
