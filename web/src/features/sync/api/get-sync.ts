// GET .../syncs/:syncId, polled while the sync runs (stops at a settled status).
import { queryOptions, useQuery } from '@tanstack/react-query';
import { api, unwrap } from '@/lib/api-client';
import type { components } from '@/lib/api-types';
import { SETTLED_STATUSES } from '@/lib/format';

export type Sync = components['schemas']['SyncDto'];

export async function getSync(tenantId: string, syncId: string): Promise<Sync> {
  return unwrap(
    await api.GET('/api/tenants/{tenantId}/csv-sync/syncs/{syncId}', {
      params: { path: { tenantId, syncId } },
    }),
  );
}

export const syncQueryOptions = (tenantId: string, syncId: string) =>
  queryOptions({
    queryKey: ['sync', tenantId, syncId],
    queryFn: () => getSync(tenantId, syncId),
    staleTime: 0,
    refetchInterval: (query) => {
      const status = query.state.data?.status;
      return status && SETTLED_STATUSES.includes(status) ? false : 1000;
    },
  });

export function useSync(tenantId: string, syncId: string | null) {
  return useQuery({ ...syncQueryOptions(tenantId, syncId ?? ''), enabled: syncId !== null });
}
