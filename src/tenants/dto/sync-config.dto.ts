// The CSV sync configuration as OpenAPI documents it; checkSyncConfig (libs/values) validates the body, so that
// every problem of a configuration is listed in one answer, shape and meaning together.
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ATTRIBUTE_TYPES } from '../../../libs/values/types';

export class AttributeConfigDto {
  @ApiProperty({ example: 'firstName', pattern: '^[A-Za-z][A-Za-z0-9_]{0,63}$' })
  key!: string;

  @ApiProperty({ example: 'First Name', description: 'The CSV column; matched case-insensitively' })
  column!: string;

  @ApiProperty({ enum: ATTRIBUTE_TYPES, example: 'string' })
  type!: string;

  @ApiPropertyOptional({ default: false, description: 'Must have a value for users being added' })
  required?: boolean;

  @ApiPropertyOptional({ minimum: 1, description: 'string only' })
  maxLength?: number;

  @ApiPropertyOptional({ type: [String], example: ['R&D', 'Sales', 'HR'], description: 'enum and list only' })
  values?: string[];

  @ApiPropertyOptional({ default: '|', description: 'list only' })
  separator?: string;

  @ApiPropertyOptional({ example: 'DD.MM.YYYY', description: 'date only; default YYYY-MM-DD' })
  format?: string;
}

export class SyncConfigDto {
  @ApiProperty({ example: 'Email' })
  emailColumn!: string;

  @ApiProperty({ type: [AttributeConfigDto] })
  attributes!: AttributeConfigDto[];

  @ApiPropertyOptional({ enum: ['reject', 'ignore'], default: 'reject' })
  unknownColumns?: string;

  @ApiPropertyOptional({ enum: ['keep', 'clear'], default: 'keep' })
  emptyCell?: string;

  @ApiPropertyOptional({ minimum: 1, maximum: 100, default: 50 })
  deleteGuardPercent?: number;

  @ApiPropertyOptional({
    description:
      'The version this change is based on; when given and no longer current, the change is refused (409)',
  })
  version?: number;
}

export class SyncConfigResponseDto extends SyncConfigDto {
  // required and description given again: the optional `version` of the request would show through otherwise.
  @ApiProperty({ example: 3, required: true, description: 'The version of this configuration' })
  declare version: number;

  @ApiProperty()
  updatedAt!: Date;

  @ApiProperty({ example: 'staff' })
  updatedBy!: string;
}
