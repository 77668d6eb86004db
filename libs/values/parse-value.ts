// Reading one cell as the value of an attribute of the tenant's configuration (SPEC §4 types).
import { compileDateFormat, ISO_DATE_FORMAT } from './date-format';
import type { AttributeConfig, AttributeValue, RowErrorCode } from './types';

export type ValueResult =
  { ok: true; value: AttributeValue } | { ok: false; code: RowErrorCode; message: string };

/** Reads a trimmed, non-empty cell. Messages name the problem, not the column: the row parser adds that. */
export type ValueParser = (cell: string) => ValueResult;

export interface ValueParserOptions {
  /** The file separates its cells with something other than ",": "1,5" may then be a decimal number. */
  decimalComma: boolean;
}

export const DEFAULT_LIST_SEPARATOR = '|';

const TRUE_WORDS = new Set(['true', 'yes', '1', 'wahr', 'ja']);
const FALSE_WORDS = new Set(['false', 'no', '0', 'falsch', 'nein']);
const INTEGER = /^[+-]?\d+$/;
const NUMBER = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/;

const ok = (value: AttributeValue): ValueResult => ({ ok: true, value });
const fail = (code: RowErrorCode, message: string): ValueResult => ({ ok: false, code, message });

export function compileValueParser(attribute: AttributeConfig, options: ValueParserOptions): ValueParser {
  switch (attribute.type) {
    case 'string':
      return stringParser(attribute.maxLength);
    case 'integer':
      return integerParser;
    case 'number':
      return numberParser(options.decimalComma);
    case 'boolean':
      return booleanParser;
    case 'date':
      return dateParser(attribute.format ?? ISO_DATE_FORMAT);
    case 'enum':
      return enumParser(attribute.values ?? []);
    case 'list':
      return listParser(attribute.values ?? [], attribute.separator ?? DEFAULT_LIST_SEPARATOR);
  }
}

function stringParser(maxLength: number | undefined): ValueParser {
  if (maxLength === undefined) return ok;
  return (cell) => {
    // Characters as a person counts them: an emoji is one, not two UTF-16 units.
    if (cell.length <= maxLength) return ok(cell);
    const length = [...cell].length;
    if (length <= maxLength) return ok(cell);
    return fail('VALUE_TOO_LONG', `is ${length} characters long; at most ${maxLength} are allowed`);
  };
}

function integerParser(cell: string): ValueResult {
  const value = Number(cell);
  if (!INTEGER.test(cell) || !Number.isSafeInteger(value)) {
    return fail('INVALID_INTEGER', `"${cell}" is not a whole number`);
  }
  return ok(value);
}

function numberParser(decimalComma: boolean): ValueParser {
  return (cell) => {
    // In a file separated by ";" (Excel in Germany, France, ...) numbers are written "1,5".
    const text = decimalComma && !cell.includes('.') ? cell.replace(',', '.') : cell;
    const value = Number(text);
    if (!NUMBER.test(text) || !Number.isFinite(value))
      return fail('INVALID_NUMBER', `"${cell}" is not a number`);
    return ok(value);
  };
}

function booleanParser(cell: string): ValueResult {
  const word = cell.toLowerCase();
  if (TRUE_WORDS.has(word)) return ok(true);
  if (FALSE_WORDS.has(word)) return ok(false);
  return fail('INVALID_BOOLEAN', `"${cell}" is not one of true/false, yes/no, 1/0`);
}

function dateParser(format: string): ValueParser {
  const date = compileDateFormat(format);
  return (cell) => {
    const value = date.parse(cell);
    return value === null
      ? fail('INVALID_DATE', `"${cell}" is not a date in the format ${format}`)
      : ok(value);
  };
}

/** Allowed values by their lower-case spelling: they match case-insensitively and are stored as configured. */
function lookup(values: readonly string[]): Map<string, string> {
  return new Map(values.map((value) => [value.toLowerCase(), value]));
}

function enumParser(values: readonly string[]): ValueParser {
  const allowed = lookup(values);
  const list = values.join(', ');
  return (cell) => {
    const value = allowed.get(cell.toLowerCase());
    return value === undefined ? fail('INVALID_ENUM_VALUE', `"${cell}" is not one of ${list}`) : ok(value);
  };
}

function listParser(values: readonly string[], separator: string): ValueParser {
  const allowed = lookup(values);
  const rank = new Map(values.map((value, i) => [value, i]));
  const list = values.join(', ');
  return (cell) => {
    const items = new Set<string>();
    for (const raw of cell.split(separator)) {
      const item = raw.trim();
      if (item === '') continue;
      const value = allowed.get(item.toLowerCase());
      if (value === undefined) return fail('INVALID_LIST_VALUE', `"${item}" is not one of ${list}`);
      items.add(value);
    }
    // A list is a set: repeats are dropped and the items kept in the configured order, so that "B|A" equals "A|B".
    return ok([...items].sort((a, b) => (rank.get(a) as number) - (rank.get(b) as number)));
  };
}
