// Progress of an upload and of the sync after it: a bar for a person at a terminal (cli-progress), plain
// lines for a log file or a scheduler's mail otherwise. Both go to standard error; standard output keeps
// only the result, so that `--json` output stays parseable.
import { SingleBar } from 'cli-progress';
import type { SyncView } from './sync-view';

export interface ProgressReporter {
  /** File bytes handed to the connection so far. */
  sending(sent: number, total: number): void;
  /** The sync as the service answered or as the latest poll shows it. */
  sync(sync: SyncView): void;
  /** A message (a retry, a hint) that must not garble the bar. */
  notice(message: string): void;
  stop(): void;
}

interface Terminal {
  isTTY?: boolean;
  write(text: string): unknown;
}

/** The bar only when a person watches: standard output is a terminal (and standard error, where it is drawn). */
export function createProgress(stdout: Terminal, stderr: Terminal & NodeJS.WritableStream): ProgressReporter {
  return stdout.isTTY && stderr.isTTY ? new BarProgress(stderr) : new LineProgress(stderr);
}

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  const units = ['KB', 'MB', 'GB', 'TB'];
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return `${value.toFixed(value < 10 ? 1 : 0)} ${units[unit]}`;
}

function rowsLine(sync: SyncView): string {
  const { processedRows, totalRows, percent } = sync.progress;
  return `${sync.status}: ${processedRows} of ${totalRows} rows (${percent}%)`;
}

/** Plain lines: one per tenth of the file sent, per change of status and per tenth of the rows processed. */
export class LineProgress implements ProgressReporter {
  private lastSentTenth = -1;
  private lastStatus = '';
  private lastRowsTenth = -1;

  constructor(private readonly out: Terminal) {}

  sending(sent: number, total: number): void {
    const tenth = total === 0 ? 10 : Math.floor((sent * 10) / total);
    if (tenth === this.lastSentTenth) return;
    this.lastSentTenth = tenth;
    this.out.write(`sent ${formatBytes(sent)} of ${formatBytes(total)} (${tenth * 10}%)\n`);
  }

  sync(sync: SyncView): void {
    const tenth = Math.floor(sync.progress.percent / 10);
    if (sync.status === this.lastStatus && tenth === this.lastRowsTenth) return;
    this.lastStatus = sync.status;
    this.lastRowsTenth = tenth;
    this.out.write(`sync ${sync.id} ${rowsLine(sync)}\n`);
  }

  notice(message: string): void {
    this.out.write(`${message}\n`);
  }

  stop(): void {
    // Lines are complete as they are written.
  }
}

/** One bar for the bytes sent, then one for the rows processed. */
export class BarProgress implements ProgressReporter {
  private bar?: SingleBar;
  private phase?: 'bytes' | 'rows';

  constructor(private readonly out: Terminal & NodeJS.WritableStream) {}

  /** Ctrl-C during a bar: give the terminal its cursor back, then end as the signal would have. */
  private readonly onSignal = (signal: NodeJS.Signals) => {
    this.stop();
    process.kill(process.pid, signal);
  };

  sending(sent: number, total: number): void {
    const payload = { sentText: formatBytes(sent), totalText: formatBytes(total) };
    if (this.phase !== 'bytes') {
      this.begin('bytes', 'sending  [{bar}] {percentage}% | {sentText} of {totalText}', total, payload);
    }
    this.bar?.update(sent, payload);
  }

  sync(sync: SyncView): void {
    const { processedRows, totalRows } = sync.progress;
    const payload = { status: sync.status.padEnd(10) };
    if (this.phase !== 'rows') {
      this.begin(
        'rows',
        '{status} [{bar}] {percentage}% | {value} of {total} rows',
        Math.max(totalRows, 1),
        payload,
      );
    }
    this.bar?.setTotal(Math.max(totalRows, 1));
    this.bar?.update(processedRows, payload);
  }

  notice(message: string): void {
    // Clear the bar's line, write the message on its own line; the bar draws itself again below it.
    this.out.write(`\r\x1b[2K${message}\n`);
    this.bar?.render();
  }

  stop(): void {
    this.bar?.stop();
    this.bar = undefined;
    this.phase = undefined;
    process.removeListener('SIGINT', this.onSignal);
    process.removeListener('SIGTERM', this.onSignal);
  }

  private begin(phase: 'bytes' | 'rows', format: string, total: number, payload: object): void {
    this.bar?.stop();
    this.phase = phase;
    this.bar = new SingleBar({
      format,
      stream: this.out,
      hideCursor: true,
      barsize: 30,
      clearOnComplete: false,
      etaBuffer: 50,
    });
    this.bar.start(total, 0, payload);
    if (!process.listeners('SIGINT').includes(this.onSignal)) {
      process.once('SIGINT', this.onSignal);
      process.once('SIGTERM', this.onSignal);
    }
  }
}
