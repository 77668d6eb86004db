// The Idempotency-Key header of the requests that create a sync (an upload, a revert): a retry with the same key
// gets the first sync instead of a second one (SPEC §6).
import { AppError } from '../common/app-error';

const IDEMPOTENCY_KEY = /^[\x21-\x7e]{1,200}$/;

/** Refuses a key that is not 1 to 200 printable ASCII characters; no key is fine. */
export function checkIdempotencyKey(key: string | undefined): void {
  if (key === undefined || IDEMPOTENCY_KEY.test(key)) return;
  throw new AppError(
    'VALIDATION_ERROR',
    'The Idempotency-Key header must be 1 to 200 printable ASCII characters',
    {
      problems: [{ field: 'Idempotency-Key', messages: ['must be 1 to 200 printable ASCII characters'] }],
    },
  );
}

/** The database refused a second sync with the same key of the tenant (a concurrent request with the key). */
export function isIdempotencyKeyTaken(error: unknown): boolean {
  return (error as { constraint?: string } | null)?.constraint === 'sync_idempotency_key';
}
