// Reading CSV records from decoded text (SPEC §6): RFC 4180 through csv-parse, streamed with backpressure,
// with the file's own line numbers, trimmed cells, and the problems of cells that cannot be stored.
import { once } from 'node:events';
import { CsvError, Options, parse } from 'csv-parse';
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
    const input = text[Symbol.asyncIterator]();
    const head = await readHead(input);
    this.sniffed ??= sniffDelimiter(firstContentLine(head)?.line ?? head);
    // Lines are counted here rather than taken from csv-parse's `info`, which counts a CRLF inside quotes as
    // two lines: a record spans one line plus the line breaks inside its values. on_record runs in parse
    // order, so `next` is the first line of the record being parsed when an error occurs.
    let next = 1;
    const numbered = (record: string[]): NumberedRecord => {
      const line = next;
      next += 1 + lineBreaks(record);
      return { line, record };
    };
    const parser = parse({
      delimiter: this.sniffed,
      relax_column_count: true,
      relax_quotes: true,
      record_delimiter: ['\r\n', '\n', '\r'],
      bom: false,
      skip_empty_lines: false,
      // The typings assume on_record returns a record of the same shape; the records here carry their line.
      on_record: numbered as unknown as Options['on_record'],
    });
    const stop = new AbortController();
    void feed(parser, head, input, stop.signal);

    try {
      for await (const { line, record } of parser as AsyncIterable<NumberedRecord>) {
        const parsed = this.clean(line, record);
        if (parsed) yield parsed;
      }
    } catch (error) {
      if (error instanceof CsvError) throw syntaxError(error, next);
      throw error;
    } finally {
      stop.abort();
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

/** Writes the text into the parser, waiting when it is full; a failing input fails the parser with its error. */
async function feed(
  parser: ReturnType<typeof parse>,
  head: string,
  input: AsyncIterator<string>,
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
