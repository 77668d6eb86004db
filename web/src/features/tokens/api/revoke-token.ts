// DELETE .../tokens/:tokenId (staff): the token stops working at once.
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api, unwrap } from '@/lib/api-client';

export async function revokeToken(tenantId: string, tokenId: string): Promise<void> {
  unwrap(
    await api.DELETE('/api/tenants/{tenantId}/tokens/{tokenId}', { params: { path: { tenantId, tokenId } } }),
  );
}

export function useRevokeToken(tenantId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (tokenId: string) => revokeToken(tenantId, tokenId),
    onSuccess: () =>
      Promise.all([
        queryClient.invalidateQueries({ queryKey: ['tokens', tenantId] }),
        queryClient.invalidateQueries({ queryKey: ['audit'] }),
      ]),
  });
}
