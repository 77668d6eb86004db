import fc from 'fast-check';
import { parse } from 'csv-parse/sync';
import { csvLine, formulaSafe, undoFormulaSafe } from './write';

describe('formulaSafe', () => {
  it.each(['=SUM(A1:A2)', '+49 30 1234', '-15', '@cmd', '\tx', '\rx', '\nx', '\n=1+1'])(
    'guards %j',
    (cell) => {
      expect(formulaSafe(cell)).toBe(`'${cell}`);
    },
  );

  it.each(['Jane', '', "'quoted", "''", '49+1', 'a=b'])('leaves %j alone', (cell) => {
    expect(formulaSafe(cell)).toBe(cell);
  });

  it('guards a value that starts like a guarded cell with one apostrophe more, and gets it back', () => {
    expect(formulaSafe("'-5")).toBe("''-5");
    expect(undoFormulaSafe("''-5")).toBe("'-5");
    expect(undoFormulaSafe("'-5")).toBe('-5');
  });

  it('is undone by undoFormulaSafe', () => {
    // Apostrophes and formula starts are rare in arbitrary strings: mix them in, so that cases such as "'-" come up.
    const cells = fc.oneof(
      fc.string(),
      fc
        .tuple(
          fc.stringMatching(/^'{0,3}$/),
          fc.constantFrom('=', '+', '-', '@', '\t', '\r', '\n', 'x'),
          fc.string(),
        )
        .map((parts) => parts.join('')),
    );
    fc.assert(fc.property(cells, (cell) => expect(undoFormulaSafe(formulaSafe(cell))).toBe(cell)));
  });
});

describe('csvLine', () => {
  it('quotes what needs quotes and doubles quotes', () => {
    expect(csvLine(['a', 'b;c', 'say "hi"', 'two\nlines', null, ' pad'], ';')).toBe(
      'a;"b;c";"say ""hi""";"two\nlines";;" pad"\r\n',
    );
    expect(csvLine(['=1+1', '-5'], ',', '\n')).toBe("'=1+1,'-5\n");
    expect(csvLine(['\n=1+1', "'\nx"], ',')).toBe(`"'\n=1+1","''\nx"\r\n`);
  });

  it('writes lines that csv-parse reads back to the same cells', () => {
    fc.assert(
      fc.property(
        fc.array(fc.array(fc.string({ unit: 'grapheme' }), { minLength: 1, maxLength: 5 }), {
          minLength: 1,
          maxLength: 5,
        }),
        fc.constantFrom(',', ';', '\t', '|'),
        (rows, delimiter) => {
          const text = rows.map((row) => csvLine(row, delimiter)).join('');
          const read = parse(text, {
            delimiter,
            relax_column_count: true,
            record_delimiter: ['\r\n'],
          }) as string[][];
          expect(read.map((row) => row.map(undoFormulaSafe))).toEqual(
            rows.map((row) => (row.length === 1 && row[0] === '' ? [''] : row)),
          );
        },
      ),
    );
  });
});
