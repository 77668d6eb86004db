// A link to another sync's records (a revert and the sync it reverts link to each other), named by its file,
// its action and its time: a revert carries the file name of the sync it reverts.
import { Link } from 'react-router';
import { ACTION_LABELS, formatDateTime, label } from '@/lib/format';
import { useSyncSummary } from '../api/get-sync-summary';

export const recordsPath = (tenantId: string, syncId: string) =>
  `/tenants/${encodeURIComponent(tenantId)}/csv-sync/syncs/${encodeURIComponent(syncId)}`;

/** Named by the sync's id until the sync is read. */
export function SyncLink({ tenantId, syncId }: { tenantId: string; syncId: string }) {
  const other = useSyncSummary(tenantId, syncId);
  const name = other.data
    ? `${other.data.fileName} (${label(ACTION_LABELS, other.data.action)}, ${formatDateTime(other.data.createdAt)})`
    : syncId;
  return (
    <Link to={recordsPath(tenantId, syncId)} className="file-name">
      {name}
    </Link>
  );
}
