// An error as it may be logged: PostgreSQL puts the values of a failing row in an error's `detail` (e.g. "Key
// (tenant_id, email)=(acme, jane@example.com) already exists"), `where` and `internalQuery`, and user data must
// not reach the logs (SPEC §8). The code, the constraint and the message stay: they say what went wrong.

/** Fields of a node-postgres DatabaseError that may carry the values of a row or a statement. */
const VALUE_FIELDS = ['detail', 'where', 'internalQuery', 'hint', 'parameters'] as const;

/** A copy of `error` without the fields that may carry user data; an error without them is given back as is. */
export function loggableError(error: unknown): unknown {
  if (!(error instanceof Error)) return error;
  const record = error as unknown as Record<string, unknown>;
  const cause = error.cause === undefined ? undefined : loggableError(error.cause);
  if (!VALUE_FIELDS.some((field) => record[field] !== undefined) && cause === error.cause) return error;
  const copy = Object.create(Object.getPrototypeOf(error) as object) as Record<string, unknown>;
  for (const key of Object.getOwnPropertyNames(error)) {
    if (!(VALUE_FIELDS as readonly string[]).includes(key)) copy[key] = record[key];
  }
  if (cause !== undefined) copy.cause = cause;
  return copy;
}
