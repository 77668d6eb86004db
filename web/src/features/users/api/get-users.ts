// GET /api/tenants/:tenantId/users: the tenant's users, a page at a time, found by (part of) their email.
import { keepPreviousData, queryOptions, useQuery } from '@tanstack/react-query';
import { api, unwrap } from '@/lib/api-client';
import type { components } from '@/lib/api-types';

export type User = components['schemas']['UserDto'];

export const USERS_PAGE_SIZE = 50;

export async function getUsers(tenantId: string, search: string, cursor: string | null) {
  return unwrap(
    await api.GET('/api/tenants/{tenantId}/users', {
      params: {
        path: { tenantId },
        query: { limit: USERS_PAGE_SIZE, cursor: cursor ?? undefined, q: search || undefined },
      },
    }),
  );
}

export const usersQueryOptions = (tenantId: string, search: string, cursor: string | null) =>
  queryOptions({
    queryKey: ['users', tenantId, { search, cursor }],
    queryFn: () => getUsers(tenantId, search, cursor),
    placeholderData: keepPreviousData,
  });

export function useUsers(tenantId: string, search: string, cursor: string | null) {
  return useQuery(usersQueryOptions(tenantId, search, cursor));
}
