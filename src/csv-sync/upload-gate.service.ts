// Admission of an upload (SPEC §6, docs/SECURITY.md): the announced size is checked before a byte is read, uploads
// in flight are capped per tenant and per process and counted per tenant and minute, the multipart body must be
// exactly one part named "file", and a client that stops sending is cut off (UPLOAD_IDLE_SECONDS).
import { PassThrough } from 'node:stream';
import type { MultipartFile, Multipart } from '@fastify/multipart';
import { Inject, Injectable } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { AppError } from '../common/app-error';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { ThrottleService } from '../throttle/throttle.service';

/** What multipart framing adds to the file (boundaries, part headers): a generous bound. */
const MULTIPART_OVERHEAD_BYTES = 64 * 1024;
/** How long an upload waits for one of the process's slots before it is refused. */
const SLOT_WAIT_MS = 30_000;
const BUSY_RETRY_SECONDS = 5;

type Parts = AsyncIterableIterator<Multipart>;

@Injectable()
export class UploadGate {
  private inFlight = 0;
  private readonly waiting: Array<() => void> = [];
  private readonly perTenant = new Map<string, number>();

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly throttle: ThrottleService,
  ) {}

  /** Runs `accept` with the request's one file part once the upload is admitted; refusals come before the
   *  body is read, so that nothing of a refused upload is staged. */
  async admit<T>(
    tenantId: string,
    request: FastifyRequest,
    accept: (file: MultipartFile | undefined) => Promise<T>,
  ): Promise<T> {
    this.checkAnnouncedSize(request);
    const releaseTenant = this.takeTenantSlot(tenantId);
    try {
      await this.countUpload(tenantId);
      await this.takeProcessSlot();
      try {
        if (!request.isMultipart()) return await accept(undefined);
        const watchdog = new IdleWatchdog(request, this.config.limits.uploadIdleTimeoutMs);
        try {
          const parts = request.parts();
          const part = await watchdog.race(firstFilePart(parts, this.config));
          return await accept(part && guardFile(part, parts, watchdog, this.config));
        } finally {
          watchdog.stop();
        }
      } finally {
        this.releaseProcessSlot();
      }
    } finally {
      releaseTenant();
    }
  }

  private checkAnnouncedSize(request: FastifyRequest): void {
    const announced = Number(request.headers['content-length']);
    if (announced > this.config.limits.maxFileBytes + MULTIPART_OVERHEAD_BYTES) {
      throw fileTooLarge(this.config, announced);
    }
  }

  private takeTenantSlot(tenantId: string): () => void {
    const limit = this.config.limits.maxUploadsPerTenant;
    const current = this.perTenant.get(tenantId) ?? 0;
    if (current >= limit) {
      throw ThrottleService.refusal(
        'TOO_MANY_UPLOADS',
        `This tenant already has ${limit} uploads in progress (the most at once)`,
        BUSY_RETRY_SECONDS * 1000,
      );
    }
    this.perTenant.set(tenantId, current + 1);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const left = (this.perTenant.get(tenantId) ?? 1) - 1;
      if (left > 0) this.perTenant.set(tenantId, left);
      else this.perTenant.delete(tenantId);
    };
  }

  private async countUpload(tenantId: string): Promise<void> {
    const limit = this.config.rateLimits.uploadsPerTenant;
    if (limit <= 0) return;
    const window = await this.throttle.hit(`uploads:${tenantId}`);
    if (window && window.count > limit) {
      throw ThrottleService.refusal(
        'TOO_MANY_UPLOADS',
        `This tenant sent more than ${limit} uploads in a minute`,
        window.resetInMs,
      );
    }
  }

  /** Each upload in flight holds a connection of the upload pool, whose size is this limit: an upload never
   *  waits for a connection while it holds the client's body, and never takes one from other requests. */
  private takeProcessSlot(): Promise<void> {
    if (this.inFlight < this.config.limits.maxUploadsInFlight) {
      this.inFlight += 1;
      return Promise.resolve();
    }
    return new Promise((resolve, reject) => {
      const grant = () => {
        clearTimeout(timer);
        resolve(); // the slot is handed over: inFlight stays as it is
      };
      const timer = setTimeout(() => {
        this.waiting.splice(this.waiting.indexOf(grant), 1);
        reject(
          ThrottleService.refusal(
            'TOO_MANY_UPLOADS',
            'The service is busy with other uploads',
            BUSY_RETRY_SECONDS * 1000,
          ),
        );
      }, SLOT_WAIT_MS);
      this.waiting.push(grant);
    });
  }

  private releaseProcessSlot(): void {
    const next = this.waiting.shift();
    if (next) next();
    else this.inFlight -= 1;
  }
}

async function firstFilePart(parts: Parts, config: AppConfig): Promise<MultipartFile | undefined> {
  let first: IteratorResult<Multipart>;
  try {
    first = await parts.next();
  } catch (error) {
    throw multipartError(error, config);
  }
  if (first.done) return undefined;
  const part = first.value;
  if (part.type !== 'file' || part.fieldname !== 'file') {
    const kind = part.type === 'file' ? 'a file' : 'a field without a file name';
    throw new AppError(
      'INVALID_MULTIPART',
      `Send exactly one part, named "file", holding the CSV file; the first part is ${kind} named ` +
        `"${printable(part.fieldname)}"`,
      { part: printable(part.fieldname) },
    );
  }
  return part;
}

/**
 * The file as the upload service reads it: its stream ends only once the rest of the body is known to hold no
 * other part, and fails with a named refusal when the body is malformed, a second part follows, or the client
 * stalls. Staging runs in one transaction that such a failure rolls back.
 */
function guardFile(
  part: MultipartFile,
  parts: Parts,
  watchdog: IdleWatchdog,
  config: AppConfig,
): MultipartFile {
  const source = part.file;
  const guarded = new PassThrough();
  // A refusal may end the request before anything reads the file; the failure is then nobody's to hear.
  guarded.on('error', () => undefined);
  Object.defineProperties(guarded, {
    truncated: { get: () => source.truncated },
    bytesRead: { get: () => source.bytesRead },
  });
  const fail = (error: unknown) => {
    if (!guarded.destroyed) guarded.destroy(multipartError(error, config));
  };
  source.on('limit', () => guarded.emit('limit'));
  source.on('error', fail);
  // A body cut short may have failed the part before this function saw it (all of it came in one chunk).
  const cutShort = () => fail(source.errored ?? new Error('Unexpected end of multipart data'));
  if (source.destroyed && !source.readableEnded) cutShort();
  source.on('close', () => {
    if (!source.readableEnded) cutShort();
  });
  source.on('end', () => {
    parts.next().then((next) => {
      if (next.done) guarded.end();
      else
        fail(
          new AppError('INVALID_MULTIPART', 'Send exactly one part, named "file"; this request has more', {
            part: printable(next.value.fieldname),
          }),
        );
    }, fail);
  });
  watchdog.onFire(fail);
  source.pipe(guarded, { end: false });
  // The file name reaches text and jsonb columns (the sync, its audit event): no NUL, no lone surrogate.
  return {
    ...part,
    filename: printable(part.filename ?? '', 255),
    file: guarded as unknown as MultipartFile['file'],
  };
}

function multipartError(error: unknown, config: AppConfig): AppError {
  if (error instanceof AppError) return error;
  const code = (error as { code?: string })?.code;
  if (code === 'FST_REQ_FILE_TOO_LARGE') return fileTooLarge(config);
  if (code === 'FST_FILES_LIMIT' || code === 'FST_PARTS_LIMIT' || code === 'FST_FIELDS_LIMIT') {
    return new AppError('INVALID_MULTIPART', 'Send exactly one part, named "file"; this request has more');
  }
  // busboy's messages are fixed texts ("Unexpected end of form", "Malformed part header"): no client data.
  const reason = error instanceof Error ? error.message : String(error);
  return new AppError('INVALID_MULTIPART', `The multipart/form-data body is malformed: ${reason}`, {
    reason,
  });
}

function fileTooLarge(config: AppConfig, announced?: number): AppError {
  const limit = config.limits.maxFileBytes;
  return new AppError(
    'FILE_TOO_LARGE',
    `The file is larger than the limit of ${Math.round(limit / 1048576)} MB`,
    {
      limitBytes: limit,
      ...(announced !== undefined && { contentLength: announced }),
    },
  );
}

function printable(name: string, max = 100): string {
  return (
    name
      // eslint-disable-next-line no-control-regex
      .replace(/[\u0000-\u001f\u007f]/g, '')
      .slice(0, max)
      .toWellFormed()
  );
}

/**
 * Cuts off a client that stops sending. Progress is read from the socket's byte count, so that the body is
 * never taken from its consumer; while the service itself holds the body back (backpressure: the request is
 * paused), the client is not to blame and the clock does not run.
 */
class IdleWatchdog {
  private readonly timer: NodeJS.Timeout;
  private lastBytes: number;
  private lastProgress = Date.now();
  private readonly listeners: Array<(error: AppError) => void> = [];
  private fired: AppError | null = null;

  constructor(
    private readonly request: FastifyRequest,
    private readonly idleMs: number,
  ) {
    this.lastBytes = request.raw.socket?.bytesRead ?? 0;
    this.timer = setInterval(() => this.check(), Math.min(1000, Math.max(50, idleMs / 5)));
    this.timer.unref();
  }

  onFire(listener: (error: AppError) => void): void {
    if (this.fired) listener(this.fired);
    else this.listeners.push(listener);
  }

  race<T>(work: Promise<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.onFire(reject);
      work.then(resolve, reject);
    });
  }

  stop(): void {
    clearInterval(this.timer);
  }

  private check(): void {
    const raw = this.request.raw;
    if (raw.complete || raw.destroyed) return this.stop();
    const bytes = raw.socket?.bytesRead ?? 0;
    if (bytes !== this.lastBytes || raw.isPaused()) {
      this.lastBytes = bytes;
      this.lastProgress = Date.now();
    } else if (Date.now() - this.lastProgress >= this.idleMs) {
      this.fire();
    }
  }

  private fire(): void {
    this.stop();
    const seconds = Math.round(this.idleMs / 1000);
    this.fired = new AppError(
      'UPLOAD_TIMEOUT',
      `The upload stalled: nothing of the body arrived for ${seconds} s; nothing was stored`,
      { idleTimeoutSeconds: seconds },
    );
    for (const listener of this.listeners.splice(0)) listener(this.fired);
    // The 408 goes out at once; a client that sends nothing more is disconnected all the same.
    setTimeout(() => this.request.raw.socket?.destroy(), 2000).unref();
  }
}
