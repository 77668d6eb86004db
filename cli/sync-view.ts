// The shapes the service answers with (SPEC §7), as far as this client reads them; it never imports the
// service's code, only speaks its HTTP API.

export interface SyncView {
  id: string;
  tenantId: string;
  fileName: string;
  action: string;
  status: string;
  dryRun: boolean;
  actor: string;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
  configVersion: number;
  encoding: string;
  delimiter: string;
  warnings: { code: string; message: string }[];
  error: { code: string; message: string } | null;
  progress: { processedRows: number; totalRows: number; percent: number };
  /** A revert (action "revert"): the sync it undoes. Absent from services before revert (SPEC §10). */
  revertOf?: string | null;
  /** The revert of this sync, once there is one. */
  revertedBy?: string | null;
  counts: {
    total: number;
    added: number;
    updated: number;
    unchanged: number;
    deleted: number;
    notFound: number;
    failed: number;
  };
}

export interface RecordView {
  line: number;
  email: string | null;
  outcome: string;
  changes: Record<string, { from: unknown; to: unknown }> | null;
  error: { code: string; message: string; column?: string | null } | null;
}

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

/** The API paths of a tenant's syncs. */
export function syncsPath(tenantId: string, syncId?: string, tail = ''): string {
  const base = `/api/tenants/${encodeURIComponent(tenantId)}/csv-sync/syncs`;
  return syncId === undefined ? base : `${base}/${encodeURIComponent(syncId)}${tail}`;
}
