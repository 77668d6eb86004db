// When to try a request again and how long to wait first: connection failures and answers that say "later"
// (5xx, 408, 429) are retried with exponential backoff; every other answer is final.

export interface RetryPolicy {
  /** Retries after the first attempt. */
  retries: number;
  /** Wait before the first retry; doubled for each further one. */
  baseDelayMs: number;
  /** Longest wait between two attempts. */
  maxDelayMs: number;
}

export const DEFAULT_RETRY: RetryPolicy = { retries: 6, baseDelayMs: 500, maxDelayMs: 30_000 };

/** A `Retry-After` header is followed up to this long; a longer one is shortened to it. */
const MAX_RETRY_AFTER_MS = 120_000;

/** Answers worth another attempt: the service or a proxy in front of it says the problem is temporary. */
export function isRetryableStatus(status: number): boolean {
  return status >= 500 || status === 408 || status === 429;
}

/**
 * The wait before retry number `retry` (1 for the first): base × 2^(retry-1), capped, with ±20 % jitter so
 * that many clients that failed together do not come back together; at least what `Retry-After` asks.
 */
export function retryDelayMs(
  retry: number,
  policy: RetryPolicy,
  retryAfterMs?: number,
  random: () => number = Math.random,
): number {
  const exponential = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** Math.max(0, retry - 1));
  const jittered = Math.round(exponential * (0.8 + 0.4 * random()));
  if (retryAfterMs === undefined) return jittered;
  return Math.max(jittered, Math.min(retryAfterMs, MAX_RETRY_AFTER_MS));
}

/** `Retry-After` as milliseconds from `now`: delay-seconds or an HTTP date; undefined when absent or invalid. */
export function parseRetryAfter(value: string | undefined, now = Date.now()): number | undefined {
  if (value === undefined || value.trim() === '') return undefined;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000;
  const at = Date.parse(trimmed);
  if (Number.isNaN(at)) return undefined;
  return Math.max(0, at - now);
}
