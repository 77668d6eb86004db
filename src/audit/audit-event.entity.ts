// One line of the audit trail: who did what to which tenant, and when (SPEC §4, §7).
import { Entity, OptionalProps, PrimaryKey, Property } from '@mikro-orm/core';

@Entity({ tableName: 'audit_event' })
export class AuditEvent {
  [OptionalProps]?: 'tenantId' | 'details' | 'createdAt';

  @PrimaryKey({ type: 'bigint', autoincrement: true })
  id!: string;

  /** Null for events that concern no single tenant (e.g. a purge across tenants). */
  @Property({ type: 'text', nullable: true })
  tenantId: string | null = null;

  @Property({ type: 'text' })
  actor!: string;

  @Property({ type: 'text' })
  action!: string;

  @Property({ type: 'json' })
  details: Record<string, unknown> = {};

  @Property({ type: 'datetime' })
  createdAt: Date = new Date();
}
