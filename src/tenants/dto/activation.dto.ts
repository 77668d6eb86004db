// The body of PUT .../csv-sync/activation.
import { ApiProperty } from '@nestjs/swagger';
import { IsBoolean } from 'class-validator';

export class ActivationDto {
  @ApiProperty({ example: true })
  @IsBoolean()
  enabled!: boolean;
}
