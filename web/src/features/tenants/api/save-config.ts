// PUT .../csv-sync/config (staff): a new version, refused with 409 SYNC_STATE_CONFLICT when the version the
// edit is based on is no longer the current one, and with 400 INVALID_CONFIG listing every problem.
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api, unwrap } from '@/lib/api-client';
import type { components } from '@/lib/api-types';
import type { SavedConfig } from './get-config';

export type ConfigBody = components['schemas']['SyncConfigDto'];

export async function saveConfig(tenantId: string, body: ConfigBody): Promise<SavedConfig> {
  return unwrap(
    await api.PUT('/api/tenants/{tenantId}/csv-sync/config', { params: { path: { tenantId } }, body }),
  );
}

export function useSaveConfig(tenantId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: ConfigBody) => saveConfig(tenantId, body),
    onSuccess: (saved) => {
      queryClient.setQueryData(['config', tenantId], saved);
      return Promise.all([
        queryClient.invalidateQueries({ queryKey: ['tenant', tenantId] }),
        queryClient.invalidateQueries({ queryKey: ['tenants'] }),
        queryClient.invalidateQueries({ queryKey: ['audit'] }),
      ]);
    },
  });
}
