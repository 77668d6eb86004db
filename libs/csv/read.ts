// Reading CSV records from decoded text (SPEC §6): the header line found and its delimiter sniffed, then records
// with the file's own line numbers, trimmed cells, and the problems of cells that cannot be stored.
import { Delimiter, sniffDelimiter } from './sniff';
import { CsvTokenizer, HeaderTooLongError, RawRecord } from './tokenize';

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

export interface CsvReaderOptions {
  /** Sniffed from the header line when not given. */
  delimiter?: Delimiter;
  /** Longer cells are cut to this length and fail their row (default 10,000 characters). */
  maxCellLength?: number;
  /** A longer header row refuses the file at once (default 262,144 characters). */
  maxHeaderLength?: number;
}

export const DEFAULT_MAX_CELL_LENGTH = 10_000;
export const DEFAULT_MAX_HEADER_LENGTH = 256 * 1024;

/** The most text the tokenizer is given at once (see readBatches). */
const PIECE_CHARS = 16 * 1024;

const CR = 0x0d;
const LF = 0x0a;
const QUOTE = 0x22;

export class CsvReader {
  private sniffed: Delimiter | undefined;
  private readonly maxCellLength: number;
  private readonly maxHeaderLength: number;

  constructor(options: CsvReaderOptions = {}) {
    this.sniffed = options.delimiter;
    this.maxCellLength = options.maxCellLength ?? DEFAULT_MAX_CELL_LENGTH;
    this.maxHeaderLength = options.maxHeaderLength ?? DEFAULT_MAX_HEADER_LENGTH;
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
   * The same records in arrays of those that each chunk of text completes (never empty): one await per chunk
   * instead of one per record, which matters at a million records.
   */
  async *readBatches(text: AsyncIterable<string>): AsyncGenerator<CsvRecord[]> {
    const input = text[Symbol.asyncIterator]();
    let finished = false;
    try {
      const head = await readHead(input, this.maxHeaderLength);
      this.sniffed ??= sniffDelimiter(head.headerLine);
      const tokenizer = new CsvTokenizer({
        delimiter: this.sniffed,
        maxCellLength: this.maxCellLength,
        maxHeaderLength: this.maxHeaderLength,
        firstLine: head.line,
      });
      let chunk: string | undefined = head.text;
      while (chunk !== undefined) {
        // In pieces: a batch of a few thousand records at most is taken before the next is made, so records
        // die young (a 64 kB chunk of short rows is 20,000 records, and the collector then copies them all).
        for (let start = 0; start < chunk.length; start += PIECE_CHARS) {
          const records = tokenizer.write(
            chunk.length <= PIECE_CHARS ? chunk : chunk.slice(start, start + PIECE_CHARS),
          );
          if (records.length > 0) yield records.map((record) => this.clean(record));
        }
        const next = await input.next();
        chunk = next.done ? undefined : next.value;
      }
      finished = true;
      const last = tokenizer.end();
      if (last.length > 0) yield last.map((record) => this.clean(record));
    } finally {
      // Stopped early (a refusal, a failure): the input is not read on.
      if (!finished) await input.return?.();
    }
  }

  private clean({ line, cells, tooLong }: RawRecord): CsvRecord {
    const problems: CellProblem[] = [];
    if (tooLong.length === 0 && !cells.some((cell) => cell.includes('\u0000'))) {
      return { line, cells, problems };
    }
    for (let index = 0; index < cells.length; index += 1) {
      if (cells[index].includes('\u0000')) {
        cells[index] = cells[index].replaceAll('\u0000', '');
        problems.push({
          code: 'INVALID_CHARACTER',
          index,
          message: 'contains a NUL byte, which cannot be stored',
        });
      }
      if (tooLong.includes(index)) {
        problems.push({
          code: 'VALUE_TOO_LONG',
          index,
          message: `is longer than ${this.maxCellLength} characters`,
        });
      }
    }
    return { line, cells, problems };
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
 * line is kept (empty lines before it are counted), and a header line longer than `limit` is refused as soon as
 * the limit is passed. Quotes are toggled to find the line's end: a quoted column name may hold a line break.
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
