import { AppError } from '../common/app-error';
import { checkIdempotencyKey, isIdempotencyKeyTaken } from './idempotency-key';

describe('checkIdempotencyKey', () => {
  it('accepts no key and 1 to 200 printable ASCII characters', () => {
    for (const key of [undefined, 'a', '~'.repeat(200), 'ucs-cli-1-0123abcd']) {
      expect(() => checkIdempotencyKey(key)).not.toThrow();
    }
  });

  it('refuses an empty key, a longer one, spaces and other characters with VALIDATION_ERROR', () => {
    for (const key of ['', 'a'.repeat(201), 'a b', 'schlüssel', 'tab\there']) {
      expect(() => checkIdempotencyKey(key)).toThrow(AppError);
      try {
        checkIdempotencyKey(key);
      } catch (error) {
        expect((error as AppError).code).toBe('VALIDATION_ERROR');
        expect((error as AppError).details).toEqual({
          problems: [{ field: 'Idempotency-Key', messages: ['must be 1 to 200 printable ASCII characters'] }],
        });
      }
    }
  });
});

describe('isIdempotencyKeyTaken', () => {
  it("recognises the unique violation of the tenant's keys, and nothing else", () => {
    expect(isIdempotencyKeyTaken({ code: '23505', constraint: 'sync_idempotency_key' })).toBe(true);
    expect(isIdempotencyKeyTaken({ code: '23505', constraint: 'sync_live_revert_idx' })).toBe(false);
    expect(isIdempotencyKeyTaken(new Error('boom'))).toBe(false);
    expect(isIdempotencyKeyTaken(null)).toBe(false);
  });
});
