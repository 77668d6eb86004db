// POST .../syncs/:syncId/apply and /cancel; the answer replaces the cached sync, and polling resumes.
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api, unwrap } from '@/lib/api-client';
import type { Sync } from './get-sync';

export async function applySync(tenantId: string, syncId: string): Promise<Sync> {
  return unwrap(
    await api.POST('/api/tenants/{tenantId}/csv-sync/syncs/{syncId}/apply', {
      params: { path: { tenantId, syncId } },
    }),
  );
}

export async function cancelSync(tenantId: string, syncId: string): Promise<Sync> {
  return unwrap(
    await api.POST('/api/tenants/{tenantId}/csv-sync/syncs/{syncId}/cancel', {
      params: { path: { tenantId, syncId } },
    }),
  );
}

export function useChangeSync(tenantId: string, syncId: string, change: 'apply' | 'cancel') {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => (change === 'apply' ? applySync : cancelSync)(tenantId, syncId),
    onSuccess: (sync) => {
      queryClient.setQueryData(['sync', tenantId, syncId], sync);
      return queryClient.invalidateQueries({ queryKey: ['sync', tenantId, syncId] });
    },
  });
}
