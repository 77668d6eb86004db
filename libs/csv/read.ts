// Reading CSV records from decoded text (SPEC §6): RFC 4180 through csv-parse, streamed with backpressure,
// with the file's own line numbers, trimmed cells, and the problems of cells that cannot be stored.
import { once } from 'node:events';
import { CsvError, parse } from 'csv-parse';
import { Delimiter, firstContentLine, sniffDelimiter } from './sniff';

export interface CellProblem {
  code: 'INVALID_CHARACTER' | 'VALUE_TOO_LONG';
  /** The 0-based index of the cell. */
  index: number;
  message: string;
}

export interface CsvRecord {
  /** The physical line where the record starts; the header is line 1. */
  line: number;
  cells: string[];
  problems: CellProblem[];
}

export class CsvSyntaxError extends Error {
  readonly code = 'INVALID_CSV';

  constructor(
    message: string,
    readonly line: number,
    readonly column: number,
  ) {
    super(message);
  }
}

export interface CsvReaderOptions {
  /** Sniffed from the header line when not given. */
  delimiter?: Delimiter;
  /** Longer cells are cut to this length and fail their row (default 10,000 characters). */
  maxCellLength?: number;
}

export const DEFAULT_MAX_CELL_LENGTH = 10_000;

interface NumberedRecord {
  line: number;
  record: string[];
}

export class CsvReader {
  private sniffed: Delimiter | undefined;
  private readonly maxCellLength: number;

  constructor(options: CsvReaderOptions = {}) {
    this.sniffed = options.delimiter;
    this.maxCellLength = options.maxCellLength ?? DEFAULT_MAX_CELL_LENGTH;
  }

  /** The delimiter in use: the given one, or the sniffed one once reading has begun. */
  get delimiter(): Delimiter | undefined {
    return this.sniffed;
  }

  /** The header record first, then every data record; records whose cells are all empty are skipped. */
  async *read(text: AsyncIterable<string>): AsyncGenerator<CsvRecord> {
    for await (const batch of this.readBatches(text)) yield* batch;
  }

  /**
   * The same records in arrays of those parsed so far (never empty): one await per batch instead of one per
   * record, which matters at a million records.
   */
  async *readBatches(text: AsyncIterable<string>): AsyncGenerator<CsvRecord[]> {
    const input = text[Symbol.asyncIterator]();
    const head = await readHead(input);
    this.sniffed ??= sniffDelimiter(firstContentLine(head)?.line ?? head);
    const parser = parse({
      delimiter: this.sniffed,
      relax_column_count: true,
      relax_quotes: true,
      record_delimiter: ['\r\n', '\n', '\r'],
      bom: false,
      skip_empty_lines: false,
    });
    // Lines are counted here rather than taken from csv-parse's `info`, which counts a CRLF inside quotes as
    // two lines: a record spans one line plus the line breaks inside its values. Records are numbered as
    // csv-parse pushes them ('data' in flowing mode is synchronous), so when it fails, `next` is the first
    // line of the record it was reading. (on_record would do the same, at twice the cost of the whole parse:
    // csv-parse builds an info object for every record.)
    const records = new RecordQueue();
    let next = 1;
    parser.on('data', (record: string[]) => {
      records.push({ line: next, record });
      next += 1 + lineBreaks(record);
    });
    parser.on('error', (error) => records.fail(error instanceof CsvError ? syntaxError(error, next) : error));
    parser.on('end', () => records.end());
    const stop = new AbortController();
    void feed(parser, head, input, records, stop.signal);

    try {
      for (let batch = await records.take(); batch; batch = await records.take()) {
        const cleaned: CsvRecord[] = [];
        for (const { line, record } of batch) {
          const parsed = this.clean(line, record);
          if (parsed) cleaned.push(parsed);
        }
        if (cleaned.length > 0) yield cleaned;
      }
    } finally {
      stop.abort();
      records.end(); // wakes the feeder if it waits for room
      parser.destroy();
    }
  }

  private clean(line: number, record: string[]): CsvRecord | null {
    const problems: CellProblem[] = [];
    let content = false;
    const cells = record.map((raw, index) => {
      let cell = trimSpaces(raw);
      if (cell.includes('\u0000')) {
        cell = cell.replaceAll('\u0000', '');
        problems.push({
          code: 'INVALID_CHARACTER',
          index,
          message: 'contains a NUL byte, which cannot be stored',
        });
      }
      if (cell.length > this.maxCellLength) {
        problems.push({
          code: 'VALUE_TOO_LONG',
          index,
          message: `is longer than ${this.maxCellLength} characters`,
        });
        cell = cell.slice(0, this.maxCellLength);
      }
      if (cell !== '') content = true;
      return cell;
    });
    return content || problems.length > 0 ? { line, cells, problems } : null;
  }
}

/** Text up to the end of the first line with content (or all of it), enough to sniff the delimiter. */
async function readHead(input: AsyncIterator<string>): Promise<string> {
  let head = '';
  for (;;) {
    const next = await input.next();
    if (next.done) return head;
    head += next.value;
    if (firstContentLine(head)) return head;
  }
}

/** Numbered records between the parser and the reader; the parser is fed while fewer than this wait. */
const QUEUE_HIGH_WATER = 2000;

/** Records that csv-parse has pushed and the reader has not taken yet, and how the parse ended. */
class RecordQueue {
  private records: NumberedRecord[] = [];
  private ended = false;
  private error: Error | null = null;
  private wake: (() => void) | null = null;

  get length(): number {
    return this.records.length;
  }

  push(record: NumberedRecord): void {
    this.records.push(record);
    this.notify();
  }

  end(): void {
    this.ended = true;
    this.notify();
  }

  fail(error: Error): void {
    this.error ??= error;
    this.notify();
  }

  /** All records waiting (at least one), null at the end; throws the parse's error as soon as there is one. */
  async take(): Promise<NumberedRecord[] | null> {
    for (;;) {
      if (this.error) throw this.error;
      if (this.records.length > 0) {
        const records = this.records;
        this.records = [];
        this.notify(); // the feeder may be waiting for room
        return records;
      }
      if (this.ended) return null;
      await this.changed();
    }
  }

  /** Resolves at the next push, take, end or failure. */
  changed(): Promise<void> {
    return new Promise((resolve) => {
      const previous = this.wake;
      this.wake = () => {
        previous?.();
        resolve();
      };
    });
  }

  private notify(): void {
    const wake = this.wake;
    this.wake = null;
    wake?.();
  }
}

/** Writes the text into the parser while the reader keeps up; a failing input fails the parser with its error. */
async function feed(
  parser: ReturnType<typeof parse>,
  head: string,
  input: AsyncIterator<string>,
  records: RecordQueue,
  signal: AbortSignal,
): Promise<void> {
  try {
    let chunk: string | undefined = head;
    let carry = '';
    while (chunk !== undefined) {
      let text = carry + chunk;
      // csv-parse turns each chunk into UTF-8 bytes: half of a surrogate pair would become U+FFFD.
      carry = isHighSurrogate(text.charCodeAt(text.length - 1)) ? text.slice(-1) : '';
      if (carry) text = text.slice(0, -1);
      while (records.length >= QUEUE_HIGH_WATER && !signal.aborted) await records.changed();
      if (signal.aborted) return;
      if (text && !parser.write(text)) await once(parser, 'drain', { signal });
      const next = await input.next();
      chunk = next.done ? undefined : next.value;
    }
    if (carry) parser.write(carry);
    parser.end();
  } catch (error) {
    if (!signal.aborted) parser.destroy(error as Error);
  } finally {
    if (signal.aborted) void input.return?.();
  }
}

function isHighSurrogate(code: number): boolean {
  return code >= 0xd800 && code <= 0xdbff;
}

/** Line breaks inside the values of a record (CRLF, LF or CR, each one break). */
function lineBreaks(record: string[]): number {
  let count = 0;
  for (const cell of record) {
    if (!cell.includes('\n') && !cell.includes('\r')) continue;
    for (let i = 0; i < cell.length; i += 1) {
      const code = cell.charCodeAt(i);
      if (code === 0x0a) count += 1;
      else if (code === 0x0d) {
        count += 1;
        if (cell.charCodeAt(i + 1) === 0x0a) i += 1;
      }
    }
  }
  return count;
}

function trimSpaces(cell: string): string {
  let start = 0;
  let end = cell.length;
  while (start < end && isSpace(cell.charCodeAt(start))) start += 1;
  while (end > start && isSpace(cell.charCodeAt(end - 1))) end -= 1;
  return start === 0 && end === cell.length ? cell : cell.slice(start, end);
}

function isSpace(code: number): boolean {
  return code === 0x20 || code === 0x09;
}

function syntaxError(error: CsvError, line: number): CsvSyntaxError {
  const column = ((error as CsvError & { column?: number }).column ?? 0) + 1;
  if (error.code === 'CSV_QUOTE_NOT_CLOSED') {
    return new CsvSyntaxError(
      `Line ${line}: a quoted value that opens here (column ${column}) is never closed, so the rest of the file ` +
        'cannot be read. Check this line for a stray double quote (").',
      line,
      column,
    );
  }
  return new CsvSyntaxError(`Line ${line}, column ${column}: ${error.message}`, line, column);
}
