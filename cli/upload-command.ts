// `upload FILE`: sends a CSV file as a new sync, under an Idempotency-Key derived from its content and options.
import { stat } from 'node:fs/promises';
import { basename } from 'node:path';
import { CliError, usage } from './cli-error';
import type { Context, FollowOptions } from './context';
import { EXIT, type ExitCode } from './exit-codes';
import { finishWithSync } from './follow-sync';
import { deriveIdempotencyKey, isValidIdempotencyKey, sha256OfFile } from './idempotency-key';
import { multipartFileBody } from './multipart-body';
import { syncsPath, type SyncView } from './sync-view';

export interface UploadOptions extends FollowOptions {
  action: 'upsert' | 'delete';
  dryRun?: boolean;
  idempotencyKey?: string;
}

export async function uploadCommand(ctx: Context, file: string, options: UploadOptions): Promise<ExitCode> {
  if (options.report !== undefined && !options.wait) throw usage('--report needs --wait');
  if (options.idempotencyKey !== undefined && !isValidIdempotencyKey(options.idempotencyKey)) {
    throw usage('--idempotency-key must be 1 to 200 printable ASCII characters without spaces');
  }
  const info = await stat(file).catch((error: NodeJS.ErrnoException) => {
    throw new CliError(
      `cannot read ${file}: ${error.code === 'ENOENT' ? 'no such file' : error.message}`,
      EXIT.USAGE,
    );
  });
  if (!info.isFile()) throw usage(`${file} is not a file`);

  const sha256 = await sha256OfFile(file).catch((error: Error) => {
    throw new CliError(`cannot read ${file}: ${error.message}`, EXIT.USAGE);
  });
  const dryRun = options.dryRun ?? false;
  const key =
    options.idempotencyKey ??
    deriveIdempotencyKey({ tenantId: ctx.tenantId, action: options.action, dryRun, contentSha256: sha256 });

  const body = multipartFileBody({
    path: file,
    fileName: basename(file),
    size: info.size,
    sha256,
    onBytes: (sent) => ctx.progress.sending(sent, info.size),
  });
  ctx.progress.sending(0, info.size);
  const sync = await ctx.client.json<SyncView>({
    method: 'POST',
    path: syncsPath(ctx.tenantId),
    query: { action: options.action, dryRun: dryRun ? 'true' : undefined },
    headers: { 'idempotency-key': key },
    body,
  });
  ctx.progress.sync(sync);
  return finishWithSync(ctx, sync, options);
}
