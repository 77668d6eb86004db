// `from`/`to` filters shared by the lists that take a time range (ISO 8601 dates or date-times).
import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsISO8601, IsOptional } from 'class-validator';
import { AppError } from './app-error';
import { PageQueryDto } from './pagination';

export class TimeRangePageQueryDto extends PageQueryDto {
  @ApiPropertyOptional({
    example: '2026-11-01',
    description: 'Only items created at or after this time (ISO 8601)',
  })
  @IsOptional()
  @IsISO8601({ strict: true })
  from?: string;

  @ApiPropertyOptional({
    example: '2026-11-30T23:59:59Z',
    description: 'Only items created at or before this time; a date alone means the end of that day (UTC)',
  })
  @IsOptional()
  @IsISO8601({ strict: true })
  to?: string;
}

/** A bare date in `to` includes that whole day, which is what a person filtering by date means. */
export function parseTimeRange(query: { from?: string; to?: string }): { from?: Date; to?: Date } {
  const from = query.from ? new Date(query.from) : undefined;
  let to: Date | undefined;
  if (query.to) {
    to = new Date(query.to);
    if (/^\d{4}-\d{2}-\d{2}$/.test(query.to)) to = new Date(to.getTime() + 86_400_000 - 1);
  }
  if (from && to && from > to) {
    throw new AppError('VALIDATION_ERROR', '"from" must not be after "to"', {
      parameter: 'from',
      problems: [{ field: 'from', messages: ['must not be after "to"'] }],
    });
  }
  return { from, to };
}
