// The body of POST .../tokens.
import { ApiProperty } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsString, Length } from 'class-validator';

export class IssueTokenDto {
  @ApiProperty({ example: 'HR nightly job', description: 'Shown in the logs as the actor' })
  @Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value))
  @IsString()
  @Length(1, 100)
  name!: string;
}
