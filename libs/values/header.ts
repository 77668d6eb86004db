// Matching a file's header row to the tenant's configuration (SPEC §6): which column is the email, which cell
// feeds which attribute, and what is refused (INVALID_HEADER) or ignored with a warning.
import type { AttributeConfig, SyncAction, SyncConfig } from './types';

/** Columns that the error report (records.csv?outcome=failed) adds: a fixed report can be uploaded as it is. */
export const ERROR_REPORT_COLUMNS = ['line', 'error_code', 'error_message'] as const;

export interface MappedColumn {
  index: number;
  attribute: AttributeConfig;
}

export interface HeaderMapping {
  emailIndex: number;
  columns: MappedColumn[];
  /** Indexes of the columns that are read but not used. */
  ignored: number[];
  /** How many cells every row is expected to have. */
  width: number;
  /** The header's names, trimmed: errors name a column as the file spells it. */
  names: string[];
}

export type HeaderCheck =
  | { ok: true; mapping: HeaderMapping; warnings: string[] }
  | {
      ok: false;
      message: string;
      missing: string[];
      unknown: string[];
      duplicates: string[];
      expected: string[];
    };

/** Header names match after trimming, case-insensitively. */
export function columnKey(name: string): string {
  return name.trim().toLowerCase();
}

const REPORT_COLUMNS = new Set<string>(ERROR_REPORT_COLUMNS);

export function checkHeader(header: readonly string[], config: SyncConfig, action: SyncAction): HeaderCheck {
  const attributes = action === 'upsert' ? config.attributes : [];
  const expected = [config.emailColumn, ...attributes.map((a) => a.column)];
  const byColumn = new Map(attributes.map((a) => [columnKey(a.column), a]));
  const emailKey = columnKey(config.emailColumn);

  const seen = new Set<string>();
  const duplicates: string[] = [];
  const unknown: string[] = [];
  const unnamed: number[] = [];
  const notRead: string[] = [];
  const mapping: HeaderMapping = {
    emailIndex: -1,
    columns: [],
    ignored: [],
    width: header.length,
    names: header.map((name) => name.trim()),
  };

  header.forEach((name, index) => {
    const key = columnKey(name);
    if (key === '') {
      unnamed.push(index + 1);
      mapping.ignored.push(index);
      return;
    }
    if (seen.has(key)) {
      duplicates.push(name);
      return;
    }
    seen.add(key);
    const attribute = byColumn.get(key);
    if (key === emailKey) mapping.emailIndex = index;
    else if (attribute) mapping.columns.push({ index, attribute });
    else if (REPORT_COLUMNS.has(key)) mapping.ignored.push(index);
    else if (action === 'delete') {
      // A delete reads the email column only: the full export of an HR system may be uploaded as it is.
      notRead.push(name);
      mapping.ignored.push(index);
    } else {
      unknown.push(name);
      mapping.ignored.push(index);
    }
  });

  const missing = expected.filter((column, i) => {
    const key = columnKey(column);
    if (i === 0) return mapping.emailIndex === -1;
    return attributes[i - 1].required && !seen.has(key);
  });
  const refusesUnknown = unknown.length > 0 && config.unknownColumns === 'reject';
  if (missing.length > 0 || duplicates.length > 0 || refusesUnknown) {
    const problems = [
      missing.length > 0 && `missing ${list(missing)}`,
      duplicates.length > 0 && `repeated ${list(duplicates)}`,
      refusesUnknown && `not configured ${list(unknown)}`,
    ].filter(Boolean);
    return {
      ok: false,
      message: `The header row does not match the configuration: ${problems.join('; ')}. Expected columns: ${expected.join(', ')}`,
      missing,
      unknown: refusesUnknown || mapping.emailIndex === -1 ? unknown : [],
      duplicates,
      expected,
    };
  }

  const warnings: string[] = [];
  if (unknown.length > 0)
    warnings.push(`Columns that are not configured were ignored: ${unknown.join(', ')}`);
  if (notRead.length > 0)
    warnings.push(`A delete reads only the column ${config.emailColumn}; ignored: ${notRead.join(', ')}`);
  if (unnamed.length > 0) warnings.push(`Columns without a name were ignored: column ${unnamed.join(', ')}`);
  return { ok: true, mapping, warnings };
}

function list(names: string[]): string {
  return `column${names.length === 1 ? '' : 's'} ${names.map((n) => `"${n}"`).join(', ')}`;
}
