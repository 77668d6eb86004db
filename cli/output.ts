// What people read on standard output: a sync in a few lines, the sync list and records as aligned tables.
import type { RecordView, SyncView } from './sync-view';

export function describeSync(sync: SyncView): string {
  const lines = [
    `sync ${sync.id} ${sync.status}`,
    `  file ${sync.fileName}, ${sync.action}${sync.dryRun ? ' (dry run)' : ''}, by ${sync.actor}, ${sync.createdAt}`,
    `  rows ${describeCounts(sync)}`,
  ];
  if (sync.revertOf) lines.push(`  reverts sync ${sync.revertOf}`);
  if (sync.revertedBy) lines.push(`  reverted by sync ${sync.revertedBy}`);
  for (const warning of sync.warnings ?? []) lines.push(`  warning ${warning.code}: ${warning.message}`);
  if (sync.error) lines.push(`  error ${sync.error.code}: ${sync.error.message}`);
  return `${lines.join('\n')}\n`;
}

function describeCounts(sync: SyncView): string {
  const c = sync.counts;
  const parts: [number, string][] = [
    [c.added, 'added'],
    [c.updated, 'updated'],
    [c.unchanged, 'unchanged'],
    [c.deleted, 'deleted'],
    [c.notFound, 'not found'],
    [c.failed, 'failed'],
  ];
  const shown = parts.filter(([n]) => n > 0).map(([n, what]) => `${n} ${what}`);
  const processed =
    sync.progress.processedRows < c.total ? ` (${sync.progress.processedRows} processed)` : '';
  // A revert has no file: its rows are the records of the sync it undoes.
  const where = sync.action === 'revert' ? 'to undo' : 'in the file';
  return `${c.total} ${where}${processed}${shown.length ? `: ${shown.join(', ')}` : ''}`;
}

/** Columns padded to their widest cell; the last column is not padded. */
export function table(header: string[], rows: string[][]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) =>
    cells
      .map((cell, i) => (i === cells.length - 1 ? cell : cell.padEnd(widths[i])))
      .join('  ')
      .trimEnd();
  return `${[line(header), ...rows.map(line)].join('\n')}\n`;
}

export function syncTable(syncs: SyncView[]): string {
  return table(
    ['CREATED', 'ID', 'ACTION', 'STATUS', 'ROWS', 'FAILED', 'FILE'],
    syncs.map((s) => [
      s.createdAt.replace(/\.\d+Z$/, 'Z'),
      s.id,
      s.action + (s.dryRun ? ' (dry run)' : ''),
      s.status,
      String(s.counts.total),
      String(s.counts.failed),
      s.fileName,
    ]),
  );
}

export function recordTable(records: RecordView[]): string {
  return table(
    ['LINE', 'OUTCOME', 'EMAIL', 'DETAILS'],
    records.map((r) => [String(r.line), r.outcome, r.email ?? '', recordDetails(r)]),
  );
}

function recordDetails(record: RecordView): string {
  if (record.error) {
    const column = record.error.column ? ` (${record.error.column})` : '';
    return `${record.error.code}${column}: ${record.error.message}`;
  }
  if (record.outcome === 'updated' && record.changes) {
    return Object.entries(record.changes)
      .map(([key, change]) => `${key}: ${JSON.stringify(change.from)} -> ${JSON.stringify(change.to)}`)
      .join('; ');
  }
  return '';
}
