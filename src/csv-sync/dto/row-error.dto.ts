// Why a row failed.
import { ApiProperty } from '@nestjs/swagger';
import { ROW_ERROR_CODES } from '../../../libs/values/types';

export class RowErrorDto {
  @ApiProperty({ enum: ROW_ERROR_CODES, example: 'INVALID_DATE' })
  code!: string;

  @ApiProperty({ example: 'Start Date: "2026-02-30" is not a date in the format YYYY-MM-DD' })
  message!: string;

  @ApiProperty({ type: String, nullable: true, example: 'Start Date', description: "The header's spelling" })
  column!: string | null;
}
