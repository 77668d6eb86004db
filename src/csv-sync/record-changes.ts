// The `changes` of an outcome record as stored and as shown (SPEC §7). An update stores its diff. An addition
// stores the new user's attributes and a deletion the user's last attributes, once each instead of as
// `{ key: { from: null, to } }`: half the bytes for a million-row file, and no diff to build per row. Reading
// expands them to the shape of an update, so that every record answers `{ key: { from, to } }`.
import type { Attributes } from '../../libs/values';
import type { Changes, RowDecision } from './sync-evaluation';
import type { Outcome } from './dto/record.dto';

/** The value of the `changes` column for a decision, or null when the row changed nothing. */
export function storedChanges(decision: RowDecision): Attributes | Changes | null {
  switch (decision.kind) {
    case 'add':
      return decision.attributes;
    case 'update':
      return decision.changes;
    case 'delete':
      return decision.lastValues;
    default:
      return null;
  }
}

/** The `changes` a client sees for a stored record. */
export function shownChanges(outcome: Outcome, stored: unknown): Changes | null {
  if (stored === null || stored === undefined) return null;
  if (outcome === 'added') return mapValues(stored as Attributes, (value) => ({ from: null, to: value }));
  if (outcome === 'deleted') return mapValues(stored as Attributes, (value) => ({ from: value, to: null }));
  return stored as Changes;
}

function mapValues(values: Attributes, change: (value: unknown) => Changes[string]): Changes {
  const changes: Changes = {};
  for (const key of Object.keys(values)) changes[key] = change(values[key]);
  return changes;
}
