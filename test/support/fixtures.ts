// Building blocks of the e2e tests: tenants, configurations, tokens, through the public API only.
import { STAFF_TOKEN } from './env';
import { HttpClient } from './http';

export { STAFF_TOKEN };

/** The configuration of SPEC §4. */
export const EXAMPLE_CONFIG = {
  emailColumn: 'Email',
  attributes: [
    { key: 'firstName', column: 'First Name', type: 'string', required: true, maxLength: 100 },
    { key: 'lastName', column: 'Last Name', type: 'string', required: true },
    { key: 'department', column: 'Department', type: 'enum', values: ['R&D', 'Sales', 'HR'] },
    { key: 'startDate', column: 'Start Date', type: 'date' },
    { key: 'isManager', column: 'Manager', type: 'boolean' },
    { key: 'costCenter', column: 'Cost Center', type: 'integer' },
    { key: 'groups', column: 'Groups', type: 'list', separator: '|', values: ['Admins', 'Scouts'] },
  ],
  unknownColumns: 'reject',
  emptyCell: 'keep',
  deleteGuardPercent: 50,
};

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
