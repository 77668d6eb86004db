// Ids in paths are UUIDs: anything else names no row, and is answered 404 without asking PostgreSQL (which
// would refuse the cast with an error).
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function isUuid(value: string): boolean {
  return UUID.test(value);
}
