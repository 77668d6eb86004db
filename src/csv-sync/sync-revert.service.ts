// Accepting a revert (SPEC §10): a new sync of action `revert` that undoes a final sync. Its rows are the reverted
// sync's outcome records, staged inside PostgreSQL in the transaction that makes the revert visible and gives it
// its place in the tenant's queue, as an upload's rows are; from there the engine runs it like any sync.
import { Inject, Injectable } from '@nestjs/common';
import { Pool, PoolClient } from 'pg';
import type { Actor } from '../auth/actor';
import { AuditService } from '../audit/audit.service';
import { AppError } from '../common/app-error';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { inTransaction, PG_POOL } from '../database/pg-pool';
import { TenantsService } from '../tenants/tenants.service';
import type { SyncDto } from './dto/sync.dto';
import { checkIdempotencyKey, isIdempotencyKeyTaken } from './idempotency-key';
import { alreadyRevertedMessage, whyNotRevertible } from './revert-rules';
import { SyncLifecycle } from './sync-lifecycle';
import { SyncQueue } from './sync-queue.service';
import type { SyncStatus } from './sync.entity';
import { INSERT_REVERT, LIVE_REVERTS, LOCK_REVERT_TARGET, STAGE_REVERT_ROWS } from './sync.sql';
import { syncNotFound, SyncsService } from './syncs.service';
import { isUuid } from '../common/uuid';

export interface RevertRequest {
  tenantId: string;
  /** The sync to revert. */
  syncId: string;
  dryRun: boolean;
  actor: Actor;
  idempotencyKey?: string;
}

interface RevertTargetRow {
  id: string;
  status: SyncStatus;
  dry_run: boolean;
  file_name: string;
  delimiter: string;
  added: number;
  updated: number;
  deleted: number;
}

type Replayable = SyncDto & { requestedDryRun: boolean };

interface LiveRevert {
  id: string;
  status: SyncStatus;
}

@Injectable()
export class SyncRevertService {
  constructor(
    @Inject(PG_POOL) private readonly pool: Pool,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly tenants: TenantsService,
    private readonly syncs: SyncsService,
    private readonly audit: AuditService,
    private readonly queue: SyncQueue,
    private readonly lifecycle: SyncLifecycle,
  ) {}

  async revert(request: RevertRequest): Promise<SyncDto> {
    const { tenantId, idempotencyKey } = request;
    checkIdempotencyKey(idempotencyKey);
    const replay = idempotencyKey ? await this.syncs.findByIdempotencyKey(tenantId, idempotencyKey) : null;
    if (replay) return this.replay(replay, request);
    if (!isUuid(request.syncId)) throw syncNotFound(request.syncId);
    const { version, config } = await this.tenants.currentConfig(tenantId);

    let accepted: { id: string } | { replayOf: Replayable };
    try {
      accepted = await inTransaction(this.pool, (tx) =>
        this.accept(tx, request, version, config.emailColumn),
      );
    } catch (error) {
      if (isLiveRevertTaken(error)) throw await this.alreadyReverted(request.syncId, error);
      if (!isIdempotencyKeyTaken(error)) throw error;
      // Another request with this key committed first, for another sync; answer as its retry would be.
      const existing = await this.syncs.findByIdempotencyKey(tenantId, idempotencyKey as string);
      if (!existing) throw error;
      accepted = { replayOf: existing };
    }
    if ('replayOf' in accepted) return this.replay(accepted.replayOf, request);
    await this.queue.drainTenant(tenantId, accepted.id, `sync:${accepted.id}`);
    return this.syncs.get(tenantId, accepted.id);
  }

  /**
   * The reverted sync is locked first: two reverts of it take turns here, and the second finds the first (the
   * unique index sync_live_revert_idx would refuse it anyway). A request with an Idempotency-Key that waited for
   * the lock behind its own first attempt finds that attempt's revert.
   */
  private async accept(
    tx: PoolClient,
    request: RevertRequest,
    configVersion: number,
    emailColumn: string,
  ): Promise<{ id: string } | { replayOf: Replayable }> {
    const { tenantId, syncId } = request;
    const { rows } = await tx.query<RevertTargetRow>(LOCK_REVERT_TARGET, [syncId, tenantId]);
    const target = rows[0];
    if (!target) throw await this.notFound(tenantId, syncId);
    if (request.idempotencyKey) {
      const first = await this.syncs.findByIdempotencyKey(tenantId, request.idempotencyKey);
      if (first) return { replayOf: first };
    }
    const refusal = whyNotRevertible({ status: target.status, dryRun: target.dry_run });
    if (refusal) throw conflict(refusal, { syncId, status: target.status });
    const live = await tx.query<LiveRevert>(LIVE_REVERTS, [[syncId]]);
    if (live.rows[0]) throw alreadyReverted(syncId, live.rows[0]);

    const inserted = await tx.query<{ id: string }>(INSERT_REVERT, [
      tenantId,
      request.dryRun,
      target.file_name,
      request.actor.name,
      request.actor.tokenId,
      request.idempotencyKey ?? null,
      configVersion,
      target.delimiter,
      JSON.stringify([emailColumn]),
      syncId,
    ]);
    const revertId = inserted.rows[0].id;
    const staged = (await tx.query(STAGE_REVERT_ROWS, [revertId, syncId])).rowCount ?? 0;
    if (staged === 0) throw conflict(this.nothingToRevert(target), { syncId, status: target.status });

    await this.lifecycle.accept(tx, revertId, tenantId, {
      totalRows: staged,
      encoding: 'utf-8',
      warnings: [],
      rowsPrepared: true, // the records of one sync: no email twice
    });
    // The event that creates every sync, so that the audit log's readers need nothing new for a revert.
    await this.audit.recordWith(tx, {
      tenantId,
      actor: request.actor,
      action: 'sync.uploaded',
      details: {
        syncId: revertId,
        fileName: target.file_name,
        action: 'revert',
        dryRun: request.dryRun,
        rows: staged,
        revertOf: syncId,
      },
    });
    return { id: revertId };
  }

  /** The unique index refused a second live revert of the sync (the row lock of accept makes this unlikely). */
  private async alreadyReverted(syncId: string, error: unknown): Promise<unknown> {
    const { rows } = await this.pool.query<LiveRevert>(LIVE_REVERTS, [[syncId]]);
    return rows[0] ? alreadyReverted(syncId, rows[0]) : error;
  }

  /** No record of the sync changed a user: it changed none, or (counts say otherwise) its records are gone. */
  private nothingToRevert(target: RevertTargetRow): string {
    if (target.added + target.updated + target.deleted === 0) {
      return 'The sync changed no user (it added, updated and deleted none): there is nothing to revert.';
    }
    return this.purgedMessage();
  }

  private purgedMessage(): string {
    return (
      `The sync's outcome records were purged (they are kept ${this.config.logRetentionDays} days, ` +
      'LOG_RETENTION_DAYS): it can no longer be reverted.'
    );
  }

  /** 404, or 409 for a sync of this tenant that retention purged: its audit events are kept. */
  private async notFound(tenantId: string, syncId: string): Promise<AppError> {
    if (await this.audit.hasSyncEvent(tenantId, 'sync.uploaded', syncId)) {
      return conflict(this.purgedMessage(), { syncId, purged: true });
    }
    return syncNotFound(syncId);
  }

  /** A retry with the same Idempotency-Key gets the first revert, if it asked for the same: a revert of the same
   *  sync, with the same dryRun. */
  private replay(sync: Replayable, request: RevertRequest): SyncDto {
    if (
      sync.action !== 'revert' ||
      sync.revertOf !== request.syncId ||
      sync.requestedDryRun !== request.dryRun
    ) {
      throw new AppError(
        'IDEMPOTENCY_KEY_REUSED',
        'This Idempotency-Key was already used for a different request (an upload, a revert of another sync, or ' +
          'another dryRun)',
        { syncId: sync.id },
      );
    }
    return sync;
  }
}

function conflict(message: string, details: Record<string, unknown>): AppError {
  return new AppError('SYNC_STATE_CONFLICT', message, details);
}

function alreadyReverted(syncId: string, revert: LiveRevert): AppError {
  return conflict(alreadyRevertedMessage(revert), { syncId, revertedBy: revert.id });
}

function isLiveRevertTaken(error: unknown): boolean {
  return (error as { constraint?: string } | null)?.constraint === 'sync_live_revert_idx';
}
