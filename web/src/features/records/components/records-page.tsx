// "Records <file name>": a sync's summary and its outcome records, filtered by outcome, a page at a time,
// with the error report and the records as CSV; Revert, and the links between a sync and its revert.
import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef, useState, type ReactNode } from 'react';
import { Link, useParams } from 'react-router';
import { ErrorNotice } from '@/components/error-notice';
import { SelectFilter } from '@/components/list-filters';
import { PageHeader } from '@/components/page-header';
import { ProgressBar } from '@/components/progress-bar';
import { StatusBadge } from '@/components/status-badge';
import { SyncCounts, SyncNotices } from '@/components/sync-outcome';
import {
  ACTION_LABELS,
  formatDateTime,
  formatNumber,
  label,
  OUTCOME_LABELS,
  SETTLED_STATUSES,
} from '@/lib/format';
import { useSearchFilters } from '@/lib/search-filters';
import { outcomeCount, outcomesOf } from '@/lib/sync-outcomes';
import { downloadRecords } from '../api/download-records';
import { RECORDS_PAGE_SIZE, useRecords, type Outcome } from '../api/get-records';
import { useSyncSummary, type SyncSummary } from '../api/get-sync-summary';
import { RecordsTable } from './records-table';
import { RevertAction } from './revert-action';
import { SyncLink } from './sync-link';

/** What the page around the records may add for a sync: Apply and Cancel of the sync feature (app composes). */
export type SyncActionsSlot = (sync: SyncSummary) => ReactNode;

export function RecordsPage({ actions }: { actions?: SyncActionsSlot }) {
  const { tenantId = '', syncId = '' } = useParams();
  const sync = useSyncSummary(tenantId, syncId);
  if (sync.isPending)
    return (
      <>
        <PageHeader title="Records" />
        <p className="loading">Loading…</p>
      </>
    );
  if (sync.isError)
    return (
      <>
        <PageHeader title="Records" />
        <ErrorNotice error={sync.error} />
      </>
    );
  return <Records key={syncId} tenantId={tenantId} sync={sync.data} actions={actions} />;
}

function Records({
  tenantId,
  sync,
  actions,
}: {
  tenantId: string;
  sync: SyncSummary;
  actions?: SyncActionsSlot;
}) {
  const [filters, setFilter] = useSearchFilters<{ outcome?: Outcome }>(['outcome']);
  const outcome = filters.outcome ?? null;
  // Cursors of the pages seen so far: going back needs no offset, and nothing but one page is ever held.
  const [cursors, setCursors] = useState<(string | null)[]>([null]);
  const page = cursors.length - 1;
  const records = useRecords(tenantId, sync.id, outcome, cursors[page]);
  const [downloadError, setDownloadError] = useState<unknown>(null);
  const outcomes = outcomesOf(sync.action);
  const matching = outcome ? outcomeCount(sync, outcome) : sync.counts.total;
  const items = records.data?.items ?? [];
  const first = page * RECORDS_PAGE_SIZE + 1;
  const settled = SETTLED_STATUSES.includes(sync.status);
  const queryClient = useQueryClient();

  // A sync that runs (a revert just asked for) writes records as its batches commit: read them again when its
  // progress or status moves, not on the first render (the records are being read then anyway).
  const progressSeen = useRef(`${sync.status}:${sync.progress.processedRows}`);
  useEffect(() => {
    const progress = `${sync.status}:${sync.progress.processedRows}`;
    if (progress === progressSeen.current) return;
    progressSeen.current = progress;
    void queryClient.invalidateQueries({ queryKey: ['records', tenantId, sync.id] });
  }, [queryClient, tenantId, sync.id, sync.status, sync.progress.processedRows]);
  const reverting = sync.action === 'revert';

  function chooseOutcome(value: string) {
    setFilter('outcome', value);
    setCursors([null]);
  }

  async function download(which: Outcome | null) {
    setDownloadError(null);
    try {
      await downloadRecords(tenantId, sync.id, which);
    } catch (caught) {
      setDownloadError(caught);
    }
  }

  return (
    <>
      <PageHeader title={`Records ${sync.fileName}${reverting ? ' (revert)' : ''}`}>
        {sync.counts.failed > 0 && (
          <button type="button" className="button" onClick={() => void download('failed')}>
            Download error report
          </button>
        )}
        <button type="button" className="button" onClick={() => void download(outcome)}>
          Download CSV
        </button>
      </PageHeader>
      <p className="breadcrumb">
        <Link to={`/tenants/${encodeURIComponent(tenantId)}/csv-sync/syncs`}>User CSV Sync List</Link> ›{' '}
        <span className="file-name">{sync.fileName}</span>
      </p>
      {downloadError != null && <ErrorNotice error={downloadError} />}

      <section className="card summary" aria-label="Summary">
        <dl className="summary__facts">
          <div>
            <dt>Status</dt>
            <dd>
              <StatusBadge status={sync.status} />
            </dd>
          </div>
          <div>
            <dt>Action</dt>
            <dd>
              {label(ACTION_LABELS, sync.action)}
              {sync.dryRun ? ' (dry run)' : ''}
            </dd>
          </div>
          <div>
            <dt>{reverting ? 'Requested by' : 'Uploaded by'}</dt>
            <dd>{sync.actor}</dd>
          </div>
          <div>
            <dt>{reverting ? 'Requested at' : 'Uploaded at'}</dt>
            <dd>{formatDateTime(sync.createdAt)}</dd>
          </div>
          <div>
            <dt>Finished at</dt>
            <dd>{formatDateTime(sync.finishedAt)}</dd>
          </div>
          <div>
            <dt>Rows</dt>
            <dd>{formatNumber(sync.counts.total)}</dd>
          </div>
          {sync.revertOf && (
            <div>
              <dt>Reverts</dt>
              <dd>
                <SyncLink tenantId={tenantId} syncId={sync.revertOf} />
              </dd>
            </div>
          )}
          {sync.revertedBy && (
            <div>
              <dt>Reverted by</dt>
              <dd>
                <SyncLink tenantId={tenantId} syncId={sync.revertedBy} />
              </dd>
            </div>
          )}
        </dl>
        {!settled && (
          <div className="summary__progress">
            <ProgressBar label="Sync progress" value={sync.progress.percent} />
            <p className="hint" aria-live="polite">
              {formatNumber(sync.progress.processedRows)} of {formatNumber(sync.progress.totalRows)} rows
              processed
            </p>
          </div>
        )}
        <SyncCounts sync={sync} name="Counts" className="summary__counts" />
        <SyncNotices sync={sync} />
        {actions?.(sync)}
        <RevertAction tenantId={tenantId} sync={sync} />
      </section>

      <div className="filters">
        <SelectFilter
          id="filter-outcome"
          label="Outcome"
          allLabel={`All (${formatNumber(sync.counts.total)})`}
          options={outcomes.map((value) => [
            value,
            `${label(OUTCOME_LABELS, value)} (${formatNumber(outcomeCount(sync, value))})`,
          ])}
          value={outcome}
          onChange={chooseOutcome}
        />
      </div>

      {records.isError && <ErrorNotice error={records.error} />}
      {records.isPending && <p className="loading">Loading…</p>}
      {records.isSuccess && items.length === 0 && <p className="empty">No records with this outcome.</p>}
      {items.length > 0 && <RecordsTable records={items} />}

      {(page > 0 || records.data?.nextCursor) && (
        <nav className="pager" aria-label="Pages">
          <button
            type="button"
            className="button"
            disabled={page === 0}
            onClick={() => setCursors((seen) => seen.slice(0, -1))}
          >
            Previous page
          </button>
          <span className="pager__position" aria-live="polite">
            {formatNumber(first)}–{formatNumber(first + items.length - 1)} of {formatNumber(matching)}
          </span>
          <button
            type="button"
            className="button"
            disabled={!records.data?.nextCursor || records.isPlaceholderData}
            onClick={() => setCursors((seen) => [...seen, records.data?.nextCursor ?? null])}
          >
            Next page
          </button>
        </nav>
      )}
    </>
  );
}
