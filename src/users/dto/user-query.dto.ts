// Filters of GET /api/tenants/:tenantId/users.
import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, MaxLength } from 'class-validator';
import { PageQueryDto } from '../../common/pagination';

export class UserQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ description: 'Exactly this email (case-insensitive)' })
  @IsOptional()
  @IsString()
  @MaxLength(320)
  email?: string;

  @ApiPropertyOptional({
    description: 'Text found in the email or in any attribute value (case-insensitive)',
  })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  q?: string;
}
