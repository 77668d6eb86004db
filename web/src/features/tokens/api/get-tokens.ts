// GET .../tokens (staff): a tenant's admin tokens without their secrets, oldest first, through nextCursor.
import { infiniteQueryOptions, useInfiniteQuery } from '@tanstack/react-query';
import { api, unwrap } from '@/lib/api-client';
import type { components } from '@/lib/api-types';

export type Token = components['schemas']['TokenDto'];

const PAGE_SIZE = 50;

export async function getTokens(tenantId: string, cursor?: string) {
  return unwrap(
    await api.GET('/api/tenants/{tenantId}/tokens', {
      params: { path: { tenantId }, query: { limit: PAGE_SIZE, cursor } },
    }),
  );
}

export const tokensQueryOptions = (tenantId: string) =>
  infiniteQueryOptions({
    queryKey: ['tokens', tenantId],
    queryFn: ({ pageParam }) => getTokens(tenantId, pageParam),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (page) => page.nextCursor ?? undefined,
  });

export function useTokens(tenantId: string) {
  return useInfiniteQuery(tokensQueryOptions(tenantId));
}
