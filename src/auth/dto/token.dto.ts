// An admin token as the API shows it; the secret only once, when it is issued.
import { ApiProperty } from '@nestjs/swagger';
import type { ApiToken } from '../api-token.entity';

export class TokenDto {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty({ example: 'HR nightly job' })
  name!: string;

  @ApiProperty({ example: 'staff' })
  createdBy!: string;

  @ApiProperty()
  createdAt!: Date;

  @ApiProperty({ type: Date, nullable: true })
  revokedAt!: Date | null;

  static from(this: void, token: ApiToken): TokenDto {
    return {
      id: token.id,
      name: token.name,
      createdBy: token.createdBy,
      createdAt: token.createdAt,
      revokedAt: token.revokedAt,
    };
  }
}

export class IssuedTokenDto extends TokenDto {
  @ApiProperty({ example: 'ucs_3q2-7wEvQhK0...', description: 'Shown once; only its hash is stored' })
  token!: string;
}
