// What an audit event says, in words: its action's name and a one-line summary of its details. Details are
// whatever the service recorded; anything unexpected gives no summary (the raw details are shown beside it).

export const AUDIT_ACTION_LABELS: Record<string, string> = {
  'tenant.created': 'Tenant created',
  'csv_sync.activated': 'CSV sync switched on',
  'csv_sync.deactivated': 'CSV sync switched off',
  'csv_sync.configured': 'Configuration saved',
  'token.issued': 'Token issued',
  'token.revoked': 'Token revoked',
  'sync.uploaded': 'File uploaded',
  'sync.previewed': 'Dry run previewed',
  'sync.awaiting_confirmation': 'Waiting for confirmation',
  'sync.applied': 'Sync applied',
  'sync.cancelled': 'Sync cancelled',
  'sync.completed': 'Sync completed',
  'sync.failed': 'Sync failed',
  'logs.purged': 'Old logs removed',
};

export function actionLabel(action: string): string {
  return AUDIT_ACTION_LABELS[action] ?? action;
}

const SYNC_ACTIONS: Record<string, string> = { upsert: 'Add/Update', delete: 'Delete', revert: 'Revert' };
const COUNTS: [string[], string][] = [
  [['added'], 'added'],
  [['updated'], 'updated'],
  [['unchanged'], 'unchanged'],
  [['deleted'], 'deleted'],
  [['notFound', 'not_found'], 'not found'],
  [['failed'], 'failed'],
];

type Details = Record<string, unknown>;

const text = (value: unknown): string | undefined =>
  typeof value === 'string' && value !== '' ? value : undefined;
const count = (value: unknown): number | undefined => {
  const n = typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : value;
  return typeof n === 'number' && Number.isFinite(n) ? n : undefined;
};
const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

function countsLine(counts: unknown): string | undefined {
  if (!counts || typeof counts !== 'object') return undefined;
  const c = counts as Details;
  const parts = COUNTS.flatMap(([keys, word]) => {
    const n = keys.map((key) => count(c[key])).find((v) => v !== undefined);
    return n ? [`${n} ${word}`] : [];
  });
  return parts.length > 0 ? parts.join(', ') : 'no rows';
}

/** A one-line summary of an event's details, or '' when there is nothing to say in words. */
export function describeEvent(action: string, details: Details | null | undefined): string {
  const d = details ?? {};
  switch (action) {
    case 'tenant.created':
      return text(d.name) ? `“${text(d.name)}”` : '';
    case 'csv_sync.configured': {
      const version = count(d.version);
      if (version === undefined) return '';
      const previous = count(d.previousVersion);
      const config = d.config as Details | undefined;
      const attributes = Array.isArray(config?.attributes) ? config.attributes.length : undefined;
      return [
        `Version ${version}${previous ? ` (was ${previous})` : ' (the first)'}`,
        attributes === undefined ? undefined : plural(attributes, 'attribute'),
      ]
        .filter(Boolean)
        .join(', ');
    }
    case 'token.issued':
    case 'token.revoked':
      return text(d.name) ? `“${text(d.name)}”` : '';
    case 'sync.uploaded': {
      const parts = [
        text(d.fileName),
        SYNC_ACTIONS[String(d.action)]
          ? `${SYNC_ACTIONS[String(d.action)]}${d.dryRun ? ', dry run' : ''}`
          : undefined,
        count(d.rows) === undefined ? undefined : plural(count(d.rows) as number, 'row'),
      ];
      return parts.filter(Boolean).join(' · ');
    }
    case 'sync.previewed':
    case 'sync.completed':
      return countsLine(d.counts) ?? '';
    case 'sync.awaiting_confirmation':
      return text(d.reason) ?? '';
    case 'sync.failed': {
      const error = d.error as Details | undefined;
      return text(error?.message) ?? text(error?.code) ?? '';
    }
    case 'logs.purged': {
      const syncs = count(d.syncs);
      return syncs === undefined
        ? ''
        : `${plural(syncs, 'sync')} older than ${count(d.retentionDays) ?? '?'} days`;
    }
    default:
      return '';
  }
}

/** The sync an event is about, if any (for a link to its records). */
export function eventSyncId(details: Details | null | undefined): string | undefined {
  return text(details?.syncId);
}
