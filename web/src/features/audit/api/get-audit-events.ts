// GET /api/tenants/:tenantId/audit-events and GET /api/audit-events (staff, every tenant): newest first,
// filtered by action and time, page after page through nextCursor.
import { infiniteQueryOptions, useInfiniteQuery } from '@tanstack/react-query';
import { api, unwrap } from '@/lib/api-client';
import type { components } from '@/lib/api-types';

export type AuditEvent = components['schemas']['AuditEventDto'];

export interface AuditFilters {
  action?: string;
  /** YYYY-MM-DD; `to` includes that whole day, as the API reads a bare date. */
  from?: string;
  to?: string;
}

const PAGE_SIZE = 50;

export async function getAuditEvents(tenantId: string | null, filters: AuditFilters, cursor?: string) {
  const query = {
    limit: PAGE_SIZE,
    cursor,
    action: filters.action ? [filters.action as never] : undefined,
    from: filters.from || undefined,
    to: filters.to || undefined,
  };
  return unwrap(
    tenantId === null
      ? await api.GET('/api/audit-events', { params: { query } })
      : await api.GET('/api/tenants/{tenantId}/audit-events', { params: { path: { tenantId }, query } }),
  );
}

export const auditQueryOptions = (tenantId: string | null, filters: AuditFilters) =>
  infiniteQueryOptions({
    queryKey: ['audit', tenantId, filters],
    queryFn: ({ pageParam }) => getAuditEvents(tenantId, filters, pageParam),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (page) => page.nextCursor ?? undefined,
  });

export function useAuditEvents(tenantId: string | null, filters: AuditFilters) {
  return useInfiniteQuery(auditQueryOptions(tenantId, filters));
}
