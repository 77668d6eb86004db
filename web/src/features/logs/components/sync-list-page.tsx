// The "User CSV Sync List": every synced file with its counts; filters; each file name opens its records.
import { Link, useParams, useSearchParams } from 'react-router';
import { ErrorNotice } from '@/components/error-notice';
import { PageHeader } from '@/components/page-header';
import { StatusBadge } from '@/components/status-badge';
import { ACTION_LABELS, formatDateTime, formatNumber, label, STATUS_LABELS } from '@/lib/format';
import { useSyncs, type SyncFilters } from '../api/get-syncs';

const COUNT_COLUMNS = [
  ['Added', 'added'],
  ['Updated', 'updated'],
  ['Unchanged', 'unchanged'],
  ['Deleted', 'deleted'],
  ['Not found', 'notFound'],
  ['Failed', 'failed'],
] as const;

export function SyncListPage() {
  const { tenantId = '' } = useParams();
  const [params, setParams] = useSearchParams();
  const filters: SyncFilters = {
    action: (params.get('action') as SyncFilters['action']) || undefined,
    status: params.get('status') || undefined,
    from: params.get('from') || undefined,
    to: params.get('to') || undefined,
  };
  const syncs = useSyncs(tenantId, filters);
  const rows = syncs.data?.pages.flatMap((page) => page.items) ?? [];

  function setFilter(name: keyof SyncFilters, value: string) {
    const next = new URLSearchParams(params);
    if (value) next.set(name, value);
    else next.delete(name);
    setParams(next, { replace: true });
  }

  return (
    <>
      <PageHeader title="User CSV Sync List" />
      <form className="filters" aria-label="Filters" onSubmit={(event) => event.preventDefault()}>
        <div className="field">
          <label htmlFor="filter-action">Action</label>
          <select
            id="filter-action"
            value={filters.action ?? ''}
            onChange={(event) => setFilter('action', event.target.value)}
          >
            <option value="">All actions</option>
            <option value="upsert">Add/Update</option>
            <option value="delete">Delete</option>
            <option value="revert">Revert</option>
          </select>
        </div>
        <div className="field">
          <label htmlFor="filter-status">Status</label>
          <select
            id="filter-status"
            value={filters.status ?? ''}
            onChange={(event) => setFilter('status', event.target.value)}
          >
            <option value="">All statuses</option>
            {Object.entries(STATUS_LABELS).map(([value, text]) => (
              <option key={value} value={value}>
                {text}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="filter-from">From</label>
          <input
            id="filter-from"
            type="date"
            value={filters.from ?? ''}
            onChange={(event) => setFilter('from', event.target.value)}
          />
        </div>
        <div className="field">
          <label htmlFor="filter-to">To</label>
          <input
            id="filter-to"
            type="date"
            value={filters.to ?? ''}
            onChange={(event) => setFilter('to', event.target.value)}
          />
        </div>
      </form>

      {syncs.isError && <ErrorNotice error={syncs.error} />}
      {syncs.isPending && <p className="loading">Loading…</p>}
      {syncs.isSuccess && rows.length === 0 && (
        <p className="empty">
          No files yet{Object.values(filters).some(Boolean) ? ' that match these filters' : ''}.{' '}
          <Link to={`/tenants/${encodeURIComponent(tenantId)}/csv-sync`}>Upload one</Link>.
        </p>
      )}
      {rows.length > 0 && (
        <div className="table-wrap">
          <table className="table">
            <caption className="sr-only">Synced files, newest first</caption>
            <thead>
              <tr>
                <th scope="col">File name</th>
                <th scope="col">Action</th>
                <th scope="col">Status</th>
                <th scope="col">Uploaded by</th>
                <th scope="col">Uploaded at</th>
                {COUNT_COLUMNS.map(([name]) => (
                  <th key={name} scope="col" className="num">
                    {name}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {rows.map((sync) => (
                <tr key={sync.id}>
                  <td className="file-name">
                    <Link to={`/tenants/${encodeURIComponent(tenantId)}/csv-sync/syncs/${sync.id}`}>
                      {sync.fileName}
                    </Link>
                    {sync.dryRun && <span className="tag">dry run</span>}
                    {sync.revertedBy && <span className="tag">reverted</span>}
                  </td>
                  <td>{label(ACTION_LABELS, sync.action)}</td>
                  <td>
                    <StatusBadge status={sync.status} />
                  </td>
                  <td>{sync.actor}</td>
                  <td className="nowrap">{formatDateTime(sync.createdAt)}</td>
                  {COUNT_COLUMNS.map(([name, key]) => (
                    <td key={name} className="num">
                      {formatNumber(sync.counts[key])}
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {syncs.hasNextPage && (
        <div className="more">
          <button
            type="button"
            className="button"
            disabled={syncs.isFetchingNextPage}
            onClick={() => void syncs.fetchNextPage()}
          >
            {syncs.isFetchingNextPage ? 'Loading…' : 'Show more'}
          </button>
        </div>
      )}
    </>
  );
}
