// GET /api/tenants/:tenantId: one tenant with its module state ({ enabled, configVersion }).
import { queryOptions, useQuery } from '@tanstack/react-query';
import { api, unwrap } from '@/lib/api-client';
import type { Tenant } from './get-tenants';

export async function getTenant(tenantId: string): Promise<Tenant> {
  return unwrap(await api.GET('/api/tenants/{tenantId}', { params: { path: { tenantId } } }));
}

export const tenantQueryOptions = (tenantId: string) =>
  queryOptions({ queryKey: ['tenant', tenantId], queryFn: () => getTenant(tenantId) });

export function useTenant(tenantId: string) {
  return useQuery(tenantQueryOptions(tenantId));
}
