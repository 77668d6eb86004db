// `status`, `apply` and `cancel` of one sync.
import { ApiRefusal } from './api-client';
import { usage } from './cli-error';
import type { Context, FollowOptions } from './context';
import { EXIT, type ExitCode } from './exit-codes';
import { finishWithSync } from './follow-sync';
import { describeSync } from './output';
import { syncsPath, type SyncView } from './sync-view';

const getSync = (ctx: Context, syncId: string) =>
  ctx.client.json<SyncView>({ method: 'GET', path: syncsPath(ctx.tenantId, syncId) });

export async function statusCommand(ctx: Context, syncId: string, options: FollowOptions): Promise<ExitCode> {
  if (options.report !== undefined && !options.wait) throw usage('--report needs --wait');
  const sync = await getSync(ctx, syncId);
  ctx.progress.sync(sync);
  return finishWithSync(ctx, sync, options);
}

export async function applyCommand(ctx: Context, syncId: string, options: FollowOptions): Promise<ExitCode> {
  if (options.report !== undefined && !options.wait) throw usage('--report needs --wait');
  const sync = await postOnce(
    ctx,
    syncId,
    'apply',
    (s) => s.status !== 'previewed' && s.status !== 'awaiting_confirmation',
  );
  ctx.progress.sync(sync);
  return finishWithSync(ctx, sync, options);
}

/** Exits 0 once the sync is cancelled (a processing one stops after its current batch). */
export async function cancelCommand(
  ctx: Context,
  syncId: string,
  options: { json?: boolean },
): Promise<ExitCode> {
  const sync = await postOnce(ctx, syncId, 'cancel', (s) => s.status === 'cancelled');
  ctx.stdout.write(options.json ? `${JSON.stringify(sync, null, 2)}\n` : describeSync(sync));
  return EXIT.OK;
}

/**
 * apply and cancel are not idempotent in the API: when an attempt got lost after it reached the service, the
 * retry is refused as a conflict. Then the sync's state tells whether the first attempt did the work.
 */
async function postOnce(
  ctx: Context,
  syncId: string,
  verb: 'apply' | 'cancel',
  done: (sync: SyncView) => boolean,
): Promise<SyncView> {
  try {
    return await ctx.client.json<SyncView>({
      method: 'POST',
      path: syncsPath(ctx.tenantId, syncId, `/${verb}`),
    });
  } catch (error) {
    if (error instanceof ApiRefusal && error.retried && error.status === 409) {
      const sync = await getSync(ctx, syncId);
      if (done(sync)) return sync;
    }
    throw error;
  }
}
