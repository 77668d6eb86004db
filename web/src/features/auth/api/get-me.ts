// GET /api/me: who the signed-in token belongs to (staff, or an admin of one tenant).
import { queryOptions, useQuery } from '@tanstack/react-query';
import { api, unwrap } from '@/lib/api-client';
import type { components } from '@/lib/api-types';

export type Me = components['schemas']['MeDto'];

export async function getMe(token?: string): Promise<Me> {
  const headers = token ? { authorization: `Bearer ${token}` } : undefined;
  return unwrap(await api.GET('/api/me', { headers }));
}

export const meQueryOptions = (token: string | null) =>
  queryOptions({
    queryKey: ['me', token],
    queryFn: () => getMe(),
    enabled: token !== null,
    staleTime: Infinity,
  });

export function useMe(token: string | null) {
  return useQuery(meQueryOptions(token));
}

/** Where a user starts: staff on Tenants, an admin on its tenant's User CSV Sync page. */
export function homePath(me: Me): string {
  return me.role === 'staff' || !me.tenantId
    ? '/tenants'
    : `/tenants/${encodeURIComponent(me.tenantId)}/csv-sync`;
}
