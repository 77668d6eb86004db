// A CSV sync: one uploaded file, its state and its counts (SPEC §6, §7). PostgreSQL is the source of truth
// for it; the queue only carries work.
import { Entity, OptionalProps, PrimaryKey, Property } from '@mikro-orm/core';
import type { SyncAction } from '../../libs/values';

export const SYNC_STATUSES = [
  'queued',
  'processing',
  'previewed',
  'awaiting_confirmation',
  'completed',
  'completed_with_errors',
  'failed',
  'cancelled',
] as const;
export type SyncStatus = (typeof SYNC_STATUSES)[number];

/** What a sync does: the action of its uploaded file, or `revert` (undoes another sync, SPEC §10). */
export const SYNC_ACTIONS = ['upsert', 'delete', 'revert'] as const;
export type StoredSyncAction = SyncAction | 'revert';

/** The statuses of a revert that no longer holds the sync it reverts: it may be reverted again. */
export const RELEASED_REVERT_STATUSES: readonly SyncStatus[] = ['failed', 'cancelled'];

/** Statuses in which a sync still has work in the queue; they hold back later syncs of the tenant. */
export const RUNNABLE_STATUSES: readonly SyncStatus[] = ['queued', 'processing'];
/** Statuses that wait for a person: POST .../apply or .../cancel. */
export const PARKED_STATUSES: readonly SyncStatus[] = ['previewed', 'awaiting_confirmation'];
export const FINAL_STATUSES: readonly SyncStatus[] = [
  'completed',
  'completed_with_errors',
  'failed',
  'cancelled',
];

export interface SyncWarning {
  code: string;
  message: string;
}

export interface SyncFailure {
  code: string;
  message: string;
}

@Entity({ tableName: 'sync' })
export class Sync {
  [OptionalProps]?:
    | 'runSeq'
    | 'requestedDryRun'
    | 'warnings'
    | 'error'
    | 'confirmed'
    | 'rowsPrepared'
    | 'totalRows'
    | 'processedRows'
    | 'lastLine'
    | 'added'
    | 'updated'
    | 'unchanged'
    | 'deleted'
    | 'notFound'
    | 'failed'
    | 'createdAt'
    | 'startedAt'
    | 'finishedAt'
    | 'actorTokenId'
    | 'idempotencyKey'
    | 'revertOf';

  @PrimaryKey({ type: 'uuid', defaultRaw: 'gen_random_uuid()' })
  id!: string;

  @Property({ type: 'text' })
  tenantId!: string;

  /** The sync's place in its tenant's queue, assigned when it is accepted (SyncLifecycle.accept). */
  @Property({ type: 'bigint', nullable: true })
  runSeq: string | null = null;

  @Property({ type: 'text' })
  action!: StoredSyncAction;

  /** For a revert: the sync it undoes. */
  @Property({ type: 'uuid', nullable: true })
  revertOf: string | null = null;

  @Property({ type: 'boolean' })
  dryRun!: boolean;

  /** What the upload asked for: dryRun turns false when a preview is applied. */
  @Property({ type: 'boolean', nullable: true })
  requestedDryRun: boolean | null = null;

  @Property({ type: 'text' })
  status!: SyncStatus;

  @Property({ type: 'text' })
  fileName!: string;

  @Property({ type: 'text' })
  actor!: string;

  @Property({ type: 'uuid', nullable: true })
  actorTokenId: string | null = null;

  @Property({ type: 'text', nullable: true })
  idempotencyKey: string | null = null;

  @Property({ type: 'integer' })
  configVersion!: number;

  @Property({ type: 'text' })
  encoding!: string;

  @Property({ type: 'text' })
  delimiter!: string;

  @Property({ type: 'json' })
  header!: string[];

  @Property({ type: 'json' })
  warnings: SyncWarning[] = [];

  @Property({ type: 'json', nullable: true })
  error: SyncFailure | null = null;

  /** A person confirmed it: POST .../apply of a mass delete or of a preview. */
  @Property({ type: 'boolean' })
  confirmed = false;

  @Property({ type: 'boolean' })
  rowsPrepared = false;

  @Property({ type: 'integer' })
  totalRows = 0;

  @Property({ type: 'integer' })
  processedRows = 0;

  /** The file line of the last row whose outcome is committed; processing resumes after it. */
  @Property({ type: 'integer' })
  lastLine = 0;

  @Property({ type: 'integer' })
  added = 0;

  @Property({ type: 'integer' })
  updated = 0;

  @Property({ type: 'integer' })
  unchanged = 0;

  @Property({ type: 'integer' })
  deleted = 0;

  @Property({ type: 'integer' })
  notFound = 0;

  @Property({ type: 'integer' })
  failed = 0;

  @Property({ type: 'datetime' })
  createdAt: Date = new Date();

  @Property({ type: 'datetime', nullable: true })
  startedAt: Date | null = null;

  @Property({ type: 'datetime', nullable: true })
  finishedAt: Date | null = null;
}
