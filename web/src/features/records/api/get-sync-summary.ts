// GET .../syncs/:syncId: the summary above a file's records (polled until the sync settles).
import { queryOptions, useQuery } from '@tanstack/react-query';
import { api, unwrap } from '@/lib/api-client';
import type { components } from '@/lib/api-types';
import { SETTLED_STATUSES } from '@/lib/format';

export type SyncSummary = components['schemas']['SyncDto'];

export async function getSyncSummary(tenantId: string, syncId: string): Promise<SyncSummary> {
  return unwrap(
    await api.GET('/api/tenants/{tenantId}/csv-sync/syncs/{syncId}', {
      params: { path: { tenantId, syncId } },
    }),
  );
}

export const syncSummaryQueryOptions = (tenantId: string, syncId: string) =>
  queryOptions({
    queryKey: ['sync', tenantId, syncId],
    queryFn: () => getSyncSummary(tenantId, syncId),
    refetchInterval: (query) => {
      const status = query.state.data?.status;
      return status && SETTLED_STATUSES.includes(status) ? false : 2000;
    },
  });

export function useSyncSummary(tenantId: string, syncId: string) {
  return useQuery(syncSummaryQueryOptions(tenantId, syncId));
}
