// GET .../csv-sync/template?action=…[&example=true]: the CSV template, saved under the service's file name.
import { downloadFile } from '@/lib/files';
import type { SyncAction } from './upload-sync';

export function downloadTemplate(tenantId: string, action: SyncAction, example: boolean): Promise<void> {
  const query = new URLSearchParams({ action, ...(example ? { example: 'true' } : {}) });
  return downloadFile(
    `/api/tenants/${encodeURIComponent(tenantId)}/csv-sync/template?${query}`,
    `${tenantId}-users-${action}-template.csv`,
  );
}
