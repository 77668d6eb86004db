import { alreadyRevertedMessage, whyNotRevertible } from './revert-rules';
import { SYNC_STATUSES } from './sync.entity';

describe('whyNotRevertible', () => {
  it('allows a completed sync, one completed with errors, and a cancelled one that was not a dry run', () => {
    for (const status of ['completed', 'completed_with_errors', 'cancelled'] as const) {
      expect(whyNotRevertible({ status, dryRun: false })).toBeNull();
    }
  });

  it('refuses every other status, saying what to do instead', () => {
    const refused = SYNC_STATUSES.filter(
      (s) => !['completed', 'completed_with_errors', 'cancelled'].includes(s),
    );
    expect(refused).toEqual(['queued', 'processing', 'previewed', 'awaiting_confirmation', 'failed']);
    for (const status of refused) {
      for (const dryRun of [false, true]) expect(whyNotRevertible({ status, dryRun })).toMatch(/\S/);
    }
    expect(whyNotRevertible({ status: 'queued', dryRun: false })).toBe(
      'The sync is queued: only a finished sync can be reverted. Wait until it has finished, or cancel it.',
    );
    expect(whyNotRevertible({ status: 'previewed', dryRun: true })).toMatch(/has not been applied.*Apply it/);
    expect(whyNotRevertible({ status: 'awaiting_confirmation', dryRun: false })).toMatch(/mass-delete guard/);
    expect(whyNotRevertible({ status: 'failed', dryRun: false })).toMatch(/^The sync failed/);
  });

  it('refuses a dry run that was cancelled before it was applied: it changed nothing', () => {
    expect(whyNotRevertible({ status: 'cancelled', dryRun: true })).toMatch(
      /cancelled before it was applied/,
    );
  });
});

describe('alreadyRevertedMessage', () => {
  it('says to revert the revert once it has finished, and that it is under way otherwise', () => {
    expect(alreadyRevertedMessage({ id: 'r1', status: 'completed_with_errors' })).toBe(
      'The sync was already reverted by sync r1. To apply its changes again, revert that sync.',
    );
    expect(alreadyRevertedMessage({ id: 'r1', status: 'awaiting_confirmation' })).toBe(
      'The sync is already being reverted by sync r1 (awaiting_confirmation).',
    );
  });
});
