import isEmail from 'validator/lib/isEmail';
import { EMAIL_SYNTAX, emailProblem, normalizeEmail } from './email';

describe('emails', () => {
  it('are keyed trimmed and lower-case', () => {
    expect(normalizeEmail('  Jane.Doe@Example.COM\t')).toBe('jane.doe@example.com');
  });

  it('are keyed in Unicode NFC, so that an address typed in NFD is the same user', () => {
    const nfd = 'Jose\u0301@Example.com';
    expect(normalizeEmail(nfd)).toBe('jos\u00e9@example.com');
    expect(normalizeEmail(nfd)).toBe(normalizeEmail('jos\u00e9@example.com'));
  });

  it.each([
    ['a zero-width space', 'jane\u200b@example.com', 'U+200B'],
    ['a zero-width joiner in the domain', 'jane@exa\u200dmple.com', 'U+200D'],
    ['a byte order mark', 'jä\ufeffne@example.com', 'U+FEFF'],
    ['a right-to-left mark', 'jäne\u200f@example.com', 'U+200F'],
    ['a no-break space', 'jä\u00a0ne@example.com', 'U+00A0'],
    ['a control character', 'jä\u0007ne@example.com', 'U+0007'],
    ['a soft hyphen', 'jane\u00ad@example.com', 'U+00AD'],
  ])('refuses an address with %s', (_, email, codePoint) => {
    expect(emailProblem(normalizeEmail(email))).toBe(
      `the email address contains an invisible or control character (${codePoint})`,
    );
  });

  it.each([
    'jane@example.com',
    'j.o-e+tag@sub.example.co.uk',
    'jörg@example.de',
    'a@xn--mller-kva.de',
    `${'a'.repeat(64)}@x.de`,
    `${'ä'.repeat(32)}@x.de`,
  ])('accepts %s', (email) => {
    expect(emailProblem(email)).toBeNull();
  });

  it.each([
    '',
    'jane',
    'jane@',
    '@example.com',
    'jane@example',
    'jane doe@example.com',
    'jane@@example.com',
    `${'a'.repeat(250)}@x.de`,
    `${'a'.repeat(65)}@x.de`,
    `${'ä'.repeat(33)}@x.de`, // 66 bytes in UTF-8
    `a@${'x'.repeat(63)}.${'y'.repeat(63)}.${'z'.repeat(63)}.${'w'.repeat(60)}.de`,
  ])('refuses %j', (email) => {
    expect(emailProblem(email)).toEqual(expect.any(String));
  });

  it('judges every address as validator does, plain shapes included', () => {
    // Plain addresses skip isEmail: thousands of near-plain ones (dots, hyphens and @ in every place,
    // now and then a character outside the plain shape) must get isEmail's answer all the same.
    const random = seeded(20261125);
    const pick = (chars: string) => chars[Math.floor(random() * chars.length)];
    const part = (chars: string, max: number) =>
      Array.from({ length: Math.floor(random() * max) }, () =>
        random() < 0.03 ? pick('!#~"ä\\ (<A_') : pick(chars),
      ).join('');
    const disagreements: string[] = [];
    let valid = 0;
    for (let i = 0; i < 20_000; i += 1) {
      const local = part('ab9._+-', 6);
      const labels = Array.from({ length: 1 + Math.floor(random() * 3) }, () => part('ab9-', 5));
      const tld = random() < 0.9 ? part('abz', 4) : part('ab9-', 5);
      const email = `${local}${random() < 0.95 ? '@' : '@@'}${[...labels, tld].join('.')}`;
      const byValidator = isEmail(email, EMAIL_SYNTAX);
      if ((emailProblem(email) === null) !== byValidator) disagreements.push(email);
      if (byValidator) valid += 1;
    }
    expect(disagreements).toEqual([]);
    expect(valid).toBeGreaterThan(1_000); // the valid side is well covered too
  });
});

/** A small deterministic generator (mulberry32), so that a failure can be run again. */
function seeded(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
