import { canMake, SyncLifecycle, SyncTransition, TRANSITIONS } from './sync-lifecycle';
import { FINAL_STATUSES, PARKED_STATUSES, SYNC_STATUSES, SyncStatus } from './sync.entity';

/** A stand-in for a transaction: records each statement, and answers the rows the test gives it. */
function fakeTx(rows: unknown[] = [{ id: 's' }]) {
  const calls: { sql: string; params: unknown[] }[] = [];
  return {
    calls,
    tx: {
      query: async (sql: string, params: unknown[] = []) => {
        calls.push({ sql, params });
        return { rows: sql.includes('pg_advisory_xact_lock') ? [] : rows, rowCount: rows.length };
      },
    } as never,
  };
}

const counts = { added: 1, updated: 0, unchanged: 0, deleted: 0, not_found: 0, failed: 0 };
const lifecycle = new SyncLifecycle();
const calls: Record<SyncTransition, (tx: never) => Promise<unknown>> = {
  accept: (tx) =>
    lifecycle.accept(tx, 's', 'acme', { totalRows: 1, encoding: 'utf-8', warnings: [], rowsPrepared: true }),
  start: (tx) => lifecycle.start(tx, 's'),
  park: (tx) => lifecycle.park(tx, 's', []),
  advance: (tx) => lifecycle.advance(tx, 's', { after: 1, lastLine: 3, rows: 2, counts }),
  finish: (tx) => lifecycle.finish(tx, 's'),
  fail: (tx) => lifecycle.fail(tx, 's', { code: 'PROCESSING_FAILED', message: 'x' }),
  cancel: (tx) => lifecycle.cancel(tx, 's', 'acme'),
  requeue: (tx) => lifecycle.requeue(tx, 's', 'acme'),
};

describe('the sync lifecycle', () => {
  it('lets nothing leave a final status', () => {
    for (const status of FINAL_STATUSES) {
      for (const transition of Object.keys(TRANSITIONS) as SyncTransition[]) {
        expect([transition, status, canMake(transition, status)]).toEqual([transition, status, false]);
      }
    }
  });

  it('reaches every status from an accepted upload', () => {
    const reached = new Set<SyncStatus>(['queued']);
    for (let grew = true; grew;) {
      grew = false;
      for (const { from, to } of Object.values(TRANSITIONS)) {
        if (!from.some((s) => reached.has(s))) continue;
        for (const s of to) {
          if (!reached.has(s)) {
            reached.add(s);
            grew = true;
          }
        }
      }
    }
    expect([...reached].sort()).toEqual([...SYNC_STATUSES].sort());
  });

  it('lets a person apply or cancel a parked sync, and a run start, park, advance, finish or fail only a runnable one', () => {
    for (const status of PARKED_STATUSES) {
      expect(canMake('requeue', status)).toBe(true);
      expect(canMake('cancel', status)).toBe(true);
      for (const transition of ['start', 'park', 'advance', 'finish', 'fail'] as const) {
        expect(canMake(transition, status)).toBe(false);
      }
    }
    expect(canMake('start', 'queued')).toBe(true);
    expect(canMake('start', 'processing')).toBe(true);
    expect(canMake('advance', 'queued')).toBe(false);
    expect(canMake('finish', 'queued')).toBe(false);
    expect(canMake('park', 'processing')).toBe(false);
    expect(canMake('requeue', 'queued')).toBe(false);
    expect(canMake('requeue', 'processing')).toBe(false);
  });

  it.each(Object.keys(TRANSITIONS) as SyncTransition[])(
    '%s is one guarded UPDATE … RETURNING that passes the statuses of the transition table',
    async (transition) => {
      const { tx, calls: statements } = fakeTx();
      await calls[transition](tx);
      const updates = statements.filter((c) => /^\s*UPDATE sync\b/.test(c.sql));
      expect(updates).toHaveLength(1);
      expect(updates[0].sql).toMatch(/status = ANY \(\$2::text\[\]\)/);
      expect(updates[0].sql).toMatch(/RETURNING/);
      expect(updates[0].params.slice(0, 2)).toEqual(['s', TRANSITIONS[transition].from]);
    },
  );

  it.each(Object.keys(TRANSITIONS) as SyncTransition[])(
    '%s answers null when the sync was not in a status it applies to',
    async (transition) => {
      const { tx } = fakeTx([]);
      await expect(calls[transition](tx)).resolves.toBeNull();
    },
  );

  it('takes a place in the queue under the tenant’s lock, before the accepting UPDATE, for uploads and applies', async () => {
    for (const transition of ['accept', 'requeue'] as const) {
      const { tx, calls: statements } = fakeTx();
      await calls[transition](tx);
      expect(statements[0].sql).toContain('pg_advisory_xact_lock');
      expect(statements[0].params[1]).toBe('acme');
      expect(statements[1].sql).toContain("nextval('sync_run_seq')");
    }
  });

  it('advances a sync only from the line where the batch begins', async () => {
    const { tx, calls: statements } = fakeTx();
    await calls.advance(tx);
    expect(statements[0].sql).toMatch(/last_line = \$3/);
    expect(statements[0].params.slice(2, 5)).toEqual([1, 3, 2]);
  });
});
