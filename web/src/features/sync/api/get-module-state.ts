// Whether the tenant's CSV sync module is on: any CSV sync route answers 403 CSV_SYNC_DISABLED while it is
// off, with the message to show; the cheapest such route is one item of the sync list.
import { queryOptions, useQuery } from '@tanstack/react-query';
import { api, unwrap } from '@/lib/api-client';

export async function checkModule(tenantId: string): Promise<true> {
  unwrap(
    await api.GET('/api/tenants/{tenantId}/csv-sync/syncs', {
      params: { path: { tenantId }, query: { limit: 1 } },
    }),
  );
  return true;
}

export const moduleQueryOptions = (tenantId: string) =>
  queryOptions({
    queryKey: ['csv-sync-module', tenantId],
    queryFn: () => checkModule(tenantId),
    staleTime: 0,
  });

export function useModuleState(tenantId: string) {
  return useQuery(moduleQueryOptions(tenantId));
}
