import { emailProblem, normalizeEmail } from './email';

describe('emails', () => {
  it('are keyed trimmed and lower-case', () => {
    expect(normalizeEmail('  Jane.Doe@Example.COM\t')).toBe('jane.doe@example.com');
  });

  it.each(['jane@example.com', 'j.o-e+tag@sub.example.co.uk', 'jörg@example.de', 'a@xn--mller-kva.de'])(
    'accepts %s',
    (email) => {
      expect(emailProblem(email)).toBeNull();
    },
  );

  it.each([
    '',
    'jane',
    'jane@',
    '@example.com',
    'jane@example',
    'jane doe@example.com',
    'jane@@example.com',
    `${'a'.repeat(250)}@x.de`,
  ])('refuses %j', (email) => {
    expect(emailProblem(email)).toEqual(expect.any(String));
  });
});
