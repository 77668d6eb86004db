// "Audit log": staff actions and sync lifecycle events, newest first, for one tenant or (staff) for all.
import { Link } from 'react-router';
import { ErrorNotice } from '@/components/error-notice';
import { DateRangeFilters, FiltersForm, SelectFilter } from '@/components/list-filters';
import { PageHeader } from '@/components/page-header';
import { ShowMore } from '@/components/show-more';
import { formatDateTime } from '@/lib/format';
import { useSearchFilters } from '@/lib/search-filters';
import { useAuditEvents, type AuditEvent, type AuditFilters } from '../api/get-audit-events';
import { actionLabel, AUDIT_ACTION_LABELS, describeEvent, eventSyncId } from '../model/describe-event';

/** `tenantId` null: every tenant's events (staff). */
export function AuditLogPage({ tenantId }: { tenantId: string | null }) {
  const [filters, setFilter] = useSearchFilters<AuditFilters>(['action', 'from', 'to']);
  const events = useAuditEvents(tenantId, filters);
  const rows = events.data?.pages.flatMap((page) => page.items) ?? [];
  const filtered = Object.values(filters).some(Boolean);

  return (
    <>
      <PageHeader title="Audit log" />
      <p className="meta page-meta">
        {tenantId === null ? (
          'Every tenant'
        ) : (
          <>
            Tenant <Link to={`/tenants/${encodeURIComponent(tenantId)}`}>{tenantId}</Link>
          </>
        )}
      </p>
      <FiltersForm>
        <SelectFilter
          id="audit-action"
          label="Action"
          allLabel="All actions"
          options={Object.entries(AUDIT_ACTION_LABELS)}
          value={filters.action}
          onChange={(value) => setFilter('action', value)}
        />
        <DateRangeFilters idPrefix="audit" from={filters.from} to={filters.to} onChange={setFilter} />
      </FiltersForm>

      {events.isError && <ErrorNotice error={events.error} />}
      {events.isPending && <p className="loading">Loading…</p>}
      {events.isSuccess && rows.length === 0 && (
        <p className="empty">No events{filtered ? ' that match these filters' : ' yet'}.</p>
      )}
      {rows.length > 0 && (
        <div className="table-wrap">
          <table className="table">
            <caption className="sr-only">Audit events, newest first</caption>
            <thead>
              <tr>
                <th scope="col">Time</th>
                {tenantId === null && <th scope="col">Tenant</th>}
                <th scope="col">Actor</th>
                <th scope="col">Action</th>
                <th scope="col">Details</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((event) => (
                <EventRow key={event.id} event={event} showTenant={tenantId === null} />
              ))}
            </tbody>
          </table>
        </div>
      )}
      <ShowMore query={events} />
    </>
  );
}

function EventRow({ event, showTenant }: { event: AuditEvent; showTenant: boolean }) {
  const details = (event.details ?? {}) as Record<string, unknown>;
  const summary = describeEvent(event.action, details);
  const syncId = eventSyncId(details);
  const hasDetails = Object.keys(details).length > 0;
  return (
    <tr>
      <td className="nowrap">{formatDateTime(event.createdAt)}</td>
      {showTenant && (
        <td>
          {event.tenantId ? (
            <Link to={`/tenants/${encodeURIComponent(event.tenantId)}`}>{event.tenantId}</Link>
          ) : (
            '—'
          )}
        </td>
      )}
      <td>{event.actor}</td>
      <td>{actionLabel(event.action)}</td>
      <td className="audit-details">
        {summary && <span>{summary}</span>}
        {syncId && event.tenantId && (
          <>
            {' '}
            <Link
              to={`/tenants/${encodeURIComponent(event.tenantId)}/csv-sync/syncs/${encodeURIComponent(syncId)}`}
            >
              Records
            </Link>
          </>
        )}
        {hasDetails && (
          <details>
            <summary>All details</summary>
            <pre>{JSON.stringify(details, null, 2)}</pre>
          </details>
        )}
      </td>
    </tr>
  );
}
