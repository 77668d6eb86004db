import { hashToken, newToken, sameToken, TOKEN_PREFIX } from './token-hash';

describe('admin tokens', () => {
  it('are random, prefixed and carry 32 bytes of entropy', () => {
    const a = newToken();
    const b = newToken();
    expect(a).not.toEqual(b);
    expect(a.startsWith(TOKEN_PREFIX)).toBe(true);
    expect(Buffer.from(a.slice(TOKEN_PREFIX.length), 'base64url')).toHaveLength(32);
  });

  it('are stored as a hash that does not contain the token', () => {
    const token = newToken();
    const hash = hashToken(token);
    expect(hash).toMatch(/^[0-9a-f]{64}$/);
    expect(hash).not.toContain(token.slice(TOKEN_PREFIX.length, 20));
    expect(hashToken(token)).toEqual(hash);
  });

  it('compares tokens of any length without throwing', () => {
    expect(sameToken('abc', 'abc')).toBe(true);
    expect(sameToken('abc', 'abcd')).toBe(false);
    expect(sameToken('', 'x')).toBe(false);
  });
});
