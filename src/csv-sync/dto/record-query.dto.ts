// Filters of GET .../syncs/:syncId/records and records.csv.
import { ApiPropertyOptional, IntersectionType } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import { PageQueryDto } from '../../common/pagination';
import { ToList } from '../../common/query-transforms';
import { Outcome, OUTCOMES } from './record.dto';

export class RecordCsvQueryDto {
  @ApiPropertyOptional({
    enum: OUTCOMES,
    isArray: true,
    description: 'One or several, comma-separated; `failed` alone gives the error report',
  })
  @IsOptional()
  @ToList()
  @IsIn(OUTCOMES, { each: true })
  outcome?: Outcome[];
}

export class RecordQueryDto extends IntersectionType(PageQueryDto, RecordCsvQueryDto) {}
