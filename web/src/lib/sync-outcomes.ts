// The outcomes a sync can have, by its action, and the count of each: the panel after an upload, the records
// page's counts and its outcome filter list the same outcomes, in the same order.
import type { components } from './api-types';

type Sync = components['schemas']['SyncDto'];
type Outcome = components['schemas']['RecordDto']['outcome'];

/** The field of a sync's counts that counts each outcome. */
const OUTCOME_COUNTS: Record<Outcome, keyof Sync['counts']> = {
  added: 'added',
  updated: 'updated',
  unchanged: 'unchanged',
  deleted: 'deleted',
  not_found: 'notFound',
  failed: 'failed',
};

/** The outcomes an action can have; a revert can have every one (SPEC §10). */
const OUTCOMES_OF: Record<string, Outcome[]> = {
  upsert: ['added', 'updated', 'unchanged', 'failed'],
  delete: ['deleted', 'not_found', 'failed'],
};

export function outcomesOf(action: string): Outcome[] {
  return OUTCOMES_OF[action] ?? (Object.keys(OUTCOME_COUNTS) as Outcome[]);
}

export function outcomeCount(sync: Sync, outcome: Outcome): number {
  return sync.counts[OUTCOME_COUNTS[outcome]];
}
