// Splitting decoded text into CSV records (RFC 4180) in one pass, with the file's own line numbers and bounded
// memory: however long a cell or a line is, a cell keeps at most maxCellLength characters.

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

export interface RawRecord {
  /** The physical line where the record starts; the first line is 1. */
  line: number;
  /** Trimmed of surrounding spaces and tabs, and cut to maxCellLength characters. */
  cells: string[];
  /** The indexes of the cells that were longer than maxCellLength (trimmed), in order. */
  tooLong: readonly number[];
}

export interface TokenizerOptions {
  delimiter: string;
  maxCellLength: number;
  /** The longest header row, in characters; the header is the first record with a value in it. */
  maxHeaderLength: number;
  /** The line the text starts on (default 1). */
  firstLine?: number;
}

/**
 * Cells a data row keeps beyond the header's: enough to tell a row with stray values from one with trailing
 * separators, without holding a line of a million delimiters as a million cells.
 */
const CELLS_BEYOND_HEADER = 100;

/** The tooLong of almost every record: one array for all of them, so that a record costs one allocation less. */
const NONE: readonly number[] = Object.freeze([]);

const QUOTE = 0x22;
const CR = 0x0d;
const LF = 0x0a;
const SPACE = 0x20;
const TAB = 0x09;

// Where the tokenizer is inside a field.
const FIELD_START = 0;
const UNQUOTED = 1;
const QUOTED = 2;
/** A quote inside a quoted field: the next character says whether it closes the field or is doubled. */
const QUOTE_IN_QUOTED = 3;

/**
 * RFC 4180 as spreadsheets write it, and forgiving as csv-parse's `relax_quotes` was: records end at CRLF, LF or
 * CR; a quote opens a quoted field only as its first character (elsewhere it is a character of the value); in a
 * quoted field `""` is a quote, and a quote followed by anything but a delimiter or a line break is kept as a
 * character and ends the quoting. Empty lines and records whose cells are all empty are skipped.
 *
 * Cells are trimmed and cut while they are read, so a 100 MB cell costs no more memory than a short one.
 */
export class CsvTokenizer {
  private readonly delimiter: number;
  private readonly maxCellLength: number;
  private readonly maxHeaderLength: number;
  private maxCells = Number.POSITIVE_INFINITY;
  private state = FIELD_START;
  private line: number;
  private lastWasCR = false;
  private atRecordStart = true;
  private recordLine = 0;
  private headerSeen = false;
  private headerChars = 0;
  private cells: string[] = [];
  private tooLong: number[] | null = null;
  private overflowKept = false;
  /** The field being read: its first maxCellLength characters after leading spaces, and its trimmed length. */
  private kept = '';
  private contentLength = 0;
  private trailingSpaces = 0;

  constructor(options: TokenizerOptions) {
    if (options.delimiter.length !== 1) throw new Error('the delimiter must be one character');
    this.delimiter = options.delimiter.charCodeAt(0);
    this.maxCellLength = options.maxCellLength;
    this.maxHeaderLength = options.maxHeaderLength;
    this.line = options.firstLine ?? 1;
  }

  /** The records that end in `text` (with what came before); the rest waits for the next text. */
  write(text: string): RawRecord[] {
    const records: RawRecord[] = [];
    const delimiter = this.delimiter;
    // The start of the current field's characters in `text` that are not appended yet; -1 outside a field's value.
    let run = this.state === UNQUOTED || this.state === QUOTED ? 0 : -1;
    for (let i = 0; i < text.length; i += 1) {
      const c = text.charCodeAt(i);
      const isBreak = c === CR || c === LF;
      if (isBreak) {
        // CRLF, LF and CR are one line break each, inside quotes too.
        if (c === CR || !this.lastWasCR) this.line += 1;
        this.lastWasCR = c === CR;
        if (this.atRecordStart) continue; // an empty line, or the LF of a CRLF that ended a record
      } else {
        this.lastWasCR = false;
        if (this.atRecordStart) this.startRecord();
      }
      if (!this.headerSeen && ++this.headerChars > this.maxHeaderLength) {
        throw new HeaderTooLongError(this.recordLine, this.maxHeaderLength);
      }

      switch (this.state) {
        case QUOTED:
          if (c === QUOTE) {
            if (i > run) this.append(text.slice(run, i));
            run = -1;
            this.state = QUOTE_IN_QUOTED;
          }
          break;
        case QUOTE_IN_QUOTED:
          if (c === QUOTE) {
            run = i; // a doubled quote: the second one is a character of the value
            this.state = QUOTED;
          } else if (c === delimiter) {
            this.endField();
          } else if (isBreak) {
            this.endField();
            this.endRecord(records);
          } else {
            this.append('"');
            run = i;
            this.state = UNQUOTED;
          }
          break;
        default:
          if (c === delimiter) {
            if (run !== -1 && i > run) this.append(text.slice(run, i));
            run = -1;
            this.endField();
          } else if (isBreak) {
            if (run !== -1 && i > run) this.append(text.slice(run, i));
            run = -1;
            this.endField();
            this.endRecord(records);
          } else if (this.state === FIELD_START) {
            if (c === QUOTE) {
              run = i + 1;
              this.state = QUOTED;
            } else {
              run = i;
              this.state = UNQUOTED;
            }
          }
      }
    }
    if (run !== -1 && text.length > run) this.append(text.slice(run));
    return records;
  }

  /** The last record, if the text does not end with a line break; fails on a quote that never closes. */
  end(): RawRecord[] {
    const records: RawRecord[] = [];
    if (this.state === QUOTED) {
      const column = this.cells.length + 1;
      throw new CsvSyntaxError(
        `Line ${this.recordLine}: a quoted value that opens here (column ${column}) is never closed, so the rest ` +
          'of the file cannot be read. Check this line for a stray double quote (").',
        this.recordLine,
        column,
      );
    }
    if (!this.atRecordStart) {
      this.endField();
      this.endRecord(records);
    }
    return records;
  }

  private startRecord(): void {
    this.atRecordStart = false;
    this.recordLine = this.line;
  }

  /** Appends characters of the value, keeping leading spaces out and at most maxCellLength characters. */
  private append(piece: string): void {
    let start = 0;
    if (this.contentLength === 0) {
      while (start < piece.length && isSpace(piece.charCodeAt(start))) start += 1;
      if (start === piece.length) return;
    }
    let end = piece.length;
    while (end > start && isSpace(piece.charCodeAt(end - 1))) end -= 1;
    const length = piece.length - start;
    this.trailingSpaces = end === start ? this.trailingSpaces + length : piece.length - end;
    const room = this.maxCellLength - this.kept.length;
    if (room > 0) this.kept += start === 0 && length <= room ? piece : piece.slice(start, start + room);
    this.contentLength += length;
  }

  private endField(): void {
    const length = this.contentLength - this.trailingSpaces;
    const value = this.kept.length > length ? this.kept.slice(0, length) : this.kept;
    if (this.cells.length < this.maxCells) {
      if (length > this.maxCellLength) (this.tooLong ??= []).push(this.cells.length);
      this.cells.push(value);
    } else if (value !== '' && !this.overflowKept) {
      // One value beyond the cells kept is enough for the row to fail for having values without a header.
      this.overflowKept = true;
      if (length > this.maxCellLength) (this.tooLong ??= []).push(this.cells.length);
      this.cells.push(value);
    }
    this.kept = '';
    this.contentLength = 0;
    this.trailingSpaces = 0;
    this.state = FIELD_START;
  }

  private endRecord(records: RawRecord[]): void {
    const { cells } = this;
    if (cells.some((cell) => cell !== '')) {
      records.push({ line: this.recordLine, cells, tooLong: this.tooLong ?? NONE });
      if (!this.headerSeen) {
        this.headerSeen = true;
        this.maxCells = cells.length + CELLS_BEYOND_HEADER;
      }
    }
    this.headerChars = 0;
    this.cells = [];
    this.tooLong = null;
    this.overflowKept = false;
    this.atRecordStart = true;
  }
}

function isSpace(code: number): boolean {
  return code === SPACE || code === TAB;
}
