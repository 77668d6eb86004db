import { Readable } from 'node:stream';
import * as iconv from 'iconv-lite';
import { DecodeReport, DecodeStream, NotTextError } from './decode';

async function decode(bytes: Buffer, chunkSize = 64 * 1024): Promise<{ text: string; report: DecodeReport }> {
  const chunks: Buffer[] = [];
  for (let i = 0; i < bytes.length; i += chunkSize) chunks.push(bytes.subarray(i, i + chunkSize));
  const stream = Readable.from(chunks).pipe(new DecodeStream());
  let text = '';
  for await (const chunk of stream) text += chunk;
  return { text, report: stream.report() };
}

const TEXT = 'Email,Name\r\njörg@example.com,Jörg Müller 😀\r\nzoe@example.com,東京\n';

describe('DecodeStream', () => {
  it('reads UTF-8 with and without a BOM, whatever the chunk boundaries', async () => {
    for (const chunkSize of [1, 2, 3, 7, 1024]) {
      expect(await decode(Buffer.from(TEXT), chunkSize)).toEqual({
        text: TEXT,
        report: { encoding: 'utf-8', bom: false, windows1252Lines: 0, firstWindows1252Line: null },
      });
      expect(await decode(Buffer.from(`\uFEFF${TEXT}`), chunkSize)).toMatchObject({
        text: TEXT,
        report: { encoding: 'utf-8', bom: true },
      });
    }
  });

  it.each([
    ['utf-16le', [0xff, 0xfe]],
    ['utf-16be', [0xfe, 0xff]],
  ] as const)('reads %s with a BOM, also byte by byte', async (encoding, bom) => {
    const bytes = Buffer.concat([Buffer.from(bom), iconv.encode(TEXT, encoding)]);
    for (const chunkSize of [1, 3, 1024]) {
      expect(await decode(bytes, chunkSize)).toMatchObject({
        text: TEXT,
        report: { encoding, bom: true, windows1252Lines: 0 },
      });
    }
  });

  it('reads UTF-16 LE without a BOM', async () => {
    expect(await decode(iconv.encode(TEXT, 'utf-16le'))).toMatchObject({
      text: TEXT,
      report: { encoding: 'utf-16le', bom: false },
    });
  });

  it('reads the lines that are not UTF-8 as Windows-1252, counting them and naming the first', async () => {
    const bytes = Buffer.concat([
      Buffer.from('Email;Name\r\nann@example.com;Zoë\r\n'),
      iconv.encode('jorg@example.com;Jörg Straße – €5\r\n', 'win1252'),
      Buffer.from('bob@example.com;Björn\r\n'),
      iconv.encode('eve@example.com;Renée', 'win1252'),
    ]);
    for (const chunkSize of [1, 5, 1024]) {
      const { text, report } = await decode(bytes, chunkSize);
      expect(text).toBe(
        'Email;Name\r\nann@example.com;Zoë\r\njorg@example.com;Jörg Straße – €5\r\nbob@example.com;Björn\r\neve@example.com;Renée',
      );
      expect(report).toEqual({
        encoding: 'windows-1252',
        bom: false,
        windows1252Lines: 2,
        firstWindows1252Line: 3,
      });
    }
  });

  it('names the Windows-1252 line of a file with CR line ends (Excel for Mac), at any chunking', async () => {
    const bytes = Buffer.concat([
      Buffer.from('Email;Name\rann@example.com;Zoë\r\n\r'),
      iconv.encode('jorg@example.com;Jörg\r', 'win1252'),
      Buffer.from('bob@example.com;Björn'),
    ]);
    for (const chunkSize of [1, 2, 5, 1024]) {
      const { text, report } = await decode(bytes, chunkSize);
      expect(text).toBe('Email;Name\rann@example.com;Zoë\r\n\rjorg@example.com;Jörg\rbob@example.com;Björn');
      expect(report).toMatchObject({ windows1252Lines: 1, firstWindows1252Line: 4 });
    }
  });

  it.each([
    ['CR line ends', 'a@example.com,Ann\r'],
    ['no line end at all (one huge cell)', 'x'],
  ])('decodes a file with %s as it arrives, holding back little', async (_name, line) => {
    const decoder = new DecodeStream();
    let decoded = 0;
    decoder.on('data', (text: string) => (decoded += text.length));
    const chunk = Buffer.from(line.repeat(Math.ceil((16 * 1024) / line.length)));
    let written = 0;
    for (let i = 0; i < 64; i += 1) {
      decoder.write(chunk);
      written += chunk.length;
    }
    await new Promise((resolve) => setImmediate(resolve));
    expect(written - decoded).toBeLessThanOrEqual(64 * 1024 + 4);
    decoder.end();
  });

  it('decodes a huge line in pieces without cutting a character or a Windows-1252 line in two', async () => {
    const utf8 = `Email,Name\na@example.com,${'Zoë 😀 東京 '.repeat(20_000)}\n`;
    for (const chunkSize of [1000, 4093, 65536]) {
      const { text, report } = await decode(Buffer.from(utf8), chunkSize);
      expect(text).toBe(utf8);
      expect(report.windows1252Lines).toBe(0);
    }
    const latin = `Email,Name\na@example.com,${'Jörg Straße '.repeat(20_000)}\nb@example.com,Jörg\n`;
    const { text, report } = await decode(iconv.encode(latin, 'win1252'), 4093);
    expect(text).toBe(latin);
    expect(report).toMatchObject({ windows1252Lines: 2, firstWindows1252Line: 2 });
  });

  it('never makes U+FFFD of the bytes Windows-1252 leaves undefined', async () => {
    const { text } = await decode(Buffer.from([0x61, 0x81, 0x8d, 0x8f, 0x90, 0x9d, 0x80, 0xe4]));
    expect(text).toBe('a\u0081\u008d\u008f\u0090\u009d€ä');
  });

  it.each([
    ['a PNG image', [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], /PNG/],
    ['an .xlsx workbook', [0x50, 0x4b, 0x03, 0x04, 0x14, 0x00], /xlsx/],
    ['a PDF', [...Buffer.from('%PDF-1.7\n')], /PDF/],
    ['an .xls workbook', [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1], /\.xls\)/],
    ['random control bytes', Array.from({ length: 200 }, (_, i) => i % 32), /binary/],
  ])('refuses %s, saying what it is', async (_name, bytes, message) => {
    const failure = decode(Buffer.from(bytes));
    await expect(failure).rejects.toBeInstanceOf(NotTextError);
    await expect(failure).rejects.toThrow(message);
  });

  it('does not refuse a text file because one cell has a NUL byte', async () => {
    const text = `Email,Name\r\na@example.com,Nul\u0000Byte\r\n${'b@example.com,Bob\r\n'.repeat(5)}`;
    expect((await decode(Buffer.from(text))).text).toBe(text);
  });

  it('gives no text for an empty file or a BOM alone', async () => {
    expect((await decode(Buffer.alloc(0))).text).toBe('');
    expect((await decode(Buffer.from([0xef, 0xbb, 0xbf]))).text).toBe('');
  });
});
