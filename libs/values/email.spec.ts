import { emailProblem, normalizeEmail } from './email';

describe('emails', () => {
  it('are keyed trimmed and lower-case', () => {
    expect(normalizeEmail('  Jane.Doe@Example.COM\t')).toBe('jane.doe@example.com');
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
});
