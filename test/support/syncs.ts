// Uploading files and following a sync to its end, through the public API only.
import type { HttpClient, HttpResponse } from './http';

export const FINAL = ['completed', 'completed_with_errors', 'failed', 'cancelled'];
export const SETTLED = [...FINAL, 'previewed', 'awaiting_confirmation'];

export interface UploadOptions {
  action?: 'upsert' | 'delete';
  dryRun?: boolean;
  fileName?: string;
  idempotencyKey?: string;
}

export function upload(
  http: HttpClient,
  tenantId: string,
  token: string,
  file: Buffer | string,
  options: UploadOptions = {},
): Promise<HttpResponse> {
  const query = `action=${options.action ?? 'upsert'}${options.dryRun ? '&dryRun=true' : ''}`;
  return http.upload(`/api/tenants/${tenantId}/csv-sync/syncs?${query}`, file, {
    token,
    fileName: options.fileName,
    headers: options.idempotencyKey ? { 'idempotency-key': options.idempotencyKey } : undefined,
  });
}

export interface RevertOptions {
  dryRun?: boolean;
  idempotencyKey?: string;
}

/** POST .../syncs/:syncId/revert (SPEC §10). */
export function revert(
  http: HttpClient,
  tenantId: string,
  token: string,
  syncId: string,
  options: RevertOptions = {},
): Promise<HttpResponse> {
  return http.request(
    'POST',
    `/api/tenants/${tenantId}/csv-sync/syncs/${syncId}/revert${options.dryRun ? '?dryRun=true' : ''}`,
    {
      token,
      headers: options.idempotencyKey ? { 'idempotency-key': options.idempotencyKey } : undefined,
    },
  );
}

/** Reverts a sync and waits until the revert settles. */
export async function revertSync(
  http: HttpClient,
  tenantId: string,
  token: string,
  syncId: string,
  options: RevertOptions = {},
): Promise<any> {
  const res = await revert(http, tenantId, token, syncId, options);
  if (res.status !== 202) throw new Error(`revert answered ${res.status}: ${res.text}`);
  return waitForSync(http, tenantId, res.body.id, token);
}

/** Polls the sync until its status is one of `statuses` (by default any settled one), or fails at the deadline. */
export async function waitForSync(
  http: HttpClient,
  tenantId: string,
  syncId: string,
  token: string,
  options: { statuses?: string[]; timeoutMs?: number } = {},
): Promise<any> {
  const statuses = options.statuses ?? SETTLED;
  const deadline = Date.now() + (options.timeoutMs ?? 60_000);
  let last: any;
  while (Date.now() < deadline) {
    const res = await http.get(`/api/tenants/${tenantId}/csv-sync/syncs/${syncId}`, token);
    if (res.status !== 200) throw new Error(`GET sync answered ${res.status}: ${res.text}`);
    last = res.body;
    if (statuses.includes(last.status)) return last;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(
    `sync ${syncId} did not reach ${statuses.join('/')} in time; last: ${JSON.stringify(last)}`,
  );
}

/** Uploads a file and waits until the sync settles. */
export async function syncFile(
  http: HttpClient,
  tenantId: string,
  token: string,
  file: Buffer | string,
  options: UploadOptions = {},
): Promise<any> {
  const res = await upload(http, tenantId, token, file, options);
  if (res.status !== 202) throw new Error(`upload answered ${res.status}: ${res.text}`);
  return waitForSync(http, tenantId, res.body.id, token);
}

/** Every page of a list, following nextCursor. */
export async function allPages<T = any>(
  http: HttpClient,
  path: string,
  token: string,
  limit = 500,
): Promise<T[]> {
  const items: T[] = [];
  let cursor: string | null = null;
  do {
    const sep = path.includes('?') ? '&' : '?';
    const res: HttpResponse = await http.get(
      `${path}${sep}limit=${limit}${cursor ? `&cursor=${cursor}` : ''}`,
      token,
    );
    if (res.status !== 200) throw new Error(`GET ${path} answered ${res.status}: ${res.text}`);
    items.push(...res.body.items);
    cursor = res.body.nextCursor;
  } while (cursor);
  return items;
}

export const records = (http: HttpClient, tenantId: string, syncId: string, token: string, query = '') =>
  allPages(
    http,
    `/api/tenants/${tenantId}/csv-sync/syncs/${syncId}/records${query ? `?${query}` : ''}`,
    token,
  );

export const users = (http: HttpClient, tenantId: string, token: string, query = '') =>
  allPages(http, `/api/tenants/${tenantId}/users${query ? `?${query}` : ''}`, token);
