// What a revert of a sync would do, in words, and why a sync cannot be reverted (SPEC §10). The service decides
// (a 409 names its reason); this only spares a person a button that cannot work.

export interface RevertableSync {
  fileName: string;
  action: string;
  status: string;
  dryRun: boolean;
  revertedBy?: string | null;
  counts: { added: number; updated: number; deleted: number };
}

/** The statuses after which a sync changes no user any more and has records of what it did. */
const REVERTABLE_STATUSES = ['completed', 'completed_with_errors', 'cancelled'];

/** Why this sync cannot be reverted, or null when it can (as far as the console can tell). */
export function revertBlocker(sync: RevertableSync): string | null {
  if (sync.revertedBy)
    return 'It has a revert already (Reverted by); it can be reverted again if that one fails or is cancelled.';
  if (sync.status === 'queued' || sync.status === 'processing')
    return 'It can be reverted once it has finished.';
  if (sync.status === 'previewed' || sync.status === 'awaiting_confirmation')
    return 'It has not changed any user yet: apply it or cancel it instead.';
  if (sync.status === 'failed') return 'A failed sync cannot be reverted.';
  if (!REVERTABLE_STATUSES.includes(sync.status)) return 'A sync in this status cannot be reverted.';
  if (sync.dryRun) return 'A dry run that was not applied changed no user.';
  if (sync.counts.added + sync.counts.updated + sync.counts.deleted === 0)
    return 'It changed no user, so there is nothing to revert.';
  return null;
}

const count = (n: number) => new Intl.NumberFormat().format(n);

/** "a, b and c" */
function joined(parts: string[]): string {
  if (parts.length <= 1) return parts[0] ?? '';
  return `${parts.slice(0, -1).join(', ')} and ${parts[parts.length - 1]}`;
}

/** The sentence a person confirms: what becomes of the users this sync added, updated and deleted. */
export function revertEffects(sync: RevertableSync): string {
  const { added, updated, deleted } = sync.counts;
  const parts: string[] = [];
  if (added === 1) parts.push('its added user is deleted');
  if (added > 1) parts.push(`its ${count(added)} added users are deleted`);
  if (updated === 1) parts.push('its updated user gets its former values back');
  if (updated > 1) parts.push(`its ${count(updated)} updated users get their former values back`);
  if (deleted === 1) parts.push('its deleted user comes back with its last values');
  if (deleted > 1) parts.push(`its ${count(deleted)} deleted users come back with their last values`);
  const what = parts.length > 0 ? `${capitalise(joined(parts))}.` : 'It changes no user.';
  return `${what} Users changed since are left alone and listed as CHANGED_SINCE.`;
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
