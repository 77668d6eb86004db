import { CopyBuffer, copyText } from './copy';

describe('CopyBuffer', () => {
  it('holds the UTF-8 bytes of the lines pushed, in order, across growth from a tiny start', () => {
    const buffer = new CopyBuffer(4);
    const lines = ['a\tb\n', 'Jürgen\tRenée\n', '日本\t😀\n', `${'x'.repeat(10_000)}\n`];
    for (const line of lines) buffer.push(line);
    const expected = Buffer.from(lines.join(''), 'utf8');
    expect(buffer.byteLength).toBe(expected.length);
    expect(buffer.take().equals(expected)).toBe(true);
  });

  it('starts again empty after take, without touching the bytes taken before', () => {
    const buffer = new CopyBuffer(8);
    buffer.push('first\n');
    const first = buffer.take();
    buffer.push('second\n');
    expect(buffer.byteLength).toBe(7);
    expect(buffer.take().toString('utf8')).toBe('second\n');
    expect(first.toString('utf8')).toBe('first\n');
    expect(buffer.take().length).toBe(0);
  });
});

describe('copyText', () => {
  it('escapes backslash, tab and line breaks, and writes null as \\N', () => {
    expect(copyText('a\\b\tc\nd\re')).toBe('a\\\\b\\tc\\nd\\re');
    expect(copyText(null)).toBe('\\N');
  });
});
