// POST .../tokens (staff): a new admin token; its secret is in this answer only.
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api, unwrap } from '@/lib/api-client';
import type { components } from '@/lib/api-types';

export type IssuedToken = components['schemas']['IssuedTokenDto'];

export async function issueToken(tenantId: string, name: string): Promise<IssuedToken> {
  return unwrap(
    await api.POST('/api/tenants/{tenantId}/tokens', { params: { path: { tenantId } }, body: { name } }),
  );
}

export function useIssueToken(tenantId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (name: string) => issueToken(tenantId, name),
    // The secret stays with the component that shows it once; the cache holds the list without it.
    onSuccess: () =>
      Promise.all([
        queryClient.invalidateQueries({ queryKey: ['tokens', tenantId] }),
        queryClient.invalidateQueries({ queryKey: ['audit'] }),
      ]),
  });
}
