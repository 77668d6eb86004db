// Which syncs can be reverted (SPEC §10): a final sync that changed users. The reason why not is the message of
// the 409 SYNC_STATE_CONFLICT, so that the person who asked knows what to do instead.
import type { SyncStatus } from './sync.entity';

export interface RevertTarget {
  status: SyncStatus;
  dryRun: boolean;
}

/** Null when the sync's status allows a revert; otherwise why not. Whether it changed any user is known only
 *  from its records (see SyncRevertService): a sync that changed none has nothing to revert. */
export function whyNotRevertible(target: RevertTarget): string | null {
  switch (target.status) {
    case 'queued':
    case 'processing':
      return `The sync is ${target.status}: only a finished sync can be reverted. Wait until it has finished, or cancel it.`;
    case 'previewed':
      return 'The sync is a dry run that has not been applied: it changed no user. Apply it or cancel it.';
    case 'awaiting_confirmation':
      return 'The sync waits for confirmation (the mass-delete guard) and changed no user yet. Apply it or cancel it.';
    case 'failed':
      return 'The sync failed: only a completed sync, or a cancelled one for the batches it applied, can be reverted.';
    default:
      // A dry run cancelled before it was applied changed nothing; an applied one is a dry run no more.
      return target.dryRun
        ? 'The sync is a dry run that was cancelled before it was applied: it changed no user.'
        : null;
  }
}

/** The sync is held by a revert that is not failed or cancelled. */
export function alreadyRevertedMessage(revert: { id: string; status: SyncStatus }): string {
  if (revert.status === 'completed' || revert.status === 'completed_with_errors') {
    return `The sync was already reverted by sync ${revert.id}. To apply its changes again, revert that sync.`;
  }
  return `The sync is already being reverted by sync ${revert.id} (${revert.status}).`;
}
