// An audit event as the API shows it.
import { ApiProperty } from '@nestjs/swagger';
import type { AuditEvent } from '../audit-event.entity';

export class AuditEventDto {
  @ApiProperty({ example: '1042' })
  id!: string;

  @ApiProperty({ type: String, nullable: true, example: 'acme' })
  tenantId!: string | null;

  @ApiProperty({ example: 'HR nightly job', description: "The token's name, or staff" })
  actor!: string;

  @ApiProperty({ example: 'csv_sync.configured' })
  action!: string;

  @ApiProperty({ example: { version: 3 } })
  details!: Record<string, unknown>;

  @ApiProperty()
  createdAt!: Date;

  static from(this: void, event: AuditEvent): AuditEventDto {
    return {
      id: String(event.id),
      tenantId: event.tenantId,
      actor: event.actor,
      action: event.action,
      details: event.details,
      createdAt: event.createdAt,
    };
  }
}
