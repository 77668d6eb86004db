import { validate, version } from 'uuid';
import { UserIds } from './user-ids';

describe('UserIds', () => {
  it('makes valid, distinct UUIDv7 ids that increase in the order they were made', () => {
    const ids = new UserIds();
    const made = Array.from({ length: 20_000 }, () => ids.newId());
    expect(made.every((id) => validate(id) && version(id) === 7)).toBe(true);
    expect(new Set(made).size).toBe(made.length);
    expect([...made].sort()).toEqual(made);
  });

  it('stamps each id with the time it was made', () => {
    const before = Date.now();
    const id = new UserIds().newId();
    const stamped = parseInt(id.replaceAll('-', '').slice(0, 12), 16);
    expect(stamped).toBeGreaterThanOrEqual(before);
    expect(stamped).toBeLessThanOrEqual(Date.now());
  });
});
