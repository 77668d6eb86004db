import fc from 'fast-check';
import { compileDateFormat } from './date-format';
import { compileValueParser } from './parse-value';
import type { AttributeConfig } from './types';

const parser = (attribute: Partial<AttributeConfig>, decimalComma = false) =>
  compileValueParser(
    { key: 'k', column: 'K', required: false, type: 'string', ...attribute },
    { decimalComma },
  );

describe('compileValueParser', () => {
  it('keeps text, counting characters as people do for maxLength', () => {
    const parse = parser({ type: 'string', maxLength: 3 });
    expect(parse('Zoë')).toEqual({ ok: true, value: 'Zoë' });
    expect(parse('😀😀😀')).toEqual({ ok: true, value: '😀😀😀' });
    expect(parse('Anna')).toEqual({
      ok: false,
      code: 'VALUE_TOO_LONG',
      message: 'is 4 characters long; at most 3 are allowed',
    });
  });

  it.each([
    ['42', 42],
    ['-7', -7],
    ['+3', 3],
    ['0042', 42],
  ])('reads the integer %s', (cell, value) => {
    expect(parser({ type: 'integer' })(cell)).toEqual({ ok: true, value });
  });

  it.each(['4.5', '1e3', 'abc', '12 000', '9007199254740993', '0x10'])('refuses %s as an integer', (cell) => {
    expect(parser({ type: 'integer' })(cell)).toMatchObject({ ok: false, code: 'INVALID_INTEGER' });
  });

  it('reads numbers, with a decimal comma only in files not separated by commas', () => {
    expect(parser({ type: 'number' })('1.5')).toEqual({ ok: true, value: 1.5 });
    expect(parser({ type: 'number' })('-2e3')).toEqual({ ok: true, value: -2000 });
    expect(parser({ type: 'number' })('1,5')).toMatchObject({ ok: false, code: 'INVALID_NUMBER' });
    expect(parser({ type: 'number' }, true)('1,5')).toEqual({ ok: true, value: 1.5 });
    expect(parser({ type: 'number' }, true)('1.5')).toEqual({ ok: true, value: 1.5 });
    expect(parser({ type: 'number' }, true)('1.000,5')).toMatchObject({ ok: false, code: 'INVALID_NUMBER' });
    expect(parser({ type: 'number' })('Infinity')).toMatchObject({ ok: false });
    expect(parser({ type: 'number' })('1e999')).toMatchObject({ ok: false });
  });

  it('reads booleans as true/false, yes/no, 1/0 in any case (and the German words Excel writes)', () => {
    const parse = parser({ type: 'boolean' });
    for (const cell of ['true', 'TRUE', 'Yes', '1', 'WAHR', 'ja'])
      expect(parse(cell)).toEqual({ ok: true, value: true });
    for (const cell of ['false', 'No', '0', 'FALSCH', 'Nein'])
      expect(parse(cell)).toEqual({ ok: true, value: false });
    expect(parse('maybe')).toMatchObject({
      ok: false,
      code: 'INVALID_BOOLEAN',
      message: expect.stringContaining('maybe'),
    });
  });

  it('reads ISO dates by default and refuses days that do not exist', () => {
    const parse = parser({ type: 'date' });
    expect(parse('2026-01-31')).toEqual({ ok: true, value: '2026-01-31' });
    expect(parse('2024-02-29')).toEqual({ ok: true, value: '2024-02-29' });
    expect(parse('2026-1-5')).toEqual({ ok: true, value: '2026-01-05' });
    for (const cell of [
      '2025-02-29',
      '2026-04-31',
      '2026-13-01',
      '26-01-05',
      '31.01.2026',
      '2026-01-31T00:00',
    ]) {
      expect(parse(cell)).toMatchObject({
        ok: false,
        code: 'INVALID_DATE',
        message: expect.stringContaining('YYYY-MM-DD'),
      });
    }
  });

  it('reads dates in a configured format, with one-digit days and months when the parts are separated', () => {
    const parse = parser({ type: 'date', format: 'DD.MM.YYYY' });
    expect(parse('01.02.2026')).toEqual({ ok: true, value: '2026-02-01' });
    expect(parse('1.3.2026')).toEqual({ ok: true, value: '2026-03-01' });
    expect(parse('2026-03-01')).toMatchObject({ ok: false, code: 'INVALID_DATE' });
    expect(parser({ type: 'date', format: 'MM/DD/YYYY' })('12/31/2026')).toEqual({
      ok: true,
      value: '2026-12-31',
    });
    expect(parser({ type: 'date', format: 'YYYYMMDD' })('20260131')).toEqual({
      ok: true,
      value: '2026-01-31',
    });
    expect(parser({ type: 'date', format: 'YYYYMMDD' })('2026131')).toMatchObject({ ok: false });
  });

  it('writes and reads back every day in every format', () => {
    const formats = ['YYYY-MM-DD', 'DD.MM.YYYY', 'MM/DD/YYYY', 'YYYYMMDD', 'DD MM YYYY'];
    fc.assert(
      fc.property(
        fc.date({ min: new Date('1900-01-01'), max: new Date('2999-12-31'), noInvalidDate: true }),
        fc.constantFrom(...formats),
        (date, format) => {
          const iso = date.toISOString().slice(0, 10);
          const compiled = compileDateFormat(format);
          expect(compiled.parse(compiled.format(iso))).toBe(iso);
        },
      ),
    );
  });

  it('matches enum values case-insensitively and stores them as configured', () => {
    const parse = parser({ type: 'enum', values: ['R&D', 'Sales'] });
    expect(parse('r&d')).toEqual({ ok: true, value: 'R&D' });
    expect(parse('Marketing')).toEqual({
      ok: false,
      code: 'INVALID_ENUM_VALUE',
      message: '"Marketing" is not one of R&D, Sales',
    });
  });

  it('reads lists as sets in the configured order, trimming items and skipping empty ones', () => {
    const parse = parser({ type: 'list', values: ['Admins', 'Scouts', 'Guests'], separator: '|' });
    expect(parse('scouts | ADMINS||admins')).toEqual({ ok: true, value: ['Admins', 'Scouts'] });
    expect(parse('Scouts|Pirates')).toEqual({
      ok: false,
      code: 'INVALID_LIST_VALUE',
      message: '"Pirates" is not one of Admins, Scouts, Guests',
    });
    expect(parser({ type: 'list', values: ['a', 'b'], separator: ';' })('b;a')).toEqual({
      ok: true,
      value: ['a', 'b'],
    });
  });
});
