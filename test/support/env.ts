// Where the tests find PostgreSQL and Redis: the same defaults as the service, overridable as for the service.
export const TEST_DATABASE_SERVER = process.env.TEST_DATABASE_SERVER ?? 'postgres://postgres@127.0.0.1:5432';
export const TEST_REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
export const STAFF_TOKEN = 'test-staff-token-0123456789';

/** Set by global-setup: names every database and queue prefix of this run, so that teardown finds them. */
export function runId(): string {
  const id = process.env.UCS_TEST_RUN;
  if (!id) throw new Error('UCS_TEST_RUN is not set: run the tests through jest (global-setup sets it)');
  return id;
}
