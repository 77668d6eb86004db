// Turning the bytes of an uploaded file into text (SPEC §6): UTF-8 with or without BOM, UTF-16 with BOM, and
// Windows-1252 (Excel "CSV" on Windows) line by line, never inventing U+FFFD; binary files are refused.
import { isUtf8 } from 'node:buffer';
import { Transform, TransformCallback } from 'node:stream';
import * as iconv from 'iconv-lite';

export type TextEncoding = 'utf-8' | 'utf-16le' | 'utf-16be' | 'windows-1252';

export interface DecodeReport {
  /** `windows-1252` as soon as one line was read so. */
  encoding: TextEncoding;
  bom: boolean;
  /** Lines that were not valid UTF-8 and were read as Windows-1252. */
  windows1252Lines: number;
  /** The physical line number (1-based) of the first of them. */
  firstWindows1252Line: number | null;
}

export class NotTextError extends Error {
  readonly code = 'NOT_TEXT';

  constructor(readonly detected: string) {
    super(
      `The file is not a CSV text file: it looks like ${detected}. ` +
        'Open it in your spreadsheet program, save it as "CSV UTF-8 (comma delimited)" and upload that file.',
    );
  }
}

/** How much of the start of a file is looked at before deciding what it is. */
const SAMPLE_BYTES = 8 * 1024;
const LF = 0x0a;
const CR = 0x0d;

const MAGIC: [number[], string][] = [
  [[0x89, 0x50, 0x4e, 0x47], 'a PNG image'],
  [[0xff, 0xd8, 0xff], 'a JPEG image'],
  [[0x47, 0x49, 0x46, 0x38], 'a GIF image'],
  [[0x25, 0x50, 0x44, 0x46], 'a PDF document'],
  [[0x50, 0x4b, 0x03, 0x04], 'a ZIP archive, such as an Excel workbook (.xlsx)'],
  [[0x1f, 0x8b], 'a gzip archive'],
  [[0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1], 'an Excel 97-2003 workbook (.xls)'],
];

/**
 * Windows-1252 leaves 0x81, 0x8D, 0x8F, 0x90 and 0x9D undefined; they are read as the C1 control characters
 * of the same number (as browsers do), so that no byte ever becomes U+FFFD.
 */
const WINDOWS_1252_C1 = new Map(
  Array.from({ length: 32 }, (_, i) => {
    const byte = 0x80 + i;
    const char = iconv.decode(Buffer.from([byte]), 'win1252');
    return [String.fromCharCode(byte), char === '\uFFFD' ? String.fromCharCode(byte) : char] as const;
  }),
);

function windows1252(bytes: Buffer): string {
  // Latin-1 and Windows-1252 differ only in 0x80-0x9F.
  return bytes.toString('latin1').replace(/[\x80-\x9f]/g, (c) => WINDOWS_1252_C1.get(c) as string);
}

type Mode = { kind: 'lines' } | { kind: 'utf16'; decoder: iconv.DecoderStream };

/**
 * A line longer than this (no CR or LF in it) is decoded in pieces rather than held whole: one huge cell must not
 * sit in memory (issue 13). A piece ends on a UTF-8 character boundary.
 */
const MAX_PENDING_BYTES = 64 * 1024;

export class DecodeStream extends Transform {
  private sample: Buffer[] = [];
  private sampled = 0;
  private mode: Mode | null = null;
  /** Bytes after the last line break, waiting for the rest of their line (at most MAX_PENDING_BYTES). */
  private pending: Buffer = Buffer.alloc(0);
  /** Line breaks decoded so far (CRLF, LF or CR, each one): the number of the line being read, minus one. */
  private lineBreaks = 0;
  /** The last line that was read as Windows-1252, so that a line decoded in pieces is counted once. */
  private lastWindows1252Line = 0;
  private readonly state: DecodeReport = {
    encoding: 'utf-8',
    bom: false,
    windows1252Lines: 0,
    firstWindows1252Line: null,
  };

  constructor() {
    super({ readableObjectMode: true });
  }

  report(): DecodeReport {
    return { ...this.state };
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    try {
      if (this.mode) {
        this.decode(chunk);
      } else {
        this.sample.push(chunk);
        this.sampled += chunk.length;
        if (this.sampled >= SAMPLE_BYTES) this.start();
      }
      callback();
    } catch (error) {
      callback(error as Error);
    }
  }

  override _flush(callback: TransformCallback): void {
    try {
      if (!this.mode) this.start();
      if (this.mode?.kind === 'utf16') this.pushText(this.mode.decoder.end() ?? '');
      else if (this.pending.length > 0) this.pushText(this.decodeLines(this.pending));
      callback();
    } catch (error) {
      callback(error as Error);
    }
  }

  /** Decides what the file is from its first bytes, then decodes them. */
  private start(): void {
    let bytes = Buffer.concat(this.sample);
    this.sample = [];
    const magic = MAGIC.find(([signature]) => signature.every((byte, i) => bytes[i] === byte));
    if (magic) throw new NotTextError(magic[1]);

    const bom = byteOrderMark(bytes);
    const utf16 = bom?.encoding ?? utf16WithoutBom(bytes);
    if (bom) {
      this.state.bom = true;
      bytes = bytes.subarray(bom.length);
    }
    if (utf16 === 'utf-16le' || utf16 === 'utf-16be') {
      this.state.encoding = utf16;
      this.mode = {
        kind: 'utf16',
        decoder: iconv.getDecoder(utf16 === 'utf-16le' ? 'utf-16le' : 'utf-16be'),
      };
    } else {
      if (looksBinary(bytes)) throw new NotTextError('binary data, not text');
      this.mode = { kind: 'lines' };
    }
    this.decode(bytes);
  }

  private decode(chunk: Buffer): void {
    if (this.mode?.kind === 'utf16') {
      this.pushText(this.mode.decoder.write(chunk));
      return;
    }
    const bytes = this.pending.length > 0 ? Buffer.concat([this.pending, chunk]) : chunk;
    // Only whole lines are decoded (a CR or LF never occurs inside a UTF-8 character), whatever ends them: Excel
    // for Mac ends lines with CR alone. A line too long to wait for is decoded in pieces.
    let end = lastLineEnd(bytes);
    if (end === 0 && bytes.length > MAX_PENDING_BYTES) end = characterBoundary(bytes, bytes.length - 4);
    this.pending = Buffer.from(bytes.subarray(end)); // a copy: the rest of `bytes` can be collected
    if (end > 0) this.pushText(this.decodeLines(bytes.subarray(0, end)));
  }

  /**
   * Whole lines (or a piece of one): UTF-8 when they are valid UTF-8 (almost always, and checked at once), else
   * line by line. A CR that ends `bytes` is never the first half of a CRLF (see lastLineEnd).
   */
  private decodeLines(bytes: Buffer): string {
    if (isUtf8(bytes)) {
      this.lineBreaks += countLineBreaks(bytes);
      return bytes.toString('utf8');
    }
    let text = '';
    let start = 0;
    while (start < bytes.length) {
      const end = nextLineEnd(bytes, start);
      const line = bytes.subarray(start, end);
      if (isUtf8(line)) {
        text += line.toString('utf8');
      } else {
        text += windows1252(line);
        const number = this.lineBreaks + 1;
        if (this.lastWindows1252Line !== number) this.state.windows1252Lines += 1;
        this.lastWindows1252Line = number;
        this.state.encoding = 'windows-1252';
        this.state.firstWindows1252Line ??= number;
      }
      if (bytes[end - 1] === LF || bytes[end - 1] === CR) this.lineBreaks += 1;
      start = end;
    }
    return text;
  }

  private pushText(text: string): void {
    if (text) this.push(text);
  }
}

/**
 * The end of the last whole line in `bytes` (0 when there is none): after its LF, or after its CR unless that CR is
 * the last byte, which may be the first half of a CRLF whose LF comes in the next chunk.
 */
function lastLineEnd(bytes: Buffer): number {
  const lf = bytes.lastIndexOf(LF);
  let cr = bytes.lastIndexOf(CR);
  if (cr === bytes.length - 1) cr = cr === 0 ? -1 : bytes.lastIndexOf(CR, cr - 1);
  return Math.max(lf, cr) + 1;
}

/** `at` or a little before it, so that no UTF-8 character is cut in two. */
function characterBoundary(bytes: Buffer, at: number): number {
  let end = at;
  while (end > at - 3 && end > 0 && (bytes[end] & 0xc0) === 0x80) end -= 1;
  return end;
}

/** The end of the line that starts at `start`: after its CRLF, LF or CR, or the end of `bytes`. */
function nextLineEnd(bytes: Buffer, start: number): number {
  for (let i = start; i < bytes.length; i += 1) {
    if (bytes[i] === LF) return i + 1;
    if (bytes[i] === CR) return bytes[i + 1] === LF ? i + 2 : i + 1;
  }
  return bytes.length;
}

/** CRLF, LF and CR each count as one line break. */
function countLineBreaks(bytes: Buffer): number {
  let count = 0;
  for (let i = bytes.indexOf(LF); i !== -1; i = bytes.indexOf(LF, i + 1)) count += 1;
  for (let i = bytes.indexOf(CR); i !== -1; i = bytes.indexOf(CR, i + 1)) {
    if (bytes[i + 1] !== LF) count += 1;
  }
  return count;
}

function byteOrderMark(bytes: Buffer): { encoding: TextEncoding; length: number } | null {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return { encoding: 'utf-8', length: 3 };
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return { encoding: 'utf-16le', length: 2 };
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return { encoding: 'utf-16be', length: 2 };
  return null;
}

/** UTF-16 text without a BOM has a zero byte in nearly every pair for Latin text; nothing else looks like that. */
function utf16WithoutBom(bytes: Buffer): TextEncoding | null {
  const pairs = Math.floor(Math.min(bytes.length, SAMPLE_BYTES) / 2);
  if (pairs < 2) return null;
  let evenZeros = 0;
  let oddZeros = 0;
  for (let i = 0; i < pairs * 2; i += 2) {
    if (bytes[i] === 0) evenZeros += 1;
    if (bytes[i + 1] === 0) oddZeros += 1;
  }
  if (oddZeros > pairs * 0.4 && evenZeros < pairs * 0.05) return 'utf-16le';
  if (evenZeros > pairs * 0.4 && oddZeros < pairs * 0.05) return 'utf-16be';
  return null;
}

/**
 * Text has almost no control bytes besides TAB, CR, LF and FF. A few (a NUL byte in one cell) fail their rows
 * later; a file where they are frequent is not text at all.
 */
function looksBinary(bytes: Buffer): boolean {
  const sample = bytes.subarray(0, SAMPLE_BYTES);
  let control = 0;
  for (const byte of sample) {
    if (byte < 0x20 && byte !== 0x09 && byte !== 0x0a && byte !== 0x0c && byte !== 0x0d) control += 1;
  }
  return control >= 8 && control > sample.length * 0.1;
}
