// PUT .../csv-sync/activation (staff): the module on or off; the answer is the tenant as it now is.
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api, unwrap } from '@/lib/api-client';
import type { Tenant } from './get-tenants';

export async function setActivation(tenantId: string, enabled: boolean): Promise<Tenant> {
  return unwrap(
    await api.PUT('/api/tenants/{tenantId}/csv-sync/activation', {
      params: { path: { tenantId } },
      body: { enabled },
    }),
  );
}

export function useSetActivation(tenantId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (enabled: boolean) => setActivation(tenantId, enabled),
    onSuccess: (tenant) => {
      queryClient.setQueryData(['tenant', tenantId], tenant);
      // The tenant list shows the state, the sync pages ask for it, and the audit log has a new event.
      return Promise.all(
        ['tenants', 'csv-sync-module', 'audit'].map((key) =>
          queryClient.invalidateQueries({ queryKey: [key] }),
        ),
      );
    },
  });
}
