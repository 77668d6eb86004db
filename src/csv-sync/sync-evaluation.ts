// What a row of a file does to the users: the pure decision per row (SPEC §6), kept apart from the SQL that
// applies it so that the rules are tested on their own.
import type { CellProblem } from '../../libs/csv';
import type {
  Attributes,
  AttributeValue,
  HeaderMapping,
  ParsedRow,
  RowError,
  RowParser,
  SyncAction,
  SyncConfig,
} from '../../libs/values';
import type { AttributeChange } from './dto/record.dto';

/** A row as the upload staged it. */
export interface StagedRow {
  line: number;
  email: string | null;
  cells: string[];
  problems: CellProblem[] | null;
  dupOf: number | null;
}

export interface ExistingUser {
  id: string;
  attributes: Attributes;
}

export type Changes = Record<string, AttributeChange>;

/** What a row does. An addition's changes are its attributes (each from null), a deletion's the user's last
 *  attributes (each to null): they are stored once and expanded when read (see record-changes.ts). */
export type RowDecision =
  | { kind: 'add'; line: number; email: string; attributes: Attributes }
  | { kind: 'update'; line: number; email: string; userId: string; attributes: Attributes; changes: Changes }
  | { kind: 'unchanged'; line: number; email: string }
  | { kind: 'delete'; line: number; email: string; userId: string; lastValues: Attributes }
  | { kind: 'not_found'; line: number; email: string }
  | { kind: 'failed'; line: number; email: string | null; error: RowError; cells: string[] };

export class SyncEvaluator {
  private readonly columnByKey: Map<string, string>;
  private readonly emailColumn: string;

  constructor(
    private readonly action: SyncAction,
    private readonly config: SyncConfig,
    private readonly header: readonly string[],
    private readonly mapping: HeaderMapping,
    private readonly parseRow: RowParser,
  ) {
    this.emailColumn = header[mapping.emailIndex];
    this.columnByKey = new Map(mapping.columns.map((c) => [c.attribute.key, header[c.index]]));
  }

  /** Parses a row; a row that cannot be applied comes back as a failure, otherwise with the email to look up. */
  parse(row: StagedRow): { row: StagedRow; parsed: ParsedRow } | Extract<RowDecision, { kind: 'failed' }> {
    const parsed = this.parseRow(row.cells);
    const error = this.firstError(row, parsed);
    if (error)
      return { kind: 'failed', line: row.line, email: parsed.email || null, error, cells: row.cells };
    return { row, parsed };
  }

  decide(row: StagedRow, parsed: ParsedRow, existing: ExistingUser | undefined): RowDecision {
    const { line } = row;
    const { email } = parsed;
    if (this.action === 'delete') {
      if (!existing) return { kind: 'not_found', line, email };
      return { kind: 'delete', line, email, userId: existing.id, lastValues: existing.attributes };
    }
    if (!existing) {
      const missing = this.mapping.columns.find(
        (c) => c.attribute.required && !(c.attribute.key in parsed.values),
      );
      if (missing) {
        const column = this.header[missing.index];
        return this.failed(row, email, {
          code: 'REQUIRED_VALUE_MISSING',
          message: `${column}: a value is required for a user being added`,
          column,
        });
      }
      return { kind: 'add', line, email, attributes: parsed.values };
    }

    const next: Attributes = { ...existing.attributes, ...parsed.values };
    if (this.config.emptyCell === 'clear') {
      for (const key of parsed.empty) {
        const column = this.columnByKey.get(key) ?? key;
        if (this.mapping.columns.some((c) => c.attribute.key === key && c.attribute.required)) {
          return this.failed(row, email, {
            code: 'REQUIRED_VALUE_MISSING',
            message: `${column}: the value is required and cannot be cleared`,
            column,
          });
        }
        delete next[key];
      }
    }
    const changes = diff(existing.attributes, next);
    if (Object.keys(changes).length === 0) return { kind: 'unchanged', line, email };
    return { kind: 'update', line, email, userId: existing.id, attributes: next, changes };
  }

  /** The first problem of a row: its shape, then what could not be stored, the email, a repeat, the values. */
  private firstError(row: StagedRow, parsed: ParsedRow): RowError | null {
    const code = parsed.error?.code;
    if (code === 'TOO_MANY_COLUMNS' || code === 'TOO_FEW_COLUMNS') return parsed.error;
    if (row.problems?.length) {
      const problem = row.problems[0];
      const column = this.header[problem.index] ?? `column ${problem.index + 1}`;
      return { code: problem.code, message: `${column}: ${problem.message}`, column };
    }
    if (code === 'INVALID_EMAIL') return parsed.error;
    if (row.dupOf !== null) {
      return {
        code: 'DUPLICATE_IN_FILE',
        message: `${this.emailColumn}: "${parsed.email}" already appears on line ${row.dupOf}; only that row is used`,
        column: this.emailColumn,
      };
    }
    return parsed.error;
  }

  private failed(row: StagedRow, email: string, error: RowError): RowDecision {
    return { kind: 'failed', line: row.line, email, error, cells: row.cells };
  }
}

/** Per key whose value differs: `{ from, to }`, null standing for "no value". */
export function diff(before: Attributes, after: Attributes): Changes {
  const changes: Changes = {};
  for (const key of Object.keys(before)) {
    if (!sameValue(before[key], after[key])) changes[key] = { from: before[key], to: after[key] ?? null };
  }
  for (const key of Object.keys(after)) {
    if (!(key in before)) changes[key] = { from: null, to: after[key] };
  }
  return changes;
}

function sameValue(a: AttributeValue | undefined, b: AttributeValue | undefined): boolean {
  if (a === b) return true;
  if (Array.isArray(a) && Array.isArray(b))
    return a.length === b.length && a.every((item, i) => item === b[i]);
  return false;
}
