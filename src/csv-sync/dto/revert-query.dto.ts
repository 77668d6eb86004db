// Query of POST .../csv-sync/syncs/:syncId/revert.
import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsOptional } from 'class-validator';
import { ToBoolean } from '../../common/query-transforms';

export class RevertQueryDto {
  @ApiPropertyOptional({
    type: Boolean,
    default: false,
    description:
      'Compute every outcome of the revert without changing any user (previewed, then POST …/apply)',
  })
  @IsOptional()
  @ToBoolean()
  @IsBoolean()
  dryRun = false;
}
