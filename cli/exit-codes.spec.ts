import { EXIT, exitCodeForStatus, SETTLED_STATUSES } from './exit-codes';

describe('exit codes', () => {
  it.each([
    ['completed', 0],
    ['completed_with_errors', 2],
    ['previewed', 3],
    ['awaiting_confirmation', 3],
    ['failed', 4],
    ['cancelled', 4],
    ['queued', 0],
    ['processing', 0],
  ])('maps a %s sync to exit %d', (status, code) => {
    expect(exitCodeForStatus(status)).toBe(code);
  });

  it('never reports success for a status it does not know', () => {
    expect(exitCodeForStatus('reverting')).toBe(EXIT.FAILED);
  });

  it('keeps the codes of the issue: 5 refused, 6 unreachable, 1 usage', () => {
    expect(EXIT).toMatchObject({ USAGE: 1, REFUSED: 5, UNREACHABLE: 6 });
  });

  it('stops following a sync at a final status or one that waits for a person, not before', () => {
    for (const status of ['queued', 'processing']) expect(SETTLED_STATUSES).not.toContain(status);
    for (const status of [
      'completed',
      'completed_with_errors',
      'failed',
      'cancelled',
      'previewed',
      'awaiting_confirmation',
    ])
      expect(SETTLED_STATUSES).toContain(status);
  });
});
