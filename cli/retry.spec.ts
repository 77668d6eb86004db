import { DEFAULT_RETRY, isRetryableStatus, parseRetryAfter, retryDelayMs } from './retry';

describe('retries', () => {
  it.each([
    [500, true],
    [502, true],
    [503, true],
    [408, true],
    [429, true],
    [400, false],
    [401, false],
    [404, false],
    [409, false],
    [413, false],
  ])('retries an answer %d: %s', (status, retried) => {
    expect(isRetryableStatus(status)).toBe(retried);
  });

  it('doubles the wait for each retry up to the longest, with jitter of at most a fifth', () => {
    const middle = () => 0.5;
    expect([1, 2, 3, 4].map((n) => retryDelayMs(n, DEFAULT_RETRY, undefined, middle))).toEqual([
      500, 1000, 2000, 4000,
    ]);
    expect(retryDelayMs(20, DEFAULT_RETRY, undefined, middle)).toBe(30_000);
    expect(retryDelayMs(1, DEFAULT_RETRY, undefined, () => 0)).toBe(400);
    expect(retryDelayMs(1, DEFAULT_RETRY, undefined, () => 0.999999)).toBe(600);
  });

  it('waits at least what Retry-After asks, but not longer than two minutes', () => {
    expect(retryDelayMs(1, DEFAULT_RETRY, 10_000, () => 0.5)).toBe(10_000);
    expect(retryDelayMs(1, DEFAULT_RETRY, 3_600_000, () => 0.5)).toBe(120_000);
    expect(retryDelayMs(4, DEFAULT_RETRY, 100, () => 0.5)).toBe(4000);
  });

  it('reads Retry-After as seconds or as an HTTP date', () => {
    const now = Date.parse('2026-12-02T10:00:00Z');
    expect(parseRetryAfter('7', now)).toBe(7000);
    expect(parseRetryAfter('Wed, 02 Dec 2026 10:00:30 GMT', now)).toBe(30_000);
    expect(parseRetryAfter('Wed, 02 Dec 2026 09:00:00 GMT', now)).toBe(0);
    expect(parseRetryAfter(undefined, now)).toBeUndefined();
    expect(parseRetryAfter('soon', now)).toBeUndefined();
  });
});
