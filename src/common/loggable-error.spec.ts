import { DatabaseError } from 'pg';
import { loggableError } from './loggable-error';

describe('loggableError', () => {
  it("drops a PostgreSQL error's detail, where and internal query, which carry a row's values", () => {
    const error = new DatabaseError(
      'duplicate key value violates unique constraint "app_user_email"',
      100,
      'error',
    );
    error.code = '23505';
    error.constraint = 'app_user_email';
    error.detail = 'Key (tenant_id, email)=(acme, jane@example.com) already exists.';
    error.where = 'COPY app_user, line 1: "jane@example.com"';
    error.internalQuery = "SELECT 'jane@example.com'";
    const logged = loggableError(error) as DatabaseError;
    expect(JSON.stringify({ ...logged, stack: logged.stack })).not.toContain('jane@example.com');
    expect(logged).toBeInstanceOf(DatabaseError);
    expect(logged).toMatchObject({ code: '23505', constraint: 'app_user_email' });
    expect(logged.message).toBe(error.message);
    expect(logged.stack).toBe(error.stack);
    // The error itself is left as it is.
    expect(error.detail).toContain('jane@example.com');
  });

  it('cleans the cause of an error too', () => {
    const cause = Object.assign(new Error('insert failed'), { detail: 'Key (email)=(x@example.com)' });
    const logged = loggableError(new Error('batch failed', { cause })) as Error;
    expect((logged.cause as { detail?: string }).detail).toBeUndefined();
  });

  it('gives back an error without such fields, and anything that is not an error, as it is', () => {
    const plain = new Error('plain');
    expect(loggableError(plain)).toBe(plain);
    expect(loggableError('text')).toBe('text');
  });
});
