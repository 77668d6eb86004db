import { checkHeader, compileRowParser, SyncAction, SyncConfig } from '../../libs/values';
import { diff, RowDecision, StagedRow, SyncEvaluator } from './sync-evaluation';

const CONFIG: SyncConfig = {
  emailColumn: 'Email',
  attributes: [
    { key: 'firstName', column: 'First Name', type: 'string', required: true },
    { key: 'department', column: 'Department', type: 'enum', values: ['R&D', 'Sales'], required: false },
    { key: 'groups', column: 'Groups', type: 'list', values: ['A', 'B'], separator: '|', required: false },
  ],
  unknownColumns: 'reject',
  emptyCell: 'keep',
  deleteGuardPercent: 50,
};
const HEADER = ['Email', 'First Name', 'Department', 'Groups'];

function evaluator(
  action: SyncAction = 'upsert',
  config: SyncConfig = CONFIG,
  header = HEADER,
): SyncEvaluator {
  const check = checkHeader(header, config, action);
  if (!check.ok) throw new Error(check.message);
  return new SyncEvaluator(
    action,
    config,
    header,
    check.mapping,
    compileRowParser(check.mapping, config, { decimalComma: false }),
  );
}

function staged(cells: string[], extra: Partial<StagedRow> = {}): StagedRow {
  return { line: 7, email: cells[0]?.toLowerCase() ?? null, cells, problems: null, dupOf: null, ...extra };
}

function decide(
  e: SyncEvaluator,
  row: StagedRow,
  existing?: { id: string; attributes: Record<string, unknown> },
): RowDecision {
  const parsed = e.parse(row);
  if ('kind' in parsed) return parsed;
  return e.decide(row, parsed.parsed, existing as never);
}

describe('SyncEvaluator', () => {
  it('adds a new user with every parsed value', () => {
    const d = decide(evaluator(), staged(['Ann@Example.com', 'Ann', 'r&d', 'b|A']));
    expect(d).toEqual({
      kind: 'add',
      line: 7,
      email: 'ann@example.com',
      attributes: { firstName: 'Ann', department: 'R&D', groups: ['A', 'B'] },
    });
  });

  it('refuses to add a user without a required value, naming the column as the file spells it', () => {
    const e = evaluator('upsert', CONFIG, ['email', 'FIRST NAME', 'Department', 'Groups']);
    const d = decide(e, staged(['ann@example.com', '', 'Sales', '']));
    expect(d).toMatchObject({
      kind: 'failed',
      error: { code: 'REQUIRED_VALUE_MISSING', column: 'FIRST NAME' },
    });
  });

  it('updates an existing user, keeping values of empty cells and of keys the file does not carry', () => {
    const existing = { id: 'u1', attributes: { firstName: 'Ann', department: 'Sales', legacy: 'kept' } };
    const d = decide(evaluator(), staged(['ann@example.com', 'Anna', '', 'A']), existing);
    expect(d).toEqual({
      kind: 'update',
      line: 7,
      email: 'ann@example.com',
      userId: 'u1',
      attributes: { firstName: 'Anna', department: 'Sales', legacy: 'kept', groups: ['A'] },
      changes: { firstName: { from: 'Ann', to: 'Anna' }, groups: { from: null, to: ['A'] } },
    });
  });

  it('leaves a user whose values already match unchanged, lists compared by value', () => {
    const existing = { id: 'u1', attributes: { firstName: 'Ann', department: 'R&D', groups: ['A', 'B'] } };
    expect(decide(evaluator(), staged(['ann@example.com', 'Ann', 'R&D', 'B|A']), existing)).toEqual({
      kind: 'unchanged',
      line: 7,
      email: 'ann@example.com',
    });
  });

  it('clears the values of empty cells under "clear", but refuses to clear a required one', () => {
    const clear = { ...CONFIG, emptyCell: 'clear' as const };
    const existing = { id: 'u1', attributes: { firstName: 'Ann', department: 'R&D' } };
    expect(
      decide(evaluator('upsert', clear), staged(['ann@example.com', 'Ann', '', '']), existing),
    ).toMatchObject({
      kind: 'update',
      attributes: { firstName: 'Ann' },
      changes: { department: { from: 'R&D', to: null } },
    });
    expect(
      decide(evaluator('upsert', clear), staged(['ann@example.com', '', 'R&D', '']), existing),
    ).toMatchObject({
      kind: 'failed',
      error: { code: 'REQUIRED_VALUE_MISSING', column: 'First Name' },
    });
  });

  it('fails a repeated email with DUPLICATE_IN_FILE naming the first line', () => {
    const d = decide(evaluator(), staged(['ann@example.com', 'Ann', '', ''], { dupOf: 3 }));
    expect(d).toMatchObject({
      kind: 'failed',
      email: 'ann@example.com',
      error: { code: 'DUPLICATE_IN_FILE', column: 'Email' },
    });
    expect(d.kind === 'failed' && d.error.message).toMatch(/line 3/);
  });

  it('reports the first problem of a row: shape, then unstorable characters, then the email, then a repeat, then values', () => {
    const e = evaluator();
    expect(decide(e, staged(['x', 'Ann'], { dupOf: 2 }))).toMatchObject({
      error: { code: 'TOO_FEW_COLUMNS' },
    });
    const nul = staged(['bad', 'Ann', 'Nope', ''], {
      dupOf: 2,
      problems: [{ code: 'INVALID_CHARACTER', index: 2, message: 'contains a NUL byte' }],
    });
    expect(decide(e, nul)).toMatchObject({ error: { code: 'INVALID_CHARACTER', column: 'Department' } });
    expect(decide(e, staged(['bad', 'Ann', 'Nope', ''], { dupOf: 2 }))).toMatchObject({
      error: { code: 'INVALID_EMAIL' },
    });
    expect(decide(e, staged(['a@example.com', 'Ann', 'Nope', ''], { dupOf: 2 }))).toMatchObject({
      error: { code: 'DUPLICATE_IN_FILE' },
    });
    expect(decide(e, staged(['a@example.com', 'Ann', 'Nope', '']))).toMatchObject({
      error: { code: 'INVALID_ENUM_VALUE', column: 'Department' },
    });
  });

  it('keeps the original cells of a failed row for the error report', () => {
    const cells = ['a@example.com', 'Ann', 'Nope', 'A'];
    expect(decide(evaluator(), staged(cells))).toMatchObject({ kind: 'failed', cells });
  });

  it('deletes an existing user, keeping its last values', () => {
    const e = evaluator('delete', CONFIG, ['Email']);
    const existing = { id: 'u1', attributes: { firstName: 'Ann', groups: ['A'] } };
    expect(decide(e, staged(['ann@example.com']), existing)).toEqual({
      kind: 'delete',
      line: 7,
      email: 'ann@example.com',
      userId: 'u1',
      lastValues: { firstName: 'Ann', groups: ['A'] },
    });
    expect(decide(e, staged(['nobody@example.com']))).toEqual({
      kind: 'not_found',
      line: 7,
      email: 'nobody@example.com',
    });
  });
});

describe('diff', () => {
  it('lists only keys whose values differ, with null for a missing side', () => {
    expect(diff({ a: 1, b: [1, 2] as never, c: 'x' }, { a: 1, b: [1, 2] as never, d: true })).toEqual({
      c: { from: 'x', to: null },
      d: { from: null, to: true },
    });
    expect(diff({ b: ['x', 'y'] }, { b: ['y', 'x'] })).toEqual({ b: { from: ['x', 'y'], to: ['y', 'x'] } });
  });
});
