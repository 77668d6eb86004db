import { actionLabel, describeEvent, eventSyncId } from './describe-event';

describe('audit event descriptions', () => {
  it('names every action of the API in words and keeps an unknown one as it is', () => {
    expect(actionLabel('csv_sync.activated')).toBe('CSV sync switched on');
    expect(actionLabel('token.revoked')).toBe('Token revoked');
    expect(actionLabel('something.new')).toBe('something.new');
  });

  it('summarises a configuration change by its versions and attribute count', () => {
    expect(
      describeEvent('csv_sync.configured', {
        version: 4,
        previousVersion: 3,
        config: { attributes: [{}, {}] },
      }),
    ).toBe('Version 4 (was 3), 2 attributes');
    expect(
      describeEvent('csv_sync.configured', {
        version: 1,
        previousVersion: null,
        config: { attributes: [{}] },
      }),
    ).toBe('Version 1 (the first), 1 attribute');
  });

  it('names the token, the tenant and the uploaded file', () => {
    expect(describeEvent('token.issued', { tokenId: 'x', name: 'HR nightly job' })).toBe('“HR nightly job”');
    expect(describeEvent('tenant.created', { name: 'ACME <b>Corp</b>' })).toBe('“ACME <b>Corp</b>”');
    expect(
      describeEvent('sync.uploaded', {
        syncId: 's',
        fileName: 'Müller.csv',
        action: 'delete',
        dryRun: true,
        rows: 1,
      }),
    ).toBe('Müller.csv · Delete, dry run · 1 row');
  });

  it('lists the non-zero counts of a finished sync, whichever spelling the counts use', () => {
    expect(
      describeEvent('sync.completed', {
        counts: { added: 3, updated: '1', unchanged: 0, deleted: 0, not_found: 2, failed: 0 },
      }),
    ).toBe('3 added, 1 updated, 2 not found');
    expect(describeEvent('sync.previewed', { counts: { added: 0 } })).toBe('no rows');
  });

  it('says nothing for details it does not know, and finds the sync an event is about', () => {
    expect(describeEvent('sync.failed', { error: 'not an object' })).toBe('');
    expect(describeEvent('unknown.action', { a: 1 })).toBe('');
    expect(describeEvent('tenant.created', null)).toBe('');
    expect(eventSyncId({ syncId: 'abc' })).toBe('abc');
    expect(eventSyncId({ syncId: 3 })).toBeUndefined();
  });
});
