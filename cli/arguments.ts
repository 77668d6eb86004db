// Checks of the command line, before anything is sent: a wrong value is named with what is expected.
import { InvalidArgumentError } from 'commander';

export const ACTIONS = ['upsert', 'delete'] as const;
export const STATUSES = [
  'queued',
  'processing',
  'previewed',
  'awaiting_confirmation',
  'completed',
  'completed_with_errors',
  'failed',
  'cancelled',
] as const;
export const OUTCOMES = ['added', 'updated', 'unchanged', 'deleted', 'not_found', 'failed'] as const;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function parseAction(value: string): (typeof ACTIONS)[number] {
  const action = value.trim().toLowerCase();
  if (!(ACTIONS as readonly string[]).includes(action)) {
    throw new InvalidArgumentError(`expected ${ACTIONS.join(' or ')}, got "${value}"`);
  }
  return action as (typeof ACTIONS)[number];
}

/** A whole number from 1 to `max`. */
export function positiveInteger(max: number): (value: string) => number {
  return (value) => {
    const n = /^\s*\d+\s*$/.test(value) ? Number(value) : NaN;
    if (!Number.isSafeInteger(n) || n < 1 || n > max) {
      throw new InvalidArgumentError(`expected a whole number from 1 to ${max}, got "${value}"`);
    }
    return n;
  };
}

/** A whole number from 0 to `max` (a count of retries). */
export function nonNegativeInteger(max: number): (value: string) => number {
  return (value) => {
    const n = /^\s*\d+\s*$/.test(value) ? Number(value) : NaN;
    if (!Number.isSafeInteger(n) || n > max) {
      throw new InvalidArgumentError(`expected a whole number from 0 to ${max}, got "${value}"`);
    }
    return n;
  };
}

/** Seconds, more than 0 (fractions allowed), as milliseconds. */
export function parseSeconds(value: string): number {
  const n = /^\s*\d+(\.\d+)?\s*$/.test(value) ? Number(value) : NaN;
  if (!Number.isFinite(n) || n <= 0 || n > 7 * 24 * 3600) {
    throw new InvalidArgumentError(`expected a number of seconds above 0 (at most a week), got "${value}"`);
  }
  return Math.round(n * 1000);
}

/** One or several of `allowed`, separated by commas. */
export function listOf(allowed: readonly string[], what: string): (value: string) => string[] {
  return (value) => {
    const items = value
      .split(',')
      .map((item) => item.trim().toLowerCase())
      .filter(Boolean);
    const wrong = items.filter((item) => !allowed.includes(item));
    if (items.length === 0 || wrong.length > 0) {
      throw new InvalidArgumentError(
        `expected one or several ${what} separated by commas (${allowed.join(', ')})` +
          (wrong.length ? `; not known: ${wrong.join(', ')}` : ''),
      );
    }
    return [...new Set(items)];
  };
}

export function parseSyncId(value: string): string {
  if (!UUID.test(value.trim())) {
    throw new InvalidArgumentError(
      `expected the id of a sync (a UUID such as 0192f3c4-5d6e-7f80-9a1b-2c3d4e5f6a7b), got "${value}"`,
    );
  }
  return value.trim().toLowerCase();
}

/** The service's base URL: http or https, without query or fragment; a trailing slash is dropped. */
export function parseBaseUrl(value: string): URL {
  let url: URL;
  try {
    url = new URL(value.trim());
  } catch {
    throw new InvalidArgumentError(`expected a URL such as https://users.example.com, got "${value}"`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new InvalidArgumentError(`expected an http or https URL, got "${url.protocol}"`);
  }
  if (url.username || url.password) {
    throw new InvalidArgumentError(
      'the URL must not carry a user name or password; give the token with --token or USER_CSV_SYNC_TOKEN',
    );
  }
  if (url.search || url.hash) {
    throw new InvalidArgumentError('the URL must not have a query (?...) or a fragment (#...)');
  }
  url.pathname = url.pathname.replace(/\/+$/, '');
  return url;
}

/** A token is sent as a header: it has to be printable ASCII without spaces. */
export function checkToken(token: string | undefined): string {
  if (token === undefined || token.trim() === '') {
    throw new InvalidArgumentError('no token: set USER_CSV_SYNC_TOKEN or pass --token');
  }
  const trimmed = token.trim();
  // The token itself is never part of a message.
  if (!/^[\x21-\x7e]+$/.test(trimmed)) {
    throw new InvalidArgumentError('the token contains spaces or characters other than printable ASCII');
  }
  return trimmed;
}

export function checkTenant(tenant: string | undefined): string {
  if (tenant === undefined || tenant.trim() === '') {
    throw new InvalidArgumentError('no tenant: pass --tenant ID or set USER_CSV_SYNC_TENANT');
  }
  return tenant.trim();
}
