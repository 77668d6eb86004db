// A sync as it runs: progress, counts, status, warnings; Apply (with a confirmation step) and Cancel sync.
import { useState } from 'react';
import { Link } from 'react-router';
import { ErrorNotice } from '@/components/error-notice';
import { ProgressBar } from '@/components/progress-bar';
import { StatusBadge } from '@/components/status-badge';
import { SyncCounts, SyncNotices } from '@/components/sync-outcome';
import { formatDateTime, formatNumber, label, ACTION_LABELS } from '@/lib/format';
import { useChangeSync } from '../api/change-sync';
import { useSync, type Sync } from '../api/get-sync';

// The service also discards a previewed sync or one awaiting confirmation (nothing was changed yet).
const CANCELLABLE = ['queued', 'processing', 'previewed', 'awaiting_confirmation'];
const APPLICABLE = ['previewed', 'awaiting_confirmation'];

export function SyncPanel({ tenantId, syncId }: { tenantId: string; syncId: string }) {
  const sync = useSync(tenantId, syncId);
  if (sync.isPending) return <p className="loading">Loading the sync…</p>;
  if (sync.isError) return <ErrorNotice error={sync.error} />;
  return <SyncDetails tenantId={tenantId} sync={sync.data} />;
}

function SyncDetails({ tenantId, sync }: { tenantId: string; sync: Sync }) {
  const { progress } = sync;
  const recordsPath = `/tenants/${encodeURIComponent(tenantId)}/csv-sync/syncs/${sync.id}`;

  return (
    <section className="card sync" aria-labelledby="sync-title">
      <div className="sync__head">
        <h2 id="sync-title" className="file-name">
          {sync.fileName}
        </h2>
        <StatusBadge status={sync.status} />
      </div>
      <p className="meta">
        {label(ACTION_LABELS, sync.action)}
        {sync.dryRun && ' · dry run'} · uploaded by {sync.actor} · {formatDateTime(sync.createdAt)}
      </p>

      <ProgressBar label="Sync progress" value={progress.percent} />
      <p className="sync__rows" aria-live="polite">
        {formatNumber(progress.processedRows)} of {formatNumber(progress.totalRows)} rows processed
        <span className="sr-only">; status {sync.status.replace(/_/g, ' ')}</span>
      </p>

      <SyncCounts sync={sync} />
      {sync.dryRun && sync.status === 'previewed' && (
        <p className="hint">
          A dry run: these are the outcomes the file would have. No user has been changed.
        </p>
      )}

      <SyncNotices sync={sync} />

      <SyncActions tenantId={tenantId} sync={sync} />
      <p>
        <Link to={recordsPath}>View the records of this file</Link>
      </p>
    </section>
  );
}

export function SyncActions({ tenantId, sync }: { tenantId: string; sync: Sync }) {
  const apply = useChangeSync(tenantId, sync.id, 'apply');
  const cancel = useChangeSync(tenantId, sync.id, 'cancel');
  const [confirming, setConfirming] = useState(false);
  const canApply = APPLICABLE.includes(sync.status);
  const canCancel = CANCELLABLE.includes(sync.status);
  if (!canApply && !canCancel && !apply.error && !cancel.error) return null;

  const question = applyQuestion(sync);
  // A revert may delete users (those its sync added), as a delete does.
  const deletes = sync.action !== 'upsert' || sync.status === 'awaiting_confirmation';

  return (
    <div className="sync__actions">
      {canApply && !confirming && (
        <button type="button" className="button button--primary" onClick={() => setConfirming(true)}>
          Apply
        </button>
      )}
      {canApply && confirming && (
        <div className="confirm" role="group" aria-label="Confirm apply">
          <p>{question}</p>
          <div className="actions">
            <button
              type="button"
              className={`button ${deletes ? 'button--danger' : 'button--primary'}`}
              disabled={apply.isPending}
              onClick={() => apply.mutate(undefined, { onSettled: () => setConfirming(false) })}
            >
              Confirm apply
            </button>
            <button type="button" className="button" onClick={() => setConfirming(false)}>
              Back
            </button>
          </div>
        </div>
      )}
      {canCancel && (
        <button type="button" className="button" disabled={cancel.isPending} onClick={() => cancel.mutate()}>
          Cancel sync
        </button>
      )}
      {apply.error && <ErrorNotice error={apply.error} />}
      {cancel.error && <ErrorNotice error={cancel.error} />}
    </div>
  );
}

function applyQuestion(sync: Sync): string {
  if (sync.action === 'revert') {
    return sync.status === 'awaiting_confirmation'
      ? 'Apply this revert now? It deletes the users that the reverted sync added, unless they changed since; each deleted user is kept in the records.'
      : 'Apply this revert to the users now? It is applied to the users as they are at this moment.';
  }
  return sync.status === 'awaiting_confirmation'
    ? 'Delete the users listed in this file now? Each deleted user is kept in the records, but not restored.'
    : 'Apply this file to the users now? It is applied to the users as they are at this moment.';
}
