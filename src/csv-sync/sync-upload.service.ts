// Accepting an upload (SPEC §6): the file is streamed, decoded, its header checked, and every row staged in
// PostgreSQL by COPY in one transaction with the new sync, before the 202. A refused file leaves nothing behind.
import { once } from 'node:events';
import { finished } from 'node:stream';
import { setImmediate as setImmediatePromise } from 'node:timers/promises';
import type { MultipartFile } from '@fastify/multipart';
import { BeforeApplicationShutdown, Inject, Injectable } from '@nestjs/common';
import { Pool, PoolClient } from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import {
  CsvReader,
  CsvRecord,
  CsvSyntaxError,
  DecodeReport,
  DecodeStream,
  HeaderTooLongError,
  NotTextError,
  undoFormulaSafe,
} from '../../libs/csv';
import { checkHeader, HeaderMapping, normalizeEmail, SyncAction } from '../../libs/values';
import type { Actor } from '../auth/actor';
import { AuditService } from '../audit/audit.service';
import { AppError } from '../common/app-error';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { CopyBuffer, copyText } from '../database/copy';
import { UPLOAD_PG_POOL } from '../database/pg-pool';
import { TenantsService } from '../tenants/tenants.service';
import { checkIdempotencyKey, isIdempotencyKeyTaken } from './idempotency-key';
import { RepeatedEmails } from './repeated-emails';
import { SyncQueue } from './sync-queue.service';
import type { SyncWarning } from './sync.entity';
import { SyncLifecycle } from './sync-lifecycle';
import { COPY_SYNC_ROWS, INSERT_SYNC } from './sync.sql';
import { SyncsService } from './syncs.service';
import type { SyncDto } from './dto/sync.dto';

export interface UploadRequest {
  tenantId: string;
  action: SyncAction;
  dryRun: boolean;
  actor: Actor;
  idempotencyKey?: string;
}

/** COPY data is sent in chunks of about this many bytes: fewer writes, bounded memory. */
const COPY_CHUNK_BYTES = 256 * 1024;
/** Once the process is told to stop (SIGTERM), uploads in progress have this long to finish; those still
 *  reading then are refused (503, nothing staged), so that the process exits (docs/RELIABILITY.md). */
const SHUTDOWN_GRACE_MS = 10_000;

@Injectable()
export class SyncUploadService implements BeforeApplicationShutdown {
  private readonly inProgress = new Set<MultipartFile>();

  constructor(
    @Inject(UPLOAD_PG_POOL) private readonly pool: Pool,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly tenants: TenantsService,
    private readonly syncs: SyncsService,
    private readonly audit: AuditService,
    private readonly queue: SyncQueue,
    private readonly lifecycle: SyncLifecycle,
  ) {}

  /** Runs before the HTTP server closes, which waits for the requests in progress: a client that stopped
   *  sending would otherwise keep the process alive until it is killed. */
  beforeApplicationShutdown(): void {
    setTimeout(() => {
      const refusal = new AppError(
        'SERVICE_UNAVAILABLE',
        'The service is restarting and did not receive the whole file in time; nothing was stored. Send it again.',
      );
      for (const file of this.inProgress) file.file.destroy(refusal);
    }, SHUTDOWN_GRACE_MS).unref();
  }

  async accept(request: UploadRequest, file: MultipartFile | undefined): Promise<SyncDto> {
    if (file) this.inProgress.add(file);
    try {
      const { tenantId, idempotencyKey } = request;
      checkIdempotencyKey(idempotencyKey);
      const replay = idempotencyKey ? await this.syncs.findByIdempotencyKey(tenantId, idempotencyKey) : null;
      if (replay) return this.replay(replay, request);
      if (!file) {
        throw new AppError(
          'FILE_REQUIRED',
          'Send the CSV file as multipart/form-data in a part named "file"',
        );
      }
      const { version, config } = await this.tenants.currentConfig(tenantId);
      const staged = await this.stage(request, file, version, config);
      if ('replayOf' in staged) return this.replay(staged.replayOf, request);
      await this.queue.drainTenant(tenantId, staged.id, `sync:${staged.id}`);
      return this.syncs.get(tenantId, staged.id);
    } finally {
      // Whatever was not read (a refusal, a replay) is drained so that the request completes normally.
      file?.file.resume();
      if (file) this.inProgress.delete(file);
    }
  }

  /** A retry with the same Idempotency-Key gets the first sync, if it asked for the same thing: the same action
   *  and dry run as the upload (a preview applied since is still the sync of that upload, whatever its status). */
  private replay(sync: SyncDto & { requestedDryRun: boolean }, request: UploadRequest): SyncDto {
    if (sync.action !== request.action || sync.requestedDryRun !== request.dryRun) {
      throw new AppError(
        'IDEMPOTENCY_KEY_REUSED',
        'This Idempotency-Key was already used for a different upload (another action or dryRun)',
        { syncId: sync.id },
      );
    }
    return sync;
  }

  private async stage(
    request: UploadRequest,
    file: MultipartFile,
    configVersion: number,
    config: Parameters<typeof checkHeader>[1],
  ): Promise<{ id: string } | { replayOf: SyncDto & { requestedDryRun: boolean } }> {
    const decoder = new DecodeStream();
    // pipe, not pipeline: when the reader stops early (a refusal), pipeline would destroy the file stream, and
    // the rest of the body could no longer be drained (see the finally of upload): the client, still sending,
    // would see its connection reset instead of reading the answer. Errors reach the reader through the decoder.
    file.file.pipe(decoder);
    finished(file.file, (error) => {
      if (error) decoder.destroy(error); // a multipart error or a body cut short
    });
    file.file.once('limit', () => decoder.destroy(fileTooLarge(this.config.limits.maxFileBytes)));
    const reader = new CsvReader({
      maxCellLength: this.config.limits.maxCellLength,
      maxHeaderLength: this.config.limits.maxHeaderLength,
      maxRecordLength: this.config.limits.maxRecordLength,
    });
    const batches = reader.readBatches(decoder);

    const first = await readOrRefuse(() => batches.next(), this.config);
    if (first.done) throw new AppError('EMPTY_FILE', 'The file is empty: it has no header row and no data');
    const [headerRecord, ...firstRows] = first.value;
    const header = headerRecord.cells;
    const check = checkHeader(header, config, request.action);
    if (!check.ok) {
      throw new AppError('INVALID_HEADER', check.message, {
        line: headerRecord.line,
        missing: check.missing,
        unknown: check.unknown,
        duplicates: check.duplicates,
        expected: check.expected,
      });
    }

    const client = await this.pool.connect();
    let released = false;
    try {
      await client.query('BEGIN');
      let syncId: string;
      try {
        syncId = await this.insertSync(client, request, file, configVersion, header, reader);
      } catch (error) {
        if (isIdempotencyKeyTaken(error)) {
          // Another request with this key committed first; answer with its sync.
          await client.query('ROLLBACK');
          const existing = await this.syncs.findByIdempotencyKey(
            request.tenantId,
            request.idempotencyKey as string,
          );
          if (existing) return { replayOf: existing };
        }
        throw error;
      }
      const { rows, repeatedEmails } = await this.copyRows(client, syncId, firstRows, batches, check.mapping);
      if (rows === 0) {
        throw new AppError('EMPTY_FILE', 'The file has a header row but no data rows', {
          line: headerRecord.line,
        });
      }
      if (file.file.truncated) throw fileTooLarge(this.config.limits.maxFileBytes);
      const report = decoder.report();
      const warnings = [
        ...check.warnings.map((message) => ({ code: 'COLUMNS_IGNORED', message })),
        ...decodeWarnings(report),
      ];
      // The upload is accepted: it takes its place in the tenant's queue as it becomes visible (the COMMIT below).
      await this.lifecycle.accept(client, syncId, request.tenantId, {
        totalRows: rows,
        encoding: report.encoding,
        warnings,
        // A file that repeats no email has no duplicates to mark (MARK_DUPLICATES): its rows are ready.
        rowsPrepared: !repeatedEmails.maybe,
      });
      await this.audit.recordWith(client, {
        tenantId: request.tenantId,
        actor: request.actor,
        action: 'sync.uploaded',
        details: { syncId, fileName: file.filename, action: request.action, dryRun: request.dryRun, rows },
      });
      await client.query('COMMIT');
      return { id: syncId };
    } catch (error) {
      await client.query('ROLLBACK').catch(() => {
        client.release(true);
        released = true;
      });
      throw error;
    } finally {
      if (!released) client.release();
    }
  }

  private async insertSync(
    client: PoolClient,
    request: UploadRequest,
    file: MultipartFile,
    configVersion: number,
    header: string[],
    reader: CsvReader,
  ): Promise<string> {
    const { rows } = await client.query<{ id: string }>(INSERT_SYNC, [
      request.tenantId,
      request.action,
      request.dryRun,
      cleanFileName(file.filename),
      request.actor.name,
      request.actor.tokenId,
      request.idempotencyKey ?? null,
      configVersion,
      'utf-8', // the final encoding is known at the end of the file (SyncLifecycle.accept)
      reader.delimiter ?? ',',
      JSON.stringify(header),
      '[]',
    ]);
    return rows[0].id;
  }

  /** Streams the data rows into sync_row with COPY, honouring backpressure in both directions; the rows staged,
   *  and whether their emails may repeat. */
  private async copyRows(
    client: PoolClient,
    syncId: string,
    firstRows: CsvRecord[],
    batches: AsyncGenerator<CsvRecord[]>,
    mapping: HeaderMapping,
  ): Promise<{ rows: number; repeatedEmails: RepeatedEmails }> {
    const copy = client.query(copyFrom(COPY_SYNC_ROWS));
    const repeatedEmails = new RepeatedEmails();
    const done = once(copy, 'finish');
    done.catch(() => undefined);
    const chunk = new CopyBuffer(COPY_CHUNK_BYTES + 64 * 1024);
    let count = 0;
    try {
      for (let rows: CsvRecord[] | null = firstRows; rows;) {
        for (const record of rows) {
          chunk.push(stagedLine(syncId, record, mapping.emailIndex, repeatedEmails));
          count += 1;
          if (chunk.byteLength >= COPY_CHUNK_BYTES) {
            if (!copy.write(chunk.take())) await once(copy, 'drain');
            // Parsing buffered text runs on promise callbacks alone; let other requests (health checks,
            // polls of other syncs) in between chunks.
            await setImmediatePromise();
          }
        }
        const next = await readOrRefuse(() => batches.next(), this.config);
        rows = next.done ? null : next.value;
      }
      if (chunk.byteLength > 0) copy.write(chunk.take());
      copy.end();
      await done;
      return { rows: count, repeatedEmails };
    } catch (error) {
      copy.destroy(error as Error); // sends CopyFail: PostgreSQL drops what this COPY wrote
      await once(copy, 'close').catch(() => undefined);
      throw error;
    }
  }
}

/** Reading errors become the refusals of SPEC §6. */
async function readOrRefuse<T>(read: () => Promise<T>, config: AppConfig): Promise<T> {
  try {
    return await read();
  } catch (error) {
    if (error instanceof AppError) throw error;
    if (error instanceof NotTextError) {
      throw new AppError('NOT_TEXT', error.message, { detected: error.detected });
    }
    if (error instanceof HeaderTooLongError) {
      throw new AppError('INVALID_HEADER', error.message, { line: error.line, limit: error.limit });
    }
    if (error instanceof CsvSyntaxError) {
      throw new AppError('INVALID_CSV', error.message, { line: error.line, column: error.column });
    }
    if ((error as { code?: string }).code === 'FST_REQ_FILE_TOO_LARGE')
      throw fileTooLarge(config.limits.maxFileBytes);
    throw error;
  }
}

function fileTooLarge(limit: number): AppError {
  return new AppError(
    'FILE_TOO_LARGE',
    `The file is larger than the limit of ${Math.round(limit / 1048576)} MB`,
    {
      limitBytes: limit,
    },
  );
}

function decodeWarnings(report: DecodeReport): SyncWarning[] {
  if (report.windows1252Lines === 0) return [];
  return [
    {
      code: 'WINDOWS_1252',
      message:
        `The file is not valid UTF-8: ${report.windows1252Lines} line(s) were read as Windows-1252 ` +
        `(Excel "CSV" on Windows), the first on line ${report.firstWindows1252Line}. ` +
        'Check special characters such as ä, ö, ü, ß or é; save as "CSV UTF-8" to avoid this.',
    },
  ];
}

function cleanFileName(name: string | undefined): string {
  const cleaned = (name ?? '')
    // eslint-disable-next-line no-control-regex
    .replace(/[\u0000-\u001f\u007f]/g, '')
    .trim()
    .slice(0, 255);
  return cleaned || 'upload.csv';
}

function stagedLine(
  syncId: string,
  record: CsvRecord,
  emailIndex: number,
  repeatedEmails: RepeatedEmails,
): string {
  // A cell such as '=SUM(A1) comes from an error report or a sheet that guarded it against formulas: the
  // apostrophe is that guard, not part of the value.
  let cells = record.cells.some((cell) => cell.startsWith("'"))
    ? record.cells.map(undoFormulaSafe)
    : record.cells;
  let { problems } = record;
  // A lone UTF-16 surrogate (a broken UTF-16 file) cannot be stored as JSON in PostgreSQL: it is a character
  // the file did not really have, so the cell is mended and its row fails like one with a NUL byte.
  if (!cells.every((cell) => cell.isWellFormed())) {
    problems = [...problems];
    cells = cells.map((cell, index) => {
      if (cell.isWellFormed()) return cell;
      problems.push({
        code: 'INVALID_CHARACTER',
        index,
        message: 'contains a broken character (a lone UTF-16 surrogate)',
      });
      return cell.toWellFormed();
    });
  }
  const raw = cells[emailIndex];
  const email = raw === undefined || raw === '' ? null : normalizeEmail(raw);
  if (email !== null) repeatedEmails.add(email);
  return (
    `${syncId}\t${record.line}\t${copyText(email)}\t${copyText(JSON.stringify(cells))}\t` +
    `${problems.length ? copyText(JSON.stringify(problems)) : '\\N'}\n`
  );
}
