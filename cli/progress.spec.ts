import { BarProgress, createProgress, formatBytes, LineProgress } from './progress';
import type { SyncView } from './sync-view';

function terminal(isTTY: boolean) {
  const written: string[] = [];
  return { isTTY, written, write: (text: string) => written.push(text) };
}

const sync = (status: string, processedRows: number, totalRows = 100): SyncView =>
  ({
    id: 'a1b2',
    status,
    progress: { processedRows, totalRows, percent: Math.floor((processedRows * 100) / totalRows) },
  }) as SyncView;

describe('progress', () => {
  it('draws a bar only when standard output and standard error are terminals', () => {
    expect(createProgress(terminal(true), terminal(true) as never)).toBeInstanceOf(BarProgress);
    expect(createProgress(terminal(false), terminal(true) as never)).toBeInstanceOf(LineProgress);
    expect(createProgress(terminal(true), terminal(false) as never)).toBeInstanceOf(LineProgress);
  });

  it('writes plain lines: one per tenth of the file sent, per status and per tenth of the rows', () => {
    const out = terminal(false);
    const progress = new LineProgress(out);
    for (let sent = 0; sent <= 1000; sent += 50) progress.sending(sent, 1000);
    progress.sync(sync('queued', 0));
    progress.sync(sync('queued', 0));
    progress.sync(sync('processing', 5));
    progress.sync(sync('processing', 9));
    progress.sync(sync('processing', 12));
    progress.sync(sync('completed', 100));
    progress.notice('retrying in 1.0 s');
    const lines = out.written.join('').split('\n').filter(Boolean);
    expect(lines.filter((l) => l.startsWith('sent '))).toHaveLength(11);
    expect(lines[0]).toBe('sent 0 B of 1000 B (0%)');
    expect(lines[10]).toBe('sent 1000 B of 1000 B (100%)');
    expect(lines.slice(11)).toEqual([
      'sync a1b2 queued: 0 of 100 rows (0%)',
      'sync a1b2 processing: 5 of 100 rows (5%)',
      'sync a1b2 processing: 12 of 100 rows (12%)',
      'sync a1b2 completed: 100 of 100 rows (100%)',
      'retrying in 1.0 s',
    ]);
  });

  it('formats sizes as people read them', () => {
    expect(formatBytes(512)).toBe('512 B');
    expect(formatBytes(1536)).toBe('1.5 KB');
    expect(formatBytes(200 * 1024 * 1024)).toBe('200 MB');
  });
});
