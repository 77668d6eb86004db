// GET .../csv-sync/syncs: the "User CSV Sync List", newest first, page after page through nextCursor.
import { infiniteQueryOptions, useInfiniteQuery } from '@tanstack/react-query';
import { api, unwrap } from '@/lib/api-client';
import type { components } from '@/lib/api-types';

export type SyncSummary = components['schemas']['SyncDto'];

export interface SyncFilters {
  action?: 'upsert' | 'delete' | 'revert';
  status?: string;
  /** YYYY-MM-DD; `to` includes that whole day (UTC), as the API reads a bare date. */
  from?: string;
  to?: string;
}

const PAGE_SIZE = 50;

export async function getSyncs(tenantId: string, filters: SyncFilters, cursor?: string) {
  return unwrap(
    await api.GET('/api/tenants/{tenantId}/csv-sync/syncs', {
      params: {
        path: { tenantId },
        query: {
          limit: PAGE_SIZE,
          cursor,
          action: filters.action,
          status: filters.status ? [filters.status as never] : undefined,
          from: filters.from || undefined,
          to: filters.to || undefined,
        },
      },
    }),
  );
}

export const syncsQueryOptions = (tenantId: string, filters: SyncFilters) =>
  infiniteQueryOptions({
    queryKey: ['syncs', tenantId, filters],
    queryFn: ({ pageParam }) => getSyncs(tenantId, filters, pageParam),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (page) => page.nextCursor ?? undefined,
  });

export function useSyncs(tenantId: string, filters: SyncFilters) {
  return useInfiniteQuery(syncsQueryOptions(tenantId, filters));
}
