// The names of audit events; `action` filters use them.
export const AUDIT_ACTIONS = [
  'tenant.created',
  'csv_sync.activated',
  'csv_sync.deactivated',
  'csv_sync.configured',
  'token.issued',
  'token.revoked',
  'sync.uploaded',
  'sync.previewed',
  'sync.awaiting_confirmation',
  'sync.applied',
  'sync.cancelled',
  'sync.completed',
  'sync.failed',
  'logs.purged',
] as const;

export type AuditAction = (typeof AUDIT_ACTIONS)[number];
