// How values read in the console: times in the browser's locale, sizes, statuses, outcomes and changes.

export function formatDateTime(value: string | Date | null | undefined): string {
  if (!value) return '—';
  const date = typeof value === 'string' ? new Date(value) : value;
  if (Number.isNaN(date.getTime())) return '—';
  return new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' }).format(date);
}

export function formatNumber(value: number): string {
  return new Intl.NumberFormat().format(value);
}

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${formatNumber(bytes)} B`;
  const units = ['KB', 'MB', 'GB'];
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return `${new Intl.NumberFormat(undefined, { maximumFractionDigits: 1 }).format(value)} ${units[unit]}`;
}

export const ACTION_LABELS: Record<string, string> = {
  upsert: 'Add/Update',
  delete: 'Delete',
  revert: 'Revert',
};

export const STATUS_LABELS: Record<string, string> = {
  queued: 'Queued',
  processing: 'Processing',
  previewed: 'Previewed',
  awaiting_confirmation: 'Awaiting confirmation',
  completed: 'Completed',
  completed_with_errors: 'Completed with errors',
  failed: 'Failed',
  cancelled: 'Cancelled',
};

/** Statuses after which a sync changes no more by itself (polling stops there). */
export const SETTLED_STATUSES = [
  'previewed',
  'awaiting_confirmation',
  'completed',
  'completed_with_errors',
  'failed',
  'cancelled',
];

export const OUTCOME_LABELS: Record<string, string> = {
  added: 'Added',
  updated: 'Updated',
  unchanged: 'Unchanged',
  deleted: 'Deleted',
  not_found: 'Not found',
  failed: 'Failed',
};

export function label(labels: Record<string, string>, value: string): string {
  return labels[value] ?? value;
}

/** A stored attribute value as text: lists joined, booleans as Yes/No, nothing as an em dash. */
export function formatValue(value: unknown): string {
  if (value === null || value === undefined || value === '') return '—';
  if (Array.isArray(value)) return value.length === 0 ? '—' : value.map((v) => formatValue(v)).join(', ');
  if (typeof value === 'boolean') return value ? 'Yes' : 'No';
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

export interface ChangeLine {
  key: string;
  from: string;
  to: string;
  /** Added users have no "from"; deleted ones no "to": only one side is worth showing. */
  kind: 'changed' | 'set' | 'removed';
}

/** A record's `changes` ({ key: { from, to } }) as lines "key: from → to", in the order the API gave them. */
export function changeLines(
  changes: Record<string, { from?: unknown; to?: unknown }> | null | undefined,
): ChangeLine[] {
  if (!changes) return [];
  return Object.entries(changes).map(([key, change]) => {
    const from = change?.from ?? null;
    const to = change?.to ?? null;
    const kind = from === null ? 'set' : to === null ? 'removed' : 'changed';
    return { key, from: formatValue(from), to: formatValue(to), kind };
  });
}
