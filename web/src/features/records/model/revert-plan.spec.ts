import { revertBlocker, revertEffects, type RevertableSync } from './revert-plan';

const upsert: RevertableSync = {
  fileName: 'staff.csv',
  action: 'upsert',
  status: 'completed',
  dryRun: false,
  revertedBy: null,
  counts: { added: 3, updated: 2, deleted: 0 },
};

describe('what a revert would do', () => {
  it('says what becomes of the added, updated and deleted users, and of those changed since', () => {
    expect(revertEffects(upsert)).toBe(
      'Its 3 added users are deleted and its 2 updated users get their former values back. ' +
        'Users changed since are left alone and listed as CHANGED_SINCE.',
    );
    expect(revertEffects({ ...upsert, counts: { added: 1, updated: 1, deleted: 1 } })).toBe(
      'Its added user is deleted, its updated user gets its former values back and its deleted user comes ' +
        'back with its last values. Users changed since are left alone and listed as CHANGED_SINCE.',
    );
    expect(
      revertEffects({ ...upsert, action: 'delete', counts: { added: 0, updated: 0, deleted: 1200 } }),
    ).toBe(
      `Its ${(1200).toLocaleString()} deleted users come back with their last values. ` +
        'Users changed since are left alone and listed as CHANGED_SINCE.',
    );
  });
});

describe('when a sync cannot be reverted', () => {
  it('allows a finished sync that changed users, also a cancelled one and a revert (redo)', () => {
    expect(revertBlocker(upsert)).toBeNull();
    expect(revertBlocker({ ...upsert, status: 'completed_with_errors' })).toBeNull();
    expect(revertBlocker({ ...upsert, status: 'cancelled' })).toBeNull();
    expect(revertBlocker({ ...upsert, action: 'revert' })).toBeNull();
    expect(
      revertBlocker({ ...upsert, action: 'delete', counts: { added: 0, updated: 0, deleted: 2 } }),
    ).toBeNull();
  });

  it.each([
    ['reverted already', { revertedBy: '0192f3c4-5d6e-7f80-9a1b-2c3d4e5f6a7b' }, /has a revert already/],
    ['still running', { status: 'processing' }, /once it has finished/],
    ['waiting for a person', { status: 'awaiting_confirmation' }, /apply it or cancel it/],
    ['failed', { status: 'failed' }, /failed sync/],
    ['a dry run', { status: 'cancelled', dryRun: true }, /dry run/],
    ['without changes', { counts: { added: 0, updated: 0, deleted: 0 } }, /nothing to revert/],
  ])('names the reason for a sync %s', (_what, change, reason) => {
    expect(revertBlocker({ ...upsert, ...change })).toMatch(reason);
  });
});
