// Reading one data row with a header mapping (SPEC §6): its shape, then its email, then its values. The first
// problem of a row is what the row fails with; messages begin with the column as the file spells it.
import { emailProblem, normalizeEmail } from './email';
import type { HeaderMapping } from './header';
import { compileValueParser, ValueParser, ValueParserOptions } from './parse-value';
import type { Attributes, RowError, SyncConfig } from './types';

export interface ParsedRow {
  /** Normalized; '' when the row has no email cell. */
  email: string;
  /** The attributes of the non-empty cells. */
  values: Attributes;
  /** Keys of the attributes whose cells were empty. */
  empty: string[];
  error: RowError | null;
}

export type RowParser = (cells: readonly string[]) => ParsedRow;

interface CompiledColumn {
  index: number;
  key: string;
  name: string;
  parse: ValueParser;
}

export function compileRowParser(
  mapping: HeaderMapping,
  config: SyncConfig,
  options: ValueParserOptions,
): RowParser {
  const nameOf = (index: number, fallback: string) => mapping.names[index] || fallback;
  const emailColumn = nameOf(mapping.emailIndex, config.emailColumn);
  const columns: CompiledColumn[] = mapping.columns.map(({ index, attribute }) => ({
    index,
    key: attribute.key,
    name: nameOf(index, attribute.column),
    parse: compileValueParser(attribute, options),
  }));
  const { width } = mapping;

  return (cells) => {
    const email = normalizeEmail(cells[mapping.emailIndex] ?? '');
    const row: ParsedRow = { email, values: {}, empty: [], error: null };
    row.error = shapeError(cells, width);
    if (row.error) return row;

    const problem = emailProblem(email);
    if (problem) {
      row.error = { code: 'INVALID_EMAIL', message: `${emailColumn}: ${problem}`, column: emailColumn };
      return row;
    }
    for (const column of columns) {
      const cell = cells[column.index];
      if (cell === '') {
        row.empty.push(column.key);
        continue;
      }
      const result = column.parse(cell);
      if (result.ok) row.values[column.key] = result.value;
      else if (!row.error)
        row.error = { code: result.code, message: `${column.name}: ${result.message}`, column: column.name };
    }
    return row;
  };
}

/**
 * A row must have as many cells as the header. Empty cells beyond it are forgiven (spreadsheets add trailing
 * separators); values beyond it are not, since they are the sign of a shifted row.
 */
function shapeError(cells: readonly string[], width: number): RowError | null {
  if (cells.length < width) {
    return {
      code: 'TOO_FEW_COLUMNS',
      message: `The row has ${cells.length} cell${cells.length === 1 ? '' : 's'}; the header has ${width} columns`,
      column: null,
    };
  }
  for (let i = width; i < cells.length; i += 1) {
    if (cells[i] !== '') {
      return {
        code: 'TOO_MANY_COLUMNS',
        message: `The row has ${cells.length} cells; the header has ${width} columns (a value in column ${i + 1} has no header)`,
        column: null,
      };
    }
  }
  return null;
}
