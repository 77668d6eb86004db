// Validating a CSV sync configuration (SPEC §4) completely: every problem is listed at once, with the path of
// the field it concerns, so that staff fix a configuration in one round.
import { isDateFormat } from './date-format';
import { columnKey, ERROR_REPORT_COLUMNS } from './header';
import { DEFAULT_LIST_SEPARATOR } from './parse-value';
import {
  ATTRIBUTE_TYPES,
  AttributeConfig,
  AttributeType,
  EmptyCellPolicy,
  SyncConfig,
  UnknownColumnsPolicy,
} from './types';

export interface ConfigProblem {
  path: string;
  message: string;
}

export type ConfigCheck = { ok: true; config: SyncConfig } | { ok: false; problems: ConfigProblem[] };

export const DEFAULT_DELETE_GUARD_PERCENT = 50;
export const MAX_ATTRIBUTES = 200;
export const MAX_COLUMN_LENGTH = 200;
export const MAX_ENUM_VALUES = 1000;
const KEY = /^[A-Za-z][A-Za-z0-9_]{0,63}$/;
const UNKNOWN_COLUMNS: UnknownColumnsPolicy[] = ['reject', 'ignore'];
const EMPTY_CELL: EmptyCellPolicy[] = ['keep', 'clear'];
const TOP_LEVEL = ['emailColumn', 'attributes', 'unknownColumns', 'emptyCell', 'deleteGuardPercent'];
const ATTRIBUTE_FIELDS = ['key', 'column', 'type', 'required', 'maxLength', 'values', 'separator', 'format'];
/** Which optional fields each type takes. */
const TYPE_FIELDS: Record<string, AttributeType[]> = {
  maxLength: ['string'],
  values: ['enum', 'list'],
  separator: ['list'],
  format: ['date'],
};
const RESERVED_COLUMNS = new Set<string>(ERROR_REPORT_COLUMNS);
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f]/;

type Json = Record<string, unknown>;

const isObject = (value: unknown): value is Json =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

export function checkSyncConfig(input: unknown): ConfigCheck {
  const problems: ConfigProblem[] = [];
  const problem = (path: string, message: string) => problems.push({ path, message });
  if (!isObject(input)) return { ok: false, problems: [{ path: '', message: 'must be a JSON object' }] };

  for (const field of Object.keys(input)) {
    if (!TOP_LEVEL.includes(field))
      problem(field, `is not a configuration field (expected: ${TOP_LEVEL.join(', ')})`);
  }
  const emailColumn = checkColumnName(input.emailColumn, 'emailColumn', problem);
  const attributes = checkAttributes(input.attributes, emailColumn, problem);
  const unknownColumns = checkChoice(input.unknownColumns, UNKNOWN_COLUMNS, 'unknownColumns', problem);
  const emptyCell = checkChoice(input.emptyCell, EMPTY_CELL, 'emptyCell', problem);
  const deleteGuardPercent = input.deleteGuardPercent ?? DEFAULT_DELETE_GUARD_PERCENT;
  if (typeof deleteGuardPercent !== 'number' || !(deleteGuardPercent >= 1 && deleteGuardPercent <= 100)) {
    problem('deleteGuardPercent', 'must be a number from 1 to 100');
  }
  if (problems.length > 0) return { ok: false, problems };
  return {
    ok: true,
    config: {
      emailColumn: emailColumn as string,
      attributes,
      unknownColumns: unknownColumns as UnknownColumnsPolicy,
      emptyCell: emptyCell as EmptyCellPolicy,
      deleteGuardPercent: deleteGuardPercent as number,
    },
  };
}

type Report = (path: string, message: string) => void;

function checkColumnName(value: unknown, path: string, problem: Report): string | undefined {
  if (typeof value !== 'string' || value.trim() === '') {
    problem(path, 'must be a non-empty text');
    return undefined;
  }
  const name = value.trim();
  if (name.length > MAX_COLUMN_LENGTH) problem(path, `must be at most ${MAX_COLUMN_LENGTH} characters`);
  else if (CONTROL.test(name)) problem(path, 'must not contain control characters or line breaks');
  else if (RESERVED_COLUMNS.has(columnKey(name))) {
    problem(path, `"${name}" is reserved for the error report (${ERROR_REPORT_COLUMNS.join(', ')})`);
  }
  return name;
}

function checkChoice<T extends string>(
  value: unknown,
  choices: T[],
  path: string,
  problem: Report,
): T | undefined {
  if (value === undefined) return choices[0];
  if (!choices.includes(value as T)) problem(path, `must be one of ${choices.join(', ')}`);
  return value as T;
}

function checkAttributes(
  value: unknown,
  emailColumn: string | undefined,
  problem: Report,
): AttributeConfig[] {
  if (!Array.isArray(value)) {
    problem('attributes', 'must be a list of attributes');
    return [];
  }
  if (value.length > MAX_ATTRIBUTES) problem('attributes', `must have at most ${MAX_ATTRIBUTES} attributes`);
  const keys = new Set<string>();
  const columns = new Set<string>(emailColumn === undefined ? [] : [columnKey(emailColumn)]);
  const attributes: AttributeConfig[] = [];
  value.forEach((item, i) => {
    const attribute = checkAttribute(item, `attributes[${i}]`, problem);
    // Repeats are found among all attributes, also those with other problems, so that none hides another.
    const { key, column } = isObject(item) ? item : {};
    if (typeof key === 'string' && key !== '') {
      if (keys.has(key.toLowerCase())) problem(`attributes[${i}].key`, `"${key}" is used twice`);
      keys.add(key.toLowerCase());
    }
    if (typeof column === 'string' && column.trim() !== '') {
      const name = columnKey(column);
      if (emailColumn !== undefined && name === columnKey(emailColumn)) {
        problem(`attributes[${i}].column`, `"${column.trim()}" is the email column`);
      } else if (columns.has(name)) {
        problem(
          `attributes[${i}].column`,
          `"${column.trim()}" is used twice (column names match case-insensitively)`,
        );
      }
      columns.add(name);
    }
    if (attribute) attributes.push(attribute);
  });
  return attributes;
}

function checkAttribute(input: unknown, path: string, problem: Report): AttributeConfig | undefined {
  if (!isObject(input)) {
    problem(path, 'must be an object with key, column and type');
    return undefined;
  }
  for (const field of Object.keys(input)) {
    if (!ATTRIBUTE_FIELDS.includes(field))
      problem(`${path}.${field}`, `is not an attribute field (expected: ${ATTRIBUTE_FIELDS.join(', ')})`);
  }
  const { key, type } = input;
  if (typeof key !== 'string' || !KEY.test(key)) {
    problem(`${path}.key`, 'must start with a letter and have at most 64 letters, digits or _');
  } else if (key.toLowerCase() === 'email') {
    problem(`${path}.key`, '"email" is the user\'s own field, not an attribute');
  }
  const column = checkColumnName(input.column, `${path}.column`, problem);
  const required = input.required ?? false;
  if (typeof required !== 'boolean') problem(`${path}.required`, 'must be true or false');

  if (!ATTRIBUTE_TYPES.includes(type as AttributeType)) {
    problem(`${path}.type`, `must be one of ${ATTRIBUTE_TYPES.join(', ')}`);
    return undefined;
  }
  const attribute: AttributeConfig = {
    key: key as string,
    column: column as string,
    type: type as AttributeType,
    required: required as boolean,
  };
  for (const [field, types] of Object.entries(TYPE_FIELDS)) {
    if (input[field] !== undefined && !types.includes(attribute.type)) {
      problem(
        `${path}.${field}`,
        `applies only to the type${types.length === 1 ? '' : 's'} ${types.join(', ')}`,
      );
    }
  }
  switch (attribute.type) {
    case 'string':
      if (input.maxLength !== undefined) {
        if (!Number.isSafeInteger(input.maxLength) || (input.maxLength as number) < 1) {
          problem(`${path}.maxLength`, 'must be a whole number of at least 1');
        } else attribute.maxLength = input.maxLength as number;
      }
      break;
    case 'date':
      if (input.format !== undefined) {
        if (typeof input.format !== 'string' || !isDateFormat(input.format)) {
          problem(
            `${path}.format`,
            'must be made of YYYY, MM and DD, each once, with . - / or space between (e.g. DD.MM.YYYY)',
          );
        } else attribute.format = input.format;
      }
      break;
    case 'list':
      attribute.separator = checkSeparator(input.separator, `${path}.separator`, problem);
      attribute.values = checkValues(input.values, `${path}.values`, attribute.separator, problem);
      break;
    case 'enum':
      attribute.values = checkValues(input.values, `${path}.values`, undefined, problem);
      break;
    default:
      break;
  }
  return attribute;
}

function checkSeparator(value: unknown, path: string, problem: Report): string {
  if (value === undefined) return DEFAULT_LIST_SEPARATOR;
  if (typeof value !== 'string' || [...value].length !== 1 || /[\s"]/.test(value)) {
    problem(path, 'must be one character, not a space, a line break or a quote');
  }
  return value as string;
}

function checkValues(value: unknown, path: string, separator: string | undefined, problem: Report): string[] {
  if (!Array.isArray(value) || value.length === 0) {
    problem(path, 'must list the allowed values');
    return [];
  }
  if (value.length > MAX_ENUM_VALUES) problem(path, `must have at most ${MAX_ENUM_VALUES} values`);
  const seen = new Set<string>();
  const values: string[] = [];
  value.forEach((item, i) => {
    if (typeof item !== 'string' || item.trim() === '') {
      problem(`${path}[${i}]`, 'must be a non-empty text');
      return;
    }
    const text = item.trim();
    if (seen.has(text.toLowerCase()))
      problem(`${path}[${i}]`, `"${text}" is listed twice (values match case-insensitively)`);
    if (separator !== undefined && text.includes(separator))
      problem(`${path}[${i}]`, `"${text}" contains the separator "${separator}"`);
    seen.add(text.toLowerCase());
    values.push(text);
  });
  return values;
}
