// `revert SYNC_ID`: asks the service to undo a finished sync (SPEC §10), under an Idempotency-Key derived from
// the sync and the options, then ends like upload: follows the revert if asked, prints it, maps its status.
import { usage } from './cli-error';
import type { Context, FollowOptions } from './context';
import { EXIT, type ExitCode } from './exit-codes';
import { finishWithSync } from './follow-sync';
import { deriveRevertIdempotencyKey, isValidIdempotencyKey } from './idempotency-key';
import { syncsPath, type SyncView } from './sync-view';

export interface RevertOptions extends FollowOptions {
  dryRun?: boolean;
  idempotencyKey?: string;
}

export async function revertCommand(ctx: Context, syncId: string, options: RevertOptions): Promise<ExitCode> {
  if (options.report !== undefined && !options.wait) throw usage('--report needs --wait');
  if (options.idempotencyKey !== undefined && !isValidIdempotencyKey(options.idempotencyKey)) {
    throw usage('--idempotency-key must be 1 to 200 printable ASCII characters without spaces');
  }
  const dryRun = options.dryRun ?? false;
  const key =
    options.idempotencyKey ?? deriveRevertIdempotencyKey({ tenantId: ctx.tenantId, syncId, dryRun });
  // A 409 (the sync cannot be reverted, or was reverted under another key) is a refusal: exit 5 with the
  // service's reason. A retry of a revert that reached the service carries the same key and gets that revert.
  const revert = await ctx.client.json<SyncView>({
    method: 'POST',
    path: syncsPath(ctx.tenantId, syncId, '/revert'),
    query: { dryRun: dryRun ? 'true' : undefined },
    headers: { 'idempotency-key': key },
  });
  ctx.progress.sync(revert);
  const code = await finishWithSync(ctx, revert, options);
  if (code === EXIT.FAILED && options.idempotencyKey === undefined) {
    // The derived key names this revert for good: a new attempt needs a key of its own.
    ctx.stderr.write(
      `the revert ${revert.id} did not finish; the sync can be reverted again with a new key: ` +
        `user-csv-sync revert ${syncId} --tenant ${ctx.tenantId} --idempotency-key <new key>\n`,
    );
  }
  return code;
}
