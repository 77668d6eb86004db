import { checkHeader } from './header';
import { compileRowParser, RowParser } from './parse-row';
import type { SyncConfig } from './types';

const CONFIG: SyncConfig = {
  emailColumn: 'Email',
  attributes: [
    { key: 'firstName', column: 'First Name', type: 'string', required: true, maxLength: 5 },
    { key: 'age', column: 'Age', type: 'integer', required: false },
    { key: 'score', column: 'Score', type: 'number', required: false },
  ],
  unknownColumns: 'reject',
  emptyCell: 'keep',
  deleteGuardPercent: 50,
};

function rowParser(header: string[], decimalComma = false): RowParser {
  const check = checkHeader(header, CONFIG, 'upsert');
  if (!check.ok) throw new Error(check.message);
  return compileRowParser(check.mapping, CONFIG, { decimalComma });
}

describe('compileRowParser', () => {
  const parse = rowParser(['E-MAIL'.replace('-', ''), 'first name', 'Age', 'Score']);

  it('reads the email normalized, the values of non-empty cells and the keys of empty ones', () => {
    expect(parse(['Ann@Example.COM', 'Ann', '', '2.5'])).toEqual({
      email: 'ann@example.com',
      values: { firstName: 'Ann', score: 2.5 },
      empty: ['age'],
      error: null,
    });
  });

  it('checks the shape first, forgiving empty trailing cells', () => {
    expect(parse(['bad', 'Ann']).error).toMatchObject({ code: 'TOO_FEW_COLUMNS', column: null });
    expect(parse(['a@example.com', 'Ann', '1', '2', 'extra']).error).toMatchObject({
      code: 'TOO_MANY_COLUMNS',
      message: expect.stringContaining('column 5'),
    });
    expect(parse(['a@example.com', 'Ann', '1', '2', '', '']).error).toBeNull();
  });

  it('then the email, naming the column as the file spells it', () => {
    expect(parse(['not-an-email', 'Ann', 'x', '']).error).toEqual({
      code: 'INVALID_EMAIL',
      message: 'EMAIL: "not-an-email" is not a valid email address',
      column: 'EMAIL',
    });
    expect(parse(['', 'Ann', '', '']).error).toMatchObject({
      code: 'INVALID_EMAIL',
      message: 'EMAIL: the email address is missing',
    });
  });

  it('then the first value in column order that cannot be read', () => {
    expect(parse(['a@example.com', 'Annabel', 'x', '']).error).toEqual({
      code: 'VALUE_TOO_LONG',
      message: 'first name: is 7 characters long; at most 5 are allowed',
      column: 'first name',
    });
    expect(parse(['a@example.com', 'Ann', 'x', 'y']).error).toMatchObject({
      code: 'INVALID_INTEGER',
      column: 'Age',
    });
  });

  it('reads decimal commas when the file is not separated by commas', () => {
    expect(
      rowParser(['Email', 'First Name', 'Age', 'Score'], true)(['a@example.com', 'A', '', '0,75']).values,
    ).toEqual({
      firstName: 'A',
      score: 0.75,
    });
  });
});
