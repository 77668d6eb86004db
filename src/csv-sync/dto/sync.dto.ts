// A sync as the API shows it (SPEC §7).
import { ApiProperty } from '@nestjs/swagger';
import {
  SYNC_ACTIONS,
  SYNC_STATUSES,
  SyncStatus,
  type StoredSyncAction,
  type Sync,
  type SyncFailure,
  type SyncWarning,
} from '../sync.entity';

export class SyncProgressDto {
  @ApiProperty({ example: 5000 })
  processedRows!: number;

  @ApiProperty({ example: 20000 })
  totalRows!: number;

  @ApiProperty({ example: 25, description: 'Whole percent of rows processed' })
  percent!: number;
}

export class SyncCountsDto {
  @ApiProperty({ example: 20000, description: 'Data rows in the file' })
  total!: number;

  @ApiProperty({ example: 120 })
  added!: number;

  @ApiProperty({ example: 340 })
  updated!: number;

  @ApiProperty({ example: 19500 })
  unchanged!: number;

  @ApiProperty({ example: 0 })
  deleted!: number;

  @ApiProperty({ example: 0 })
  notFound!: number;

  @ApiProperty({ example: 40 })
  failed!: number;
}

export class SyncWarningDto implements SyncWarning {
  @ApiProperty({ example: 'WINDOWS_1252' })
  code!: string;

  @ApiProperty({ example: 'The file is not UTF-8; it was read as Windows-1252 (Excel "CSV" on Windows)' })
  message!: string;
}

export class SyncErrorDto implements SyncFailure {
  @ApiProperty({ example: 'PROCESSING_FAILED' })
  code!: string;

  @ApiProperty()
  message!: string;
}

export class SyncDto {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty({ example: 'acme' })
  tenantId!: string;

  @ApiProperty({
    example: 'users-2026-11-25.csv',
    description: "The uploaded file's name; for a revert, the file name of the sync it reverts",
  })
  fileName!: string;

  @ApiProperty({
    enum: SYNC_ACTIONS,
    description: 'upsert (Add/Update) or delete: an uploaded file; revert: undoes the sync named by revertOf',
  })
  action!: StoredSyncAction;

  @ApiProperty({
    type: String,
    format: 'uuid',
    nullable: true,
    description: 'For a revert: the sync it reverts; null for an uploaded file',
  })
  revertOf!: string | null;

  @ApiProperty({
    type: String,
    format: 'uuid',
    nullable: true,
    description:
      'The revert of this sync, unless there is none or it failed or was cancelled (then the sync may be ' +
      'reverted again)',
  })
  revertedBy!: string | null;

  @ApiProperty({ enum: SYNC_STATUSES })
  status!: SyncStatus;

  @ApiProperty({ description: 'Computes outcomes without changing users, until applied' })
  dryRun!: boolean;

  @ApiProperty({ example: 'HR nightly job', description: "The uploading token's name, or staff" })
  actor!: string;

  @ApiProperty()
  createdAt!: Date;

  @ApiProperty({ type: Date, nullable: true })
  startedAt!: Date | null;

  @ApiProperty({ type: Date, nullable: true })
  finishedAt!: Date | null;

  @ApiProperty({ example: 3, description: 'The configuration version the file was validated against' })
  configVersion!: number;

  @ApiProperty({ enum: ['utf-8', 'utf-16le', 'utf-16be', 'windows-1252'] })
  encoding!: string;

  @ApiProperty({ example: ';' })
  delimiter!: string;

  @ApiProperty({ type: [SyncWarningDto] })
  warnings!: SyncWarningDto[];

  @ApiProperty({ type: SyncErrorDto, nullable: true, description: 'Why the sync itself failed' })
  error!: SyncErrorDto | null;

  @ApiProperty({ type: SyncProgressDto })
  progress!: SyncProgressDto;

  @ApiProperty({ type: SyncCountsDto })
  counts!: SyncCountsDto;

  /** `revertedBy`: the sync's revert that holds it (see SyncsService), or null. */
  static from(this: void, sync: Sync, revertedBy: string | null): SyncDto {
    const total = sync.totalRows;
    return {
      id: sync.id,
      tenantId: sync.tenantId,
      fileName: sync.fileName,
      action: sync.action,
      revertOf: sync.revertOf,
      revertedBy,
      status: sync.status,
      dryRun: sync.dryRun,
      actor: sync.actor,
      createdAt: sync.createdAt,
      startedAt: sync.startedAt,
      finishedAt: sync.finishedAt,
      configVersion: sync.configVersion,
      encoding: sync.encoding,
      delimiter: sync.delimiter,
      warnings: sync.warnings,
      error: sync.error,
      progress: {
        processedRows: sync.processedRows,
        totalRows: total,
        percent: total === 0 ? 100 : Math.floor((sync.processedRows * 100) / total),
      },
      counts: {
        total,
        added: sync.added,
        updated: sync.updated,
        unchanged: sync.unchanged,
        deleted: sync.deleted,
        notFound: sync.notFound,
        failed: sync.failed,
      },
    };
  }
}
