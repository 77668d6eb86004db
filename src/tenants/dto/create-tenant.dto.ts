// The body of POST /api/tenants.
import { ApiProperty } from '@nestjs/swagger';
import { IsString, Length, Matches, MaxLength, MinLength } from 'class-validator';

export const TENANT_ID_PATTERN = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

export class CreateTenantDto {
  @ApiProperty({ example: 'acme', description: 'A slug: lower-case letters, digits and single hyphens' })
  @IsString()
  @Length(1, 63)
  @Matches(TENANT_ID_PATTERN, {
    message: 'id must be a slug: lower-case letters, digits and single hyphens, e.g. "acme-corp"',
  })
  id!: string;

  @ApiProperty({ example: 'ACME Corp' })
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  name!: string;
}
