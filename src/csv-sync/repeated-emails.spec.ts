import { hash53, RepeatedEmails } from './repeated-emails';

describe('RepeatedEmails', () => {
  it('finds no repeat among 300,000 distinct emails (the table grows past its first size)', () => {
    const emails = new RepeatedEmails();
    for (let i = 0; i < 300_000; i += 1) emails.add(`user${i}@example.com`);
    expect(emails.maybe).toBe(false);
  });

  it('finds a repeat wherever it comes, first rows or last', () => {
    for (const [first, second] of [
      [0, 1],
      [5, 250_000],
      [299_998, 299_999],
    ]) {
      const emails = new RepeatedEmails();
      for (let i = 0; i < 300_000; i += 1) emails.add(`user${i === second ? first : i}@example.com`);
      expect(emails.maybe).toBe(true);
    }
  });

  it('tells emails apart that differ in one character anywhere, or only in case', () => {
    const emails = new RepeatedEmails();
    for (const email of [
      'anna@example.com',
      'Anna@example.com',
      'anna@example.co',
      'anne@example.com',
      'ü@x.de',
      'u@x.de',
    ])
      emails.add(email);
    expect(emails.maybe).toBe(false);
  });
});

describe('hash53', () => {
  it('gives 32 low bits that are never 0 and 21 high bits, the same for the same text', () => {
    for (const text of ['', 'a', 'anna@example.com', '日本@例え.jp']) {
      const hash = new Uint32Array(2);
      hash53(text, hash);
      expect(hash[0]).not.toBe(0);
      expect(hash[1]).toBeLessThan(2 ** 21);
      const again = new Uint32Array(2);
      hash53(text, again);
      expect(again).toEqual(hash);
    }
  });
});
