// The reader end to end: any table that csv-stringify writes, in any supported delimiter and encoding, reads
// back through DecodeStream and CsvReader to the same cells and the same line numbers.
import { isUtf8 } from 'node:buffer';
import { Readable } from 'node:stream';
import { stringify } from 'csv-stringify/sync';
import fc from 'fast-check';
import * as iconv from 'iconv-lite';
import { DecodeStream } from './decode';
import { CsvReader } from './read';
import { DELIMITERS } from './sniff';

const HEADER = ['Email', 'Name', 'Note'];
const ENCODINGS = ['utf-8', 'utf-8-bom', 'utf-16le-bom', 'utf-16be-bom', 'windows-1252'] as const;
type Encoding = (typeof ENCODINGS)[number];

function encode(text: string, encoding: Encoding): Buffer {
  switch (encoding) {
    case 'utf-8':
      return Buffer.from(text, 'utf8');
    case 'utf-8-bom':
      return Buffer.from(`\uFEFF${text}`, 'utf8');
    case 'utf-16le-bom':
      return Buffer.concat([Buffer.from([0xff, 0xfe]), iconv.encode(text, 'utf-16le')]);
    case 'utf-16be-bom':
      return Buffer.concat([Buffer.from([0xfe, 0xff]), iconv.encode(text, 'utf-16be')]);
    case 'windows-1252':
      return iconv.encode(text, 'win1252');
  }
}

/**
 * What a cell can hold in an encoding: Windows-1252 has no emoji, so the table is made of what it has (without
 * the C1 controls and U+FFFD, which iconv writes as bytes that Windows-1252 leaves undefined).
 */
function representable(cell: string, encoding: Encoding): string {
  if (encoding !== 'windows-1252') return cell;
  return iconv.decode(iconv.encode(cell.replace(/[\u0080-\u009f\uFFFD]/g, ''), 'win1252'), 'win1252');
}

const trim = (cell: string) => cell.replace(/^[ \t]+|[ \t]+$/g, '');
const breaks = (cell: string) => (cell.match(/\r\n|\r|\n/g) ?? []).length;
const LINE_BREAK = /(\r\n|\r|\n)/;

/**
 * What SPEC §6 makes of a table written in Windows-1252: each line is read as UTF-8 where its bytes are valid UTF-8
 * (then the two cannot be told apart: "Â" and a no-break space are the bytes C2 A0, which UTF-8 reads as one no-break
 * space), else as Windows-1252. Line breaks, quotes and delimiters are ASCII, so reading a line as UTF-8 reads each
 * cell's part of it so too. The table's cells as the reader must give them back.
 */
function asRead(table: string[][], text: string, encoding: Encoding): string[][] {
  if (encoding !== 'windows-1252') return table;
  const asUtf8 = text
    .split(/\r\n|\r|\n/)
    .map((line) => /[^\p{ASCII}]/u.test(line) && isUtf8(iconv.encode(line, 'win1252')));
  if (!asUtf8.includes(true)) return table;
  let line = 0;
  return table.map((row) => {
    const cells = row.map((cell) =>
      cell
        .split(LINE_BREAK)
        .map((part, index) => {
          if (index % 2 === 1) {
            line += 1;
            return part;
          }
          return asUtf8[line] ? iconv.encode(part, 'win1252').toString('utf8') : part;
        })
        .join(''),
    );
    line += 1;
    return cells;
  });
}

async function read(bytes: Buffer, chunkSize: number) {
  const chunks: Buffer[] = [];
  for (let i = 0; i < bytes.length; i += chunkSize) chunks.push(bytes.subarray(i, i + chunkSize));
  const reader = new CsvReader();
  const records = [];
  for await (const record of reader.read(Readable.from(chunks).pipe(new DecodeStream())))
    records.push([record.line, record.cells]);
  return { delimiter: reader.delimiter, records };
}

describe('reading what csv-stringify writes', () => {
  it('gives back every cell and line number, whatever the delimiter, encoding and chunking', async () => {
    const cell = fc.string({ unit: 'grapheme', maxLength: 12 }).map((s) => s.replaceAll('\u0000', ''));
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.tuple(cell, cell, cell), { maxLength: 12 }),
        fc.constantFrom(...DELIMITERS),
        fc.constantFrom(...ENCODINGS),
        fc.constantFrom('\r\n', '\n'),
        fc.integer({ min: 1, max: 64 }),
        async (rows, delimiter, encoding, eol, chunkSize) => {
          const table = [HEADER, ...rows.map((row) => row.map((c) => representable(c, encoding)))];
          const text = stringify(table, {
            delimiter,
            record_delimiter: eol,
            quoted_match: /^[ \t]|[ \t]$|^$/,
          });
          const { delimiter: found, records } = await read(encode(text, encoding), chunkSize);

          let line = 1;
          const expected: [number, string[]][] = [];
          for (const row of asRead(table, text, encoding)) {
            const cells = row.map(trim);
            if (cells.some((c) => c !== '')) expected.push([line, cells]);
            line += 1 + row.reduce((sum, c) => sum + breaks(c), 0);
          }
          expect(found).toBe(delimiter);
          expect(records).toEqual(expected);
        },
      ),
      {
        numRuns: 300,
        // Found by a run: Windows-1252 bytes that are valid UTF-8 ("Â" and a no-break space) are read as UTF-8.
        examples: [[[['', '', 'Â\u00a0']], ',', 'windows-1252', '\r\n', 1]],
      },
    );
  });
});
