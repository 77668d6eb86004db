// Reading CSV records from decoded text (SPEC §6): RFC 4180 through csv-parse, streamed with backpressure,
// with the file's own line numbers, trimmed cells, the problems of cells that cannot be stored, and limits on
// the header row and on a record, so that no file makes the reader hold more than a record's worth of text.
import { once } from 'node:events';
import { CsvError, parse } from 'csv-parse';
import { Delimiter, sniffDelimiter } from './sniff';

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

/** The header row is longer than its limit: refused as soon as the limit is passed, without reading on. */
export class HeaderTooLongError extends Error {
  readonly code = 'HEADER_TOO_LONG';

  constructor(
    readonly line: number,
    readonly limit: number,
  ) {
    super(
      `Line ${line}: the header row is longer than ${limit} characters, so it cannot be a row of column names. ` +
        'Check that the file is a CSV file whose first row names the columns.',
    );
  }
}

export interface CsvReaderOptions {
  /** Sniffed from the header line when not given. */
  delimiter?: Delimiter;
  /** Longer cells are cut to this length and fail their row (default 10,000 characters). */
  maxCellLength?: number;
  /** A longer header row refuses the file at once (default 262,144 characters). */
  maxHeaderLength?: number;
  /** A longer record refuses the file, naming its line (default 16 Mi characters). */
  maxRecordLength?: number;
}

export const DEFAULT_MAX_CELL_LENGTH = 10_000;
export const DEFAULT_MAX_HEADER_LENGTH = 256 * 1024;
export const DEFAULT_MAX_RECORD_LENGTH = 16 * 1024 * 1024;

/**
 * The most text csv-parse is given at once. The reader yields to the event loop between pieces: csv-parse
 * builds an error object for every record whose cell count differs from the header's, so a chunk of short rows
 * is slow, and other requests must not wait for a whole chunk of them.
 */
const PIECE_CHARS = 4 * 1024;

const CR = 0x0d;
const LF = 0x0a;
const QUOTE = 0x22;

interface NumberedRecord {
  line: number;
  record: string[];
}

export class CsvReader {
  private sniffed: Delimiter | undefined;
  private readonly maxCellLength: number;
  private readonly maxHeaderLength: number;
  private readonly maxRecordLength: number;

  constructor(options: CsvReaderOptions = {}) {
    this.sniffed = options.delimiter;
    this.maxCellLength = options.maxCellLength ?? DEFAULT_MAX_CELL_LENGTH;
    this.maxHeaderLength = options.maxHeaderLength ?? DEFAULT_MAX_HEADER_LENGTH;
    this.maxRecordLength = options.maxRecordLength ?? DEFAULT_MAX_RECORD_LENGTH;
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
    let head: Head;
    try {
      head = await readHead(input, this.maxHeaderLength);
    } catch (error) {
      await input.return?.();
      throw error;
    }
    this.sniffed ??= sniffDelimiter(head.headerLine);
    const maxRecordLength = this.maxRecordLength;
    const parser = parse({
      delimiter: this.sniffed,
      relax_column_count: true,
      relax_quotes: true,
      record_delimiter: ['\r\n', '\n', '\r'],
      bom: false,
      skip_empty_lines: true,
      // csv-parse buffers a value whole; past this it stops with CSV_MAX_RECORD_SIZE instead.
      max_record_size: maxRecordLength,
    });
    // Lines are counted here rather than taken from csv-parse's `info`, which counts a CRLF inside quotes as
    // two lines: a record spans one line plus the line breaks inside its values, after the empty lines that
    // csv-parse skipped before it (`info.empty_lines`, counted up to the record when it is pushed). Records are
    // numbered as csv-parse pushes them ('data' in flowing mode is synchronous), so when it fails, `next` plus
    // the empty lines skipped since is the first line of the record it was reading. (on_record would do the
    // same, at twice the cost of the whole parse: csv-parse builds an info object for every record.)
    const records = new RecordQueue();
    let next = head.line;
    let emptyLines = 0;
    let pushed = 0;
    const skipEmptyLines = () => {
      next += parser.info.empty_lines - emptyLines;
      emptyLines = parser.info.empty_lines;
    };
    parser.on('data', (record: string[]) => {
      skipEmptyLines();
      records.push({ line: next, record });
      pushed += 1;
      next += 1 + lineBreaks(record);
    });
    parser.on('error', (error) => {
      if (!(error instanceof CsvError)) return records.fail(error);
      skipEmptyLines();
      records.fail(syntaxError(error, next, maxRecordLength));
    });
    parser.on('end', () => records.end());
    // max_record_size counts the characters of values only: a line of a million delimiters would become a
    // million empty cells. So the text fed since csv-parse last finished a record or skipped an empty line is
    // counted too (from the start of the piece where it did, so a record refused here is longer than the limit).
    let unfinished = 0;
    let progress = -1;
    const afterPiece = (length: number): CsvSyntaxError | null => {
      const now = pushed + parser.info.empty_lines;
      unfinished = now === progress ? unfinished + length : length;
      progress = now;
      if (unfinished <= maxRecordLength + PIECE_CHARS) return null;
      skipEmptyLines();
      const cells = (parser as unknown as { state?: { record?: unknown[] } }).state?.record?.length ?? 0;
      return recordTooLong(next, cells + 1, maxRecordLength);
    };
    const stop = new AbortController();
    void feed(parser, head.text, input, records, afterPiece, stop.signal);

    try {
      let headerSeen = false;
      for (let batch = await records.take(); batch; batch = await records.take()) {
        const cleaned: CsvRecord[] = [];
        for (const { line, record } of batch) {
          const parsed = this.clean(line, record);
          if (!parsed) continue;
          if (!headerSeen) {
            headerSeen = true;
            // The head was measured to its first line break; a quoted name may hold line breaks.
            if (recordLength(record) > this.maxHeaderLength) {
              throw new HeaderTooLongError(line, this.maxHeaderLength);
            }
          }
          cleaned.push(parsed);
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

interface Head {
  /** The text from the start of the header line on (empty lines before it are left out). */
  text: string;
  /** The line the header is on. */
  line: number;
  /** The header line, for sniffing ('' when the file has none). */
  headerLine: string;
}

/**
 * Text up to the end of the first line with content (or all of it), enough to sniff the delimiter. Only the header
 * line is kept (empty lines before it are counted), each character is looked at once, and a header line longer
 * than `limit` is refused as soon as the limit is passed. Quotes are toggled to find the line's end: a quoted
 * column name may hold a line break.
 */
async function readHead(input: AsyncIterator<string>, limit: number): Promise<Head> {
  let text = '';
  let line = 1;
  let lastWasCR = false;
  let quoted = false;
  let blank = true;
  let lineStart = 0;
  let pos = 0;
  for (;;) {
    const next = await input.next();
    if (next.done) return { text, line, headerLine: blank ? '' : text };
    text += next.value;
    for (; pos < text.length; pos += 1) {
      const c = text.charCodeAt(pos);
      if (c === QUOTE) quoted = !quoted;
      if (!quoted && (c === CR || c === LF)) {
        if (!blank) return { text: text.slice(lineStart), line, headerLine: text.slice(lineStart, pos) };
        if (c === CR || !lastWasCR) line += 1;
        lastWasCR = c === CR;
        lineStart = pos + 1;
        continue;
      }
      lastWasCR = false;
      if (blank && c !== 0x20 && c !== 0x09) blank = false;
      if (pos - lineStart >= limit) throw new HeaderTooLongError(line, limit);
    }
    // The empty lines before the header are counted, not kept.
    text = text.slice(lineStart);
    pos -= lineStart;
    lineStart = 0;
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

/**
 * Writes the text into the parser in pieces of PIECE_CHARS while the reader keeps up, letting other work run
 * between pieces; a failing input fails the parser with its error.
 */
async function feed(
  parser: ReturnType<typeof parse>,
  head: string,
  input: AsyncIterator<string>,
  records: RecordQueue,
  afterPiece: (length: number) => Error | null,
  signal: AbortSignal,
): Promise<void> {
  try {
    let chunk: string | undefined = head;
    let carry = '';
    while (chunk !== undefined) {
      for (let start = 0; start < chunk.length; start += PIECE_CHARS) {
        let text = carry + (chunk.length <= PIECE_CHARS ? chunk : chunk.slice(start, start + PIECE_CHARS));
        // csv-parse turns each piece into UTF-8 bytes: half of a surrogate pair would become U+FFFD.
        carry = isHighSurrogate(text.charCodeAt(text.length - 1)) ? text.slice(-1) : '';
        if (carry) text = text.slice(0, -1);
        while (records.length >= QUEUE_HIGH_WATER && !signal.aborted) await records.changed();
        if (signal.aborted) return;
        if (text && !write(parser, text)) await once(parser, 'drain', { signal });
        const refusal = afterPiece(text.length);
        if (refusal) return records.fail(refusal);
        await new Promise(setImmediate);
        if (signal.aborted) return;
      }
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

/**
 * parser.write without stack traces: csv-parse builds (and drops) a CsvError for every record whose cell count
 * differs from the header's, even with relax_column_count, and capturing its stack is more than half the cost of
 * such a record. The parse runs synchronously inside write, so the limit is restored before any other code runs.
 */
function write(parser: ReturnType<typeof parse>, text: string): boolean {
  const limit = Error.stackTraceLimit;
  Error.stackTraceLimit = 0;
  try {
    return parser.write(text);
  } finally {
    Error.stackTraceLimit = limit;
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
      if (code === LF) count += 1;
      else if (code === CR) {
        count += 1;
        if (cell.charCodeAt(i + 1) === LF) i += 1;
      }
    }
  }
  return count;
}

/** The characters of a record with a delimiter between its cells. */
function recordLength(record: string[]): number {
  let length = record.length - 1;
  for (const cell of record) length += cell.length;
  return length;
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

function syntaxError(error: CsvError, line: number, maxRecordLength: number): CsvSyntaxError {
  const column = ((error as CsvError & { column?: number }).column ?? 0) + 1;
  if (error.code === 'CSV_QUOTE_NOT_CLOSED') {
    return new CsvSyntaxError(
      `Line ${line}: a quoted value that opens here (column ${column}) is never closed, so the rest of the file ` +
        'cannot be read. Check this line for a stray double quote (").',
      line,
      column,
    );
  }
  if (error.code === 'CSV_MAX_RECORD_SIZE') return recordTooLong(line, column, maxRecordLength);
  return new CsvSyntaxError(`Line ${line}, column ${column}: ${error.message}`, line, column);
}

function recordTooLong(line: number, column: number, maxRecordLength: number): CsvSyntaxError {
  return new CsvSyntaxError(
    `Line ${line}: a record is longer than ${maxRecordLength} characters; the file cannot be read past it. ` +
      `Check column ${column} of this line for a value that runs on, such as a stray double quote (").`,
    line,
    column,
  );
}
