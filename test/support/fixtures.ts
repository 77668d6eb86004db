// Building blocks of the e2e tests: tenants, configurations, tokens, through the public API only.
import { STAFF_TOKEN } from './env';
import exampleConfig from '../../scripts/example-config.json';
import { HttpClient } from './http';

export { STAFF_TOKEN };

/** The configuration of SPEC §4 (the benchmark uses the same file). */
export const EXAMPLE_CONFIG = exampleConfig;

let counter = 0;
export function uniqueTenantId(prefix = 't'): string {
  counter += 1;
  return `${prefix}-${process.pid}-${counter}-${Math.random().toString(36).slice(2, 6)}`;
}

export interface TenantSetup {
  tenantId: string;
  adminToken: string;
  adminTokenId: string;
}

/** A tenant, optionally activated and configured, with one admin token. */
export async function setUpTenant(
  http: HttpClient,
  options: { enabled?: boolean; config?: unknown; tokenName?: string; tenantId?: string } = {},
): Promise<TenantSetup> {
  const tenantId = options.tenantId ?? uniqueTenantId();
  await expectStatus(
    http.post('/api/tenants', { id: tenantId, name: `Tenant ${tenantId}` }, STAFF_TOKEN),
    201,
  );
  if (options.config !== null) {
    await expectStatus(
      http.put(`/api/tenants/${tenantId}/csv-sync/config`, options.config ?? EXAMPLE_CONFIG, STAFF_TOKEN),
      200,
    );
  }
  if (options.enabled ?? true) {
    await expectStatus(
      http.put(`/api/tenants/${tenantId}/csv-sync/activation`, { enabled: true }, STAFF_TOKEN),
      200,
    );
  }
  const token = await expectStatus(
    http.post(`/api/tenants/${tenantId}/tokens`, { name: options.tokenName ?? 'Jane Doe' }, STAFF_TOKEN),
    201,
  );
  return { tenantId, adminToken: token.body.token, adminTokenId: token.body.id };
}

export async function expectStatus<T extends { status: number; text: string }>(
  pending: Promise<T>,
  status: number,
): Promise<T> {
  const response = await pending;
  if (response.status !== status) {
    throw new Error(`expected HTTP ${status}, got ${response.status}: ${response.text.slice(0, 500)}`);
  }
  return response;
}
