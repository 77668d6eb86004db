// The audit trail: the one way any module writes or reads audit events (SPEC §4, §7).
import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { decodeCursor, encodeCursor, Page, toPage } from '../common/pagination';
import type { Actor } from '../auth/actor';
import type { AuditAction } from './audit-actions';
import { AuditEvent } from './audit-event.entity';
import { AuditEventDto } from './dto/audit-event.dto';

export interface AuditInput {
  tenantId: string | null;
  actor: Actor | string;
  action: AuditAction;
  details?: Record<string, unknown>;
}

/** Anything that runs a parameterised statement: a node-postgres client inside the caller's transaction. */
export interface SqlRunner {
  query(text: string, values?: unknown[]): Promise<unknown>;
}

export interface AuditQuery {
  limit: number;
  cursor?: string;
  action?: AuditAction[];
  from?: Date;
  to?: Date;
}

const CURSOR = 'audit';

@Injectable()
export class AuditService {
  constructor(private readonly em: EntityManager) {}

  /** Called inside the caller's `em.transactional()`, the event commits or rolls back with the change it records. */
  async record(input: AuditInput): Promise<void> {
    this.em.persist(this.em.create(AuditEvent, toRow(input)));
    await this.em.flush();
  }

  /** For the set-based paths that run their own node-postgres transaction (the sync worker). */
  async recordWith(sql: SqlRunner, input: AuditInput): Promise<void> {
    const row = toRow(input);
    await sql.query('INSERT INTO audit_event (tenant_id, actor, action, details) VALUES ($1, $2, $3, $4)', [
      row.tenantId,
      row.actor,
      row.action,
      JSON.stringify(row.details),
    ]);
  }

  /** Whether an event of `action` about the sync was recorded for the tenant: audit events outlive the syncs that
   *  retention purges, so this tells a purged sync from one that never was. */
  async hasSyncEvent(tenantId: string, action: AuditAction, syncId: string): Promise<boolean> {
    const rows = await this.em
      .getConnection()
      .execute<{ found: number }[]>(
        "SELECT 1 AS found FROM audit_event WHERE tenant_id = ? AND action = ? AND details ->> 'syncId' = ? LIMIT 1",
        [tenantId, action, syncId],
      );
    return rows.length > 0;
  }

  /** Newest first. `tenantId` null lists every tenant (staff only). */
  async list(tenantId: string | null, query: AuditQuery): Promise<Page<AuditEventDto>> {
    const where: Record<string, unknown> = {};
    if (tenantId !== null) where.tenantId = tenantId;
    if (query.action?.length) where.action = { $in: query.action };
    if (query.from || query.to) {
      where.createdAt = { ...(query.from && { $gte: query.from }), ...(query.to && { $lte: query.to }) };
    }
    if (query.cursor) {
      const [id] = decodeCursor(`${CURSOR}:${tenantId ?? '*'}`, query.cursor, ['bigint']);
      where.id = { $lt: id };
    }
    const rows = await this.em.find(AuditEvent, where, { orderBy: { id: 'desc' }, limit: query.limit + 1 });
    return toPage(rows, query.limit, AuditEventDto.from, (row) =>
      encodeCursor(`${CURSOR}:${tenantId ?? '*'}`, [String(row.id)]),
    );
  }
}

function toRow(input: AuditInput): Pick<AuditEvent, 'tenantId' | 'actor' | 'action' | 'details'> {
  return {
    tenantId: input.tenantId,
    actor: typeof input.actor === 'string' ? input.actor : input.actor.name,
    action: input.action,
    details: input.details ?? {},
  };
}
