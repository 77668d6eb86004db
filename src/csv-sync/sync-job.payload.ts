// The payload of a drain-tenant job: the tenant whose syncs to apply, and the sync that asked for it.
export interface DrainTenantPayload {
  tenantId: string;
  syncId: string | null;
}
