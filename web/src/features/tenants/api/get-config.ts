// GET .../csv-sync/config: the current configuration and its version; null while the tenant has none yet.
import { queryOptions, useQuery } from '@tanstack/react-query';
import { api, unwrap } from '@/lib/api-client';
import { isApiError } from '@/lib/api-error';
import type { components } from '@/lib/api-types';

export type SavedConfig = components['schemas']['SyncConfigResponseDto'];

export async function getConfig(tenantId: string): Promise<SavedConfig | null> {
  try {
    return unwrap(
      await api.GET('/api/tenants/{tenantId}/csv-sync/config', { params: { path: { tenantId } } }),
    );
  } catch (error) {
    if (isApiError(error, 'CSV_SYNC_NOT_CONFIGURED')) return null;
    throw error;
  }
}

export const configQueryOptions = (tenantId: string) =>
  queryOptions({ queryKey: ['config', tenantId], queryFn: () => getConfig(tenantId) });

export function useConfig(tenantId: string) {
  return useQuery(configQueryOptions(tenantId));
}
