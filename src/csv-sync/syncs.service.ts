// Reading syncs and their records, and the changes a person makes to a sync: apply and cancel (SPEC §6, §7).
import { EntityManager, FilterQuery } from '@mikro-orm/postgresql';
import { Inject, Injectable } from '@nestjs/common';
import { Pool } from 'pg';
import type { Actor } from '../auth/actor';
import { AuditService } from '../audit/audit.service';
import { AppError } from '../common/app-error';
import { decodeCursor, encodeCursor, Page, toPage } from '../common/pagination';
import { inTransaction, PG_POOL } from '../database/pg-pool';
import type { Outcome, RecordDto } from './dto/record.dto';
import { shownChanges } from './record-changes';
import { SyncDto } from './dto/sync.dto';
import { SyncQueue } from './sync-queue.service';
import { StoredSyncAction, Sync, SyncStatus } from './sync.entity';
import { SyncLifecycle } from './sync-lifecycle';
import {
  DELETE_RECORDS,
  DELETE_STAGED_ROWS,
  LIVE_REVERTS,
  LOCK_TENANT_SYNC,
  RECORDS_PAGE,
  RECORDS_PAGE_OF_OUTCOME,
  RECORDS_PAGE_OF_OUTCOMES,
} from './sync.sql';
import { isUuid } from '../common/uuid';

const RECORDS_CURSOR = 'records';
const SYNCS_CURSOR = 'syncs';

export interface SyncListQuery {
  limit: number;
  cursor?: string;
  action?: StoredSyncAction;
  status?: SyncStatus[];
  dryRun?: boolean;
  from?: Date;
  to?: Date;
}

export interface RecordQuery {
  limit: number;
  cursor?: string;
  outcome?: Outcome[];
}

/** A record as stored: the original cells are kept for failed rows only (the error report). */
export interface StoredRecord extends RecordDto {
  cells: string[] | null;
}

function toRecordDto({ line, email, outcome, changes, error }: StoredRecord): RecordDto {
  return { line, email, outcome, changes, error };
}

export function syncNotFound(syncId: string): AppError {
  return new AppError('SYNC_NOT_FOUND', `Sync "${syncId}" was not found`, { syncId });
}

@Injectable()
export class SyncsService {
  constructor(
    private readonly em: EntityManager,
    @Inject(PG_POOL) private readonly pool: Pool,
    private readonly audit: AuditService,
    private readonly queue: SyncQueue,
    private readonly lifecycle: SyncLifecycle,
  ) {}

  async get(tenantId: string, syncId: string): Promise<SyncDto> {
    return this.toDto(await this.getEntity(tenantId, syncId));
  }

  async toDto(sync: Sync): Promise<SyncDto> {
    const reverts = await this.liveReverts([sync.id]);
    return SyncDto.from(sync, reverts.get(sync.id) ?? null);
  }

  /** The revert that holds each of these syncs (one that is not failed or cancelled), by the reverted sync's id:
   *  one probe of the index sync_live_revert_idx per sync. */
  private async liveReverts(syncIds: string[]): Promise<Map<string, string>> {
    if (syncIds.length === 0) return new Map();
    const { rows } = await this.pool.query<{ revert_of: string; id: string }>(LIVE_REVERTS, [syncIds]);
    return new Map(rows.map((row) => [row.revert_of, row.id]));
  }

  async getEntity(tenantId: string, syncId: string): Promise<Sync> {
    const sync = isUuid(syncId)
      ? await this.em.findOne(Sync, { id: syncId, tenantId }, { disableIdentityMap: true })
      : null;
    if (!sync) throw syncNotFound(syncId);
    return sync;
  }

  /** Newest first; the keyset (created_at, id) keeps pages stable while new syncs arrive. */
  async list(tenantId: string, query: SyncListQuery): Promise<Page<SyncDto>> {
    const where: FilterQuery<Sync> = { tenantId };
    if (query.action) where.action = query.action;
    if (query.status?.length) where.status = { $in: query.status };
    if (query.dryRun !== undefined) where.dryRun = query.dryRun;
    if (query.from || query.to) {
      where.createdAt = { ...(query.from && { $gte: query.from }), ...(query.to && { $lte: query.to }) };
    }
    if (query.cursor) {
      const [createdAt, id] = decodeCursor(`${SYNCS_CURSOR}:${tenantId}`, query.cursor, ['time', 'uuid']);
      const at = new Date(createdAt);
      where.$and = [{ $or: [{ createdAt: { $lt: at } }, { createdAt: at, id: { $lt: id as string } }] }];
    }
    const rows = await this.em.find(Sync, where, {
      orderBy: { createdAt: 'desc', id: 'desc' },
      limit: query.limit + 1,
      disableIdentityMap: true,
    });
    const reverts = await this.liveReverts(rows.map((s) => s.id));
    return toPage(
      rows,
      query.limit,
      (s) => SyncDto.from(s, reverts.get(s.id) ?? null),
      (s) => encodeCursor(`${SYNCS_CURSOR}:${tenantId}`, [s.createdAt.toISOString(), s.id]),
    );
  }

  /** The sync an Idempotency-Key made, with what its request asked for (a preview, once applied, is a dry run
   *  no more). */
  async findByIdempotencyKey(
    tenantId: string,
    key: string,
  ): Promise<(SyncDto & { requestedDryRun: boolean }) | null> {
    const sync = await this.em.findOne(Sync, { tenantId, idempotencyKey: key }, { disableIdentityMap: true });
    if (!sync) return null;
    const dto = await this.toDto(sync);
    // Not a field of the answer: it is not enumerable, so that the 202 of a replay is the sync's DTO as it is.
    return Object.defineProperty(dto, 'requestedDryRun', {
      value: sync.requestedDryRun ?? sync.dryRun,
    }) as SyncDto & {
      requestedDryRun: boolean;
    };
  }

  /** Runs a previewed sync for real, or a delete stopped by the mass-delete guard. */
  async apply(tenantId: string, syncId: string, actor: Actor): Promise<SyncDto> {
    await inTransaction(this.pool, async (tx) => {
      const sync = await this.lockForChange(tx, tenantId, syncId);
      if (sync.status === 'previewed') await tx.query(DELETE_RECORDS, [syncId]);
      if (!(await this.lifecycle.requeue(tx, syncId, tenantId))) {
        throw new AppError(
          'SYNC_STATE_CONFLICT',
          `Only a previewed sync or one awaiting confirmation can be applied; this one is ${sync.status}`,
          { syncId, status: sync.status },
        );
      }
      await this.audit.recordWith(tx, {
        tenantId,
        actor,
        action: 'sync.applied',
        details: { syncId, from: sync.status },
      });
    });
    await this.queue.drainTenant(tenantId, syncId, `apply:${syncId}`);
    return this.get(tenantId, syncId);
  }

  /** Stops a sync; one that is processing stops after the batch it is in (the batch holds the row lock). */
  async cancel(tenantId: string, syncId: string, actor: Actor): Promise<SyncDto> {
    const previous = await inTransaction(this.pool, async (tx) => {
      const sync = await this.lockForChange(tx, tenantId, syncId);
      if (!(await this.lifecycle.cancel(tx, syncId, tenantId))) {
        throw new AppError(
          'SYNC_STATE_CONFLICT',
          `The sync is ${sync.status} and can no longer be cancelled`,
          {
            syncId,
            status: sync.status,
          },
        );
      }
      await this.audit.recordWith(tx, {
        tenantId,
        actor,
        action: 'sync.cancelled',
        details: { syncId, from: sync.status },
      });
      return sync.status;
    });
    // A processing sync's worker removes its staged rows when it sees the cancellation.
    if (previous !== 'processing') await this.pool.query(DELETE_STAGED_ROWS, [syncId]);
    return this.get(tenantId, syncId);
  }

  /** Outcome records in line order; keyset pagination on (sync_id, line) or (sync_id, outcome, line). */
  async records(tenantId: string, syncId: string, query: RecordQuery): Promise<Page<RecordDto>> {
    await this.getEntity(tenantId, syncId);
    const after = query.cursor
      ? Number(decodeCursor(`${RECORDS_CURSOR}:${syncId}`, query.cursor, ['int'])[0])
      : 0;
    const rows = await this.recordsAfter(syncId, after, query.limit + 1, query.outcome);
    return toPage(rows, query.limit, toRecordDto, (row) =>
      encodeCursor(`${RECORDS_CURSOR}:${syncId}`, [row.line]),
    );
  }

  /** One page of records after `line`; shared by the JSON list and the CSV export. */
  async recordsAfter(
    syncId: string,
    line: number,
    limit: number,
    outcomes?: Outcome[],
  ): Promise<StoredRecord[]> {
    const [sql, params] = !outcomes?.length
      ? [RECORDS_PAGE, [syncId, line, limit]]
      : outcomes.length === 1
        ? [RECORDS_PAGE_OF_OUTCOME, [syncId, line, limit, outcomes[0]]]
        : [RECORDS_PAGE_OF_OUTCOMES, [syncId, line, limit, outcomes]];
    const { rows } = await this.pool.query<StoredRecord>(sql, params);
    for (const row of rows) row.changes = shownChanges(row.outcome, row.changes);
    return rows;
  }

  private async lockForChange(
    tx: { query: Pool['query'] },
    tenantId: string,
    syncId: string,
  ): Promise<{ status: SyncStatus }> {
    if (!isUuid(syncId)) throw syncNotFound(syncId);
    const { rows } = await tx.query<{ status: SyncStatus }>(LOCK_TENANT_SYNC, [syncId, tenantId]);
    if (!rows[0]) throw syncNotFound(syncId);
    return rows[0];
  }
}
