import type { components } from './api-types';
import { outcomeCount, outcomesOf } from './sync-outcomes';

type Sync = components['schemas']['SyncDto'];

describe('sync outcomes', () => {
  it('lists the outcomes each action can have, in one order, and every one for a revert', () => {
    expect(outcomesOf('upsert')).toEqual(['added', 'updated', 'unchanged', 'failed']);
    expect(outcomesOf('delete')).toEqual(['deleted', 'not_found', 'failed']);
    expect(outcomesOf('revert')).toEqual(['added', 'updated', 'unchanged', 'deleted', 'not_found', 'failed']);
  });

  it('reads each outcome from its own count of the sync', () => {
    const counts = { total: 21, added: 1, updated: 2, unchanged: 3, deleted: 4, notFound: 5, failed: 6 };
    const sync = { counts } as unknown as Sync;
    expect(outcomesOf('revert').map((outcome) => outcomeCount(sync, outcome))).toEqual([1, 2, 3, 4, 5, 6]);
  });
});
