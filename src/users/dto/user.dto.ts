// A user as the API shows it.
import { ApiProperty } from '@nestjs/swagger';
import type { Attributes } from '../../../libs/values';

export class UserDto {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty({ example: 'jane.doe@example.com' })
  email!: string;

  @ApiProperty({ example: { firstName: 'Jane', lastName: 'Doe', department: 'R&D', groups: ['Scouts'] } })
  attributes!: Attributes;

  @ApiProperty()
  createdAt!: Date;

  @ApiProperty()
  updatedAt!: Date;
}
