// POST .../csv-sync/syncs?action=…&dryRun=…: the file as multipart, with the bytes sent reported as it goes.
import { uploadFile, type UploadProgress } from '@/lib/files';
import type { Sync } from './get-sync';

export type SyncAction = 'upsert' | 'delete';

export interface UploadInput {
  tenantId: string;
  action: SyncAction;
  dryRun: boolean;
  file: File;
  onProgress: (progress: UploadProgress) => void;
  signal?: AbortSignal;
}

export function uploadSync({
  tenantId,
  action,
  dryRun,
  file,
  onProgress,
  signal,
}: UploadInput): Promise<Sync> {
  const query = new URLSearchParams({ action, dryRun: String(dryRun) });
  return uploadFile<Sync>(
    `/api/tenants/${encodeURIComponent(tenantId)}/csv-sync/syncs?${query}`,
    file,
    onProgress,
    signal,
  );
}
