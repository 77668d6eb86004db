// Following a sync to the point where it stops on its own (final, or waiting for a person), then ending the
// command the same way for upload, status and apply: the error report, the sync printed, the exit code.
import { ApiRefusal } from './api-client';
import { CliError } from './cli-error';
import type { Context, FollowOptions } from './context';
import { saveToFile } from './downloads';
import { EXIT, exitCodeForStatus, SETTLED_STATUSES, type ExitCode } from './exit-codes';
import { describeSync } from './output';
import { syncsPath, type SyncView } from './sync-view';

const FIRST_POLL_MS = 250;
const LONGEST_POLL_MS = 2_000;

export async function followSync(ctx: Context, sync: SyncView): Promise<SyncView> {
  let current = sync;
  let delay = FIRST_POLL_MS;
  const deadline = ctx.client.deadline;
  while (!SETTLED_STATUSES.includes(current.status)) {
    const left = deadline === undefined ? Infinity : deadline - Date.now();
    if (left <= 0) throw stillRunning(ctx, current);
    await new Promise((resolve) => setTimeout(resolve, Math.min(delay, left)));
    delay = Math.min(Math.round(delay * 1.5), LONGEST_POLL_MS);
    try {
      current = await ctx.client.json<SyncView>({ method: 'GET', path: syncsPath(ctx.tenantId, current.id) });
    } catch (error) {
      if (
        error instanceof ApiRefusal ||
        !(error instanceof CliError) ||
        error.exitCode !== EXIT.UNREACHABLE
      ) {
        throw error;
      }
      if (deadline !== undefined && Date.now() >= deadline) throw stillRunning(ctx, current);
      throw new CliError(
        `${error.message}; the sync ${current.id} goes on in the service`,
        error.exitCode,
        current,
      );
    }
    ctx.progress.sync(current);
  }
  return current;
}

function stillRunning(ctx: Context, sync: SyncView): CliError {
  return new CliError(
    `the timeout passed while the sync ${sync.id} was ${sync.status}; it goes on in the service ` +
      `(follow it with: user-csv-sync status ${sync.id} --tenant ${ctx.tenantId} --wait)`,
    EXIT.UNREACHABLE,
    sync,
  );
}

/** Ends upload, status and apply: follows the sync if asked, writes the report, prints, and maps the status. */
export async function finishWithSync(
  ctx: Context,
  sync: SyncView,
  options: FollowOptions,
): Promise<ExitCode> {
  const final = options.wait ? await followSync(ctx, sync) : sync;
  ctx.progress.stop();
  if (options.report !== undefined) await writeReport(ctx, final, options.report);
  ctx.stdout.write(options.json ? `${JSON.stringify(final, null, 2)}\n` : describeSync(final));
  if (final.status === 'previewed' || final.status === 'awaiting_confirmation') {
    const why =
      final.status === 'previewed' ? 'is a preview' : 'would delete many users and waits for a confirmation';
    ctx.stderr.write(
      `the sync ${why}; apply it with: user-csv-sync apply ${final.id} --tenant ${ctx.tenantId}\n`,
    );
  }
  return exitCodeForStatus(final.status);
}

/**
 * The error report (SPEC §7: the failed rows as uploaded, plus line, error_code, error_message). Written
 * also when no row failed (then it has the header alone), so that a report left by an earlier run is never
 * taken for this one's.
 */
export async function writeReport(ctx: Context, sync: SyncView, path: string): Promise<void> {
  await ctx.client.stream(
    {
      method: 'GET',
      path: syncsPath(ctx.tenantId, sync.id, '/records.csv'),
      query: { outcome: 'failed' },
      headers: { accept: 'text/csv' },
    },
    (body) => saveToFile(body, path),
  );
  ctx.stderr.write(
    `error report: ${path} (${sync.counts.failed} failed row${sync.counts.failed === 1 ? '' : 's'})\n`,
  );
}
