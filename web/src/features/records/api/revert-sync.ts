// POST .../syncs/:syncId/revert[?dryRun=true]: a new sync of action "revert" that undoes this one (SPEC §10).
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api, unwrap } from '@/lib/api-client';
import type { SyncSummary } from './get-sync-summary';

/**
 * `idempotencyKey` makes a second click after a lost answer (the revert reached the service, the browser never
 * heard) return the same revert instead of a 409 "already reverted".
 */
export async function revertSync(
  tenantId: string,
  syncId: string,
  dryRun: boolean,
  idempotencyKey: string,
): Promise<SyncSummary> {
  return unwrap(
    await api.POST('/api/tenants/{tenantId}/csv-sync/syncs/{syncId}/revert', {
      params: {
        path: { tenantId, syncId },
        query: { dryRun: dryRun || undefined },
        header: { 'Idempotency-Key': idempotencyKey },
      },
    }),
  );
}

export function useRevertSync(tenantId: string, syncId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ dryRun, idempotencyKey }: { dryRun: boolean; idempotencyKey: string }) =>
      revertSync(tenantId, syncId, dryRun, idempotencyKey),
    onSuccess: (revert) => {
      queryClient.setQueryData(['sync', tenantId, revert.id], revert);
    },
    // After a success the reverted sync names its revert; after a 409 it may have been reverted by someone else.
    onSettled: () =>
      Promise.all([
        queryClient.invalidateQueries({ queryKey: ['sync', tenantId, syncId] }),
        queryClient.invalidateQueries({ queryKey: ['syncs', tenantId] }),
      ]),
  });
}
