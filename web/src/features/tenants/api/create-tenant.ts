// POST /api/tenants (staff): a new tenant, its module off; the list is read again.
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api, unwrap } from '@/lib/api-client';
import type { components } from '@/lib/api-types';
import type { Tenant } from './get-tenants';

export type NewTenant = components['schemas']['CreateTenantDto'];

export async function createTenant(body: NewTenant): Promise<Tenant> {
  return unwrap(await api.POST('/api/tenants', { body }));
}

export function useCreateTenant() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: createTenant,
    onSuccess: (tenant) => {
      queryClient.setQueryData(['tenant', tenant.id], tenant);
      return queryClient.invalidateQueries({ queryKey: ['tenants'] });
    },
  });
}
