// GET /api/tenants: every tenant (staff), by id, page after page through nextCursor.
import { infiniteQueryOptions, useInfiniteQuery } from '@tanstack/react-query';
import { api, unwrap } from '@/lib/api-client';
import type { components } from '@/lib/api-types';

export type Tenant = components['schemas']['TenantDto'];

const PAGE_SIZE = 50;

export async function getTenants(cursor?: string) {
  return unwrap(await api.GET('/api/tenants', { params: { query: { limit: PAGE_SIZE, cursor } } }));
}

export const tenantsQueryOptions = () =>
  infiniteQueryOptions({
    queryKey: ['tenants'],
    queryFn: ({ pageParam }) => getTenants(pageParam),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (page) => page.nextCursor ?? undefined,
  });

export function useTenants() {
  return useInfiniteQuery(tenantsQueryOptions());
}
