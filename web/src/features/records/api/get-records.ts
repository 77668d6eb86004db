// GET .../syncs/:syncId/records: one page of a file's outcome records at a time (a file may have a million).
import { keepPreviousData, queryOptions, useQuery } from '@tanstack/react-query';
import { api, unwrap } from '@/lib/api-client';
import type { components } from '@/lib/api-types';

export type SyncRecord = components['schemas']['RecordDto'];
export type Outcome = SyncRecord['outcome'];

export const RECORDS_PAGE_SIZE = 100;

export async function getRecords(
  tenantId: string,
  syncId: string,
  outcome: Outcome | null,
  cursor: string | null,
) {
  return unwrap(
    await api.GET('/api/tenants/{tenantId}/csv-sync/syncs/{syncId}/records', {
      params: {
        path: { tenantId, syncId },
        query: {
          limit: RECORDS_PAGE_SIZE,
          cursor: cursor ?? undefined,
          outcome: outcome ? [outcome] : undefined,
        },
      },
    }),
  );
}

export const recordsQueryOptions = (
  tenantId: string,
  syncId: string,
  outcome: Outcome | null,
  cursor: string | null,
) =>
  queryOptions({
    queryKey: ['records', tenantId, syncId, { outcome, cursor }],
    queryFn: () => getRecords(tenantId, syncId, outcome, cursor),
    placeholderData: keepPreviousData,
  });

export function useRecords(tenantId: string, syncId: string, outcome: Outcome | null, cursor: string | null) {
  return useQuery(recordsQueryOptions(tenantId, syncId, outcome, cursor));
}
