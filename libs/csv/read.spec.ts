import fc from 'fast-check';
import { CsvReader, CsvRecord, CsvSyntaxError, HeaderTooLongError } from './read';
import { csvLine, undoFormulaSafe } from './write';

async function* chunked(text: string, size: number): AsyncGenerator<string> {
  for (let i = 0; i < text.length; i += size) yield text.slice(i, i + size);
}

async function readAll(
  text: string,
  options: ConstructorParameters<typeof CsvReader>[0] = {},
  chunkSize = 1024,
) {
  const reader = new CsvReader(options);
  const records: CsvRecord[] = [];
  for await (const record of reader.read(chunked(text, chunkSize))) records.push(record);
  return { delimiter: reader.delimiter, records };
}

const lines = (records: CsvRecord[]) => records.map((r) => [r.line, r.cells]);

describe('CsvReader', () => {
  it('yields the header first and keeps the file’s line numbers across quoted line breaks, empty lines and mixed endings', async () => {
    const text = 'Email,Name\r\na@x.de,Ann\r\nb@x.de,"Multi\r\nLine\nName"\n\r\n,,\r\nc@x.de,Cy\rd@x.de,Di';
    for (const size of [1, 3, 1024]) {
      const { records } = await readAll(text, {}, size);
      expect(lines(records)).toEqual([
        [1, ['Email', 'Name']],
        [2, ['a@x.de', 'Ann']],
        [3, ['b@x.de', 'Multi\r\nLine\nName']],
        [8, ['c@x.de', 'Cy']],
        [9, ['d@x.de', 'Di']],
      ]);
    }
  });

  it.each([',', ';', '\t', '|'])(
    'sniffs the delimiter %j from the header and reads quoted delimiters',
    async (delimiter) => {
      const text = `Email${delimiter}Name\r\na@x.de${delimiter}"Doe; Smith, Jr | III\t"\r\n`;
      const { delimiter: found, records } = await readAll(text);
      expect(found).toBe(delimiter);
      expect(records[1].cells).toEqual(['a@x.de', 'Doe; Smith, Jr | III']);
    },
  );

  it('sniffs past empty lines before the header, keeping its line number', async () => {
    const { delimiter, records } = await readAll('\r\n\r\nEmail;Name\r\na;b\r\n');
    expect(delimiter).toBe(';');
    expect(lines(records)).toEqual([
      [3, ['Email', 'Name']],
      [4, ['a', 'b']],
    ]);
  });

  it('trims spaces and tabs around cells, not inside them, and keeps stray quotes inside a value', async () => {
    const { records } = await readAll('Email,Name\n  a@x.de\t, Ann  "Nancy" Lee \n');
    expect(records[1].cells).toEqual(['a@x.de', 'Ann  "Nancy" Lee']);
  });

  it('removes NUL bytes and cuts long cells, reporting both as problems of the row', async () => {
    const { records } = await readAll(`Email,Name,Note\na@x.de,Nul\u0000Byte,${'x'.repeat(12)}\n`, {
      maxCellLength: 10,
    });
    expect(records[1]).toEqual({
      line: 2,
      cells: ['a@x.de', 'NulByte', 'x'.repeat(10)],
      problems: [
        { code: 'INVALID_CHARACTER', index: 1, message: 'contains a NUL byte, which cannot be stored' },
        { code: 'VALUE_TOO_LONG', index: 2, message: 'is longer than 10 characters' },
      ],
    });
  });

  it('refuses an unclosed quote, naming the line where it opens', async () => {
    const text = 'Email,Name\r\na@x.de,Ann\r\nb@x.de,"Bob\r\nc@x.de,Cy\r\n';
    const failure = readAll(text);
    await expect(failure).rejects.toBeInstanceOf(CsvSyntaxError);
    await expect(failure).rejects.toMatchObject({
      code: 'INVALID_CSV',
      line: 3,
      column: 2,
      message: expect.stringMatching(/^Line 3:/),
    });
  });

  it('names the exact line of an unclosed quote after thousands of records with line breaks in cells', async () => {
    let text = 'Email,Name\r\n';
    for (let i = 0; i < 10_000; i += 1)
      text += i % 100 === 0 ? `a${i}@x.de,"two\r\nlines"\r\n` : `a${i}@x.de,Ann\r\n`;
    text += 'b@x.de,"Bob\r\nc@x.de,Cy\r\n'; // 1 header line + 10,000 records + 100 breaks in cells
    for (const size of [7, 1000, 1 << 20]) {
      const slowReader = async () => {
        let n = 0;
        for await (const record of new CsvReader().read(chunked(text, size))) {
          n += 1;
          if (n % 3000 === 0 && record) await new Promise((resolve) => setTimeout(resolve, 5));
        }
      };
      await expect(slowReader()).rejects.toMatchObject({ code: 'INVALID_CSV', line: 10_102, column: 2 });
    }
  });

  it('passes the errors of its input on unchanged', async () => {
    async function* failing() {
      yield 'Email\r\na@x.de\r\n';
      throw new Error('connection reset');
    }
    const reader = new CsvReader();
    const read = async () => {
      for await (const record of reader.read(failing())) void record;
    };
    await expect(read()).rejects.toThrow('connection reset');
  });

  it('reads a file with CR line ends (Excel for Mac), quoted line breaks included', async () => {
    const text = 'Email;Name\ra@x.de;"Two\rLines"\r\rb@x.de;Bo\r';
    for (const size of [1, 2, 1024]) {
      const { delimiter, records } = await readAll(text, {}, size);
      expect(delimiter).toBe(';');
      expect(lines(records)).toEqual([
        [1, ['Email', 'Name']],
        [2, ['a@x.de', 'Two\rLines']],
        [5, ['b@x.de', 'Bo']],
      ]);
    }
  });

  /** Reads `text` in chunks of 64 kB; the time it took, the last record, and `longestGapMs`: the most CPU time
   *  this process spent between two turns of a 5 ms timer, work that did not yield. CPU time, not wall time, so
   *  that other processes on a busy machine (CI runs browsers and PostgreSQL beside this) do not count. */
  async function readTimed(text: string) {
    let longestGapMs = 0;
    let tick = process.cpuUsage();
    const timer = setInterval(() => {
      const spent = process.cpuUsage(tick);
      longestGapMs = Math.max(longestGapMs, (spent.user + spent.system) / 1000);
      tick = process.cpuUsage();
    }, 5);
    const started = Date.now();
    let last: CsvRecord | undefined;
    try {
      for await (const batch of new CsvReader().readBatches(chunked(text, 64 * 1024))) last = batch.at(-1);
    } finally {
      clearInterval(timer);
    }
    return { ms: Date.now() - started, last, longestGapMs };
  }

  it('reads a million empty lines in a moment, numbering the row after them', async () => {
    const { ms, last } = await readTimed(`Email,Name,Note\r\n${'\r\n'.repeat(1_000_000)}a@x.de,Ann,\r\n`);
    expect(ms).toBeLessThan(5000); // csv-parse without skip_empty_lines took about 100 s
    expect(last).toEqual({ line: 1_000_002, cells: ['a@x.de', 'Ann', ''], problems: [] });
  });

  it('reads a million rows shorter than the header, numbering the row after them, without blocking the event loop', async () => {
    const { ms, last, longestGapMs } = await readTimed(
      `Email,Name,Note\r\n${'x\r\n'.repeat(1_000_000)}a@x.de,Ann,\r\n`,
    );
    // csv-parse builds an error object for each such row: 48 s with 8 other processes busy on 2 cores.
    expect(ms).toBeLessThan(90_000);
    expect(last).toEqual({ line: 1_000_002, cells: ['a@x.de', 'Ann', ''], problems: [] });
    // It is fed 4k characters at a time (about 1,400 such rows), yielding to the event loop in between.
    expect(longestGapMs).toBeLessThan(1000);
  }, 180_000);

  it('refuses a record longer than the record limit, naming its line after empty lines and quoted line breaks', async () => {
    async function* hugeRecord() {
      yield 'Email,Name,Note\r\n\r\na@x.de,"Two\r\nLines",\r\n\n\n';
      yield 'b@x.de,"';
      for (let i = 0; i < 10_000; i += 1) yield 'x'.repeat(1024);
      yield '",\r\nc@x.de,Cy,\r\n';
    }
    const read = async () => {
      const reader = new CsvReader({ maxCellLength: 100, maxRecordLength: 1_000_000 });
      for await (const record of reader.read(hugeRecord())) void record;
    };
    await expect(read()).rejects.toBeInstanceOf(CsvSyntaxError);
    await expect(read()).rejects.toMatchObject({
      code: 'INVALID_CSV',
      line: 7,
      column: 2,
      message: expect.stringMatching(/^Line 7: a record is longer than 1000000 characters;/),
    });
  });

  it('refuses a line of delimiters longer than the record limit, naming its line, before reading it whole', async () => {
    let pulled = 0;
    async function* delimiters() {
      yield 'Email,Name\r\n\r\na@x.de,Ann';
      for (let i = 0; i < 1000; i += 1) {
        pulled += 1;
        yield ','.repeat(64 * 1024);
      }
      yield 'stray\r\n';
    }
    const read = async () => {
      for await (const record of new CsvReader({ maxRecordLength: 1_000_000 }).read(delimiters()))
        void record;
    };
    await expect(read()).rejects.toMatchObject({
      code: 'INVALID_CSV',
      line: 3,
      message: expect.stringMatching(/^Line 3: a record is longer than 1000000 characters;/),
    });
    expect(pulled).toBeLessThanOrEqual(20); // 1,000,000 characters are 16 chunks of 64k
  });

  it('fails a cell longer than the cell limit but within the record limit VALUE_TOO_LONG and reads on', async () => {
    async function* hugeCell() {
      yield 'Email,Name,Note\na@x.de,"';
      for (let i = 0; i < 320; i += 1) yield 'x'.repeat(32 * 1024) + '\n""';
      yield '",ok\nb@x.de,Bo,\n';
    }
    const records: CsvRecord[] = [];
    for await (const record of new CsvReader({ maxCellLength: 100 }).read(hugeCell())) records.push(record);
    expect(records.map((r) => [r.line, r.cells[0], r.cells[1].length, r.cells[2]])).toEqual([
      [1, 'Email', 4, 'Note'],
      [2, 'a@x.de', 100, 'ok'],
      [323, 'b@x.de', 2, ''], // line 2, 320 line breaks inside the cell, then the next line
    ]);
    expect(records[1].problems).toEqual([
      { code: 'VALUE_TOO_LONG', index: 1, message: 'is longer than 100 characters' },
    ]);
  });

  it('measures a cell without the spaces around it, however many there are', async () => {
    const spaced = `${' '.repeat(50_000)}x${'\t'.repeat(50_000)}`;
    const { records } = await readAll(`Email,Name,Note\na@x.de,${spaced},"${'y'.repeat(10)} z"\n`, {
      maxCellLength: 10,
    });
    expect(records[1]).toEqual({
      line: 2,
      cells: ['a@x.de', 'x', 'y'.repeat(10)],
      problems: [{ code: 'VALUE_TOO_LONG', index: 2, message: 'is longer than 10 characters' }],
    });
  });

  it('refuses a header row longer than its limit as soon as it is passed, naming its line', async () => {
    let pulled = 0;
    async function* hugeHeader() {
      yield '\r\n\r\nEmail,"Name';
      for (let i = 0; i < 1000; i += 1) {
        pulled += 1;
        yield 'x'.repeat(1024);
      }
      yield '"\r\na@x.de,Ann\r\n';
    }
    const read = async () => {
      for await (const record of new CsvReader({ maxHeaderLength: 4096 }).read(hugeHeader())) void record;
    };
    await expect(read()).rejects.toBeInstanceOf(HeaderTooLongError);
    await expect(read()).rejects.toMatchObject({
      line: 3,
      limit: 4096,
      message: expect.stringMatching(/^Line 3:/),
    });
    expect(pulled).toBeLessThanOrEqual(2 * 6);
  });

  it('refuses a header row longer than its limit when the delimiter is given, too', async () => {
    const text = `Email,Na"me,"x\n${'y'.repeat(5000)}"\na@x.de,Ann,\n`;
    await expect(readAll(text, { delimiter: ',', maxHeaderLength: 4096 })).rejects.toBeInstanceOf(
      HeaderTooLongError,
    );
  });

  it('reads back what csvLine wrote, formula guards undone, at any chunk size, with the lines where records start', async () => {
    const plain = fc
      .string({ unit: 'grapheme', maxLength: 8 })
      .map((s) => s.replace(/^[ \t=+\-@\r\n]+|[ \t]+$/g, '').replaceAll('\u0000', ''));
    const guarded = fc
      .tuple(fc.stringMatching(/^'{0,2}$/), fc.constantFrom('=', '+', '-', '@', '\t', '\r', '\n'), plain)
      .map(([quotes, start, rest]) => `${quotes}${start}x${rest}`);
    const cell = fc.oneof(plain, guarded);
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.array(cell, { minLength: 2, maxLength: 2 }), { minLength: 1, maxLength: 8 }),
        fc.constantFrom(',', ';', '\t', '|'),
        fc.integer({ min: 1, max: 20 }),
        async (rows, delimiter, size) => {
          const all = [['Email', 'Name'], ...rows];
          const text = all.map((row) => csvLine(row, delimiter, '\n')).join('');
          const { records } = await readAll(text, { delimiter }, size);
          let line = 1;
          const expected: [number, string[]][] = [];
          for (const row of all) {
            if (row.some((c) => c !== '')) expected.push([line, row]);
            line += row.join('').split(/\r\n|\n|\r/).length;
          }
          expect(records.map((r) => [r.line, r.cells.map(undoFormulaSafe)])).toEqual(expected);
        },
      ),
    );
  });
});
