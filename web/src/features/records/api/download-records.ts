// GET .../syncs/:syncId/records.csv: the records as CSV; with outcome=failed, the error report (the rows'
// own columns plus line, error_code and error_message, ready to fix and upload again).
import { downloadFile } from '@/lib/files';
import type { Outcome } from './get-records';

export function downloadRecords(tenantId: string, syncId: string, outcome: Outcome | null): Promise<void> {
  const query = outcome ? `?outcome=${outcome}` : '';
  return downloadFile(
    `/api/tenants/${encodeURIComponent(tenantId)}/csv-sync/syncs/${encodeURIComponent(syncId)}/records.csv${query}`,
    outcome === 'failed' ? 'error-report.csv' : 'records.csv',
  );
}
