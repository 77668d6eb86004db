// "Audit log": staff actions and sync lifecycle events, newest first, for one tenant or (staff) for all.
import { Link, useSearchParams } from 'react-router';
import { ErrorNotice } from '@/components/error-notice';
import { PageHeader } from '@/components/page-header';
import { formatDateTime } from '@/lib/format';
import { useAuditEvents, type AuditEvent, type AuditFilters } from '../api/get-audit-events';
import { actionLabel, AUDIT_ACTION_LABELS, describeEvent, eventSyncId } from '../model/describe-event';

/** `tenantId` null: every tenant's events (staff). */
export function AuditLogPage({ tenantId }: { tenantId: string | null }) {
  const [params, setParams] = useSearchParams();
  const filters: AuditFilters = {
    action: params.get('action') || undefined,
    from: params.get('from') || undefined,
    to: params.get('to') || undefined,
  };
  const events = useAuditEvents(tenantId, filters);
  const rows = events.data?.pages.flatMap((page) => page.items) ?? [];
  const filtered = Object.values(filters).some(Boolean);

  function setFilter(name: keyof AuditFilters, value: string) {
    const next = new URLSearchParams(params);
    if (value) next.set(name, value);
    else next.delete(name);
    setParams(next, { replace: true });
  }

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
      <form className="filters" aria-label="Filters" onSubmit={(event) => event.preventDefault()}>
        <div className="field">
          <label htmlFor="audit-action">Action</label>
          <select
            id="audit-action"
            value={filters.action ?? ''}
            onChange={(e) => setFilter('action', e.target.value)}
          >
            <option value="">All actions</option>
            {Object.entries(AUDIT_ACTION_LABELS).map(([value, text]) => (
              <option key={value} value={value}>
                {text}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="audit-from">From</label>
          <input
            id="audit-from"
            type="date"
            value={filters.from ?? ''}
            onChange={(e) => setFilter('from', e.target.value)}
          />
        </div>
        <div className="field">
          <label htmlFor="audit-to">To</label>
          <input
            id="audit-to"
            type="date"
            value={filters.to ?? ''}
            onChange={(e) => setFilter('to', e.target.value)}
          />
        </div>
      </form>

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
      {events.hasNextPage && (
        <div className="more">
          <button
            type="button"
            className="button"
            disabled={events.isFetchingNextPage}
            onClick={() => void events.fetchNextPage()}
          >
            {events.isFetchingNextPage ? 'Loading…' : 'Show more'}
          </button>
        </div>
      )}
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
