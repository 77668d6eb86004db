// The "User CSV Sync List": every synced file with its counts; filters; each file name opens its records.
import { Link, useParams } from 'react-router';
import { ErrorNotice } from '@/components/error-notice';
import { DateRangeFilters, FiltersForm, SelectFilter } from '@/components/list-filters';
import { PageHeader } from '@/components/page-header';
import { ShowMore } from '@/components/show-more';
import { StatusBadge } from '@/components/status-badge';
import { ACTION_LABELS, formatDateTime, formatNumber, label, STATUS_LABELS } from '@/lib/format';
import { useSearchFilters } from '@/lib/search-filters';
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
  const [filters, setFilter] = useSearchFilters<SyncFilters>(['action', 'status', 'from', 'to']);
  const syncs = useSyncs(tenantId, filters);
  const rows = syncs.data?.pages.flatMap((page) => page.items) ?? [];

  return (
    <>
      <PageHeader title="User CSV Sync List" />
      <FiltersForm>
        <SelectFilter
          id="filter-action"
          label="Action"
          allLabel="All actions"
          options={Object.entries(ACTION_LABELS)}
          value={filters.action}
          onChange={(value) => setFilter('action', value)}
        />
        <SelectFilter
          id="filter-status"
          label="Status"
          allLabel="All statuses"
          options={Object.entries(STATUS_LABELS)}
          value={filters.status}
          onChange={(value) => setFilter('status', value)}
        />
        <DateRangeFilters idPrefix="filter" from={filters.from} to={filters.to} onChange={setFilter} />
      </FiltersForm>

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
      <ShowMore query={syncs} />
    </>
  );
}
