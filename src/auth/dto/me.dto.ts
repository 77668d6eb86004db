// Who a token belongs to, so that a client (the web console) knows where to take its user.
import { ApiProperty } from '@nestjs/swagger';
import type { Actor } from '../actor';

export class MeDto {
  @ApiProperty({ enum: ['staff', 'admin'] })
  role!: 'staff' | 'admin';

  @ApiProperty({ example: 'Jane Doe', description: "The token's name, or staff for the operator token" })
  name!: string;

  @ApiProperty({
    type: String,
    nullable: true,
    example: 'acme',
    description: "An admin's tenant; null for staff",
  })
  tenantId!: string | null;

  static from(this: void, actor: Actor): MeDto {
    return { role: actor.role, name: actor.name, tenantId: actor.tenantId };
  }
}
