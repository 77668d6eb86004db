import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CliError } from './cli-error';
import { multipartFileBody, quotedFileName } from './multipart-body';

async function collect(stream: NodeJS.ReadableStream): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(Buffer.from(chunk as Buffer));
  return Buffer.concat(chunks);
}

describe('the multipart body of an upload', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'ucs-multipart-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  function file(bytes: Buffer) {
    const path = join(dir, `f${Math.random().toString(36).slice(2)}.csv`);
    writeFileSync(path, bytes);
    return { path, sha256: createHash('sha256').update(bytes).digest('hex') };
  }

  it('frames the file as the one part "file", with exactly the length it announces', async () => {
    const bytes = Buffer.from('\uFEFFEmail;Name\r\nä@example.com;Ä\r\n', 'utf8');
    const { path, sha256 } = file(bytes);
    const body = multipartFileBody({ path, fileName: 'users.csv', size: bytes.length, sha256 }, 'BOUNDARY');
    const sent = await collect(body.open());
    expect(body.contentType).toBe('multipart/form-data; boundary=BOUNDARY');
    expect(sent.length).toBe(body.length);
    expect(sent.toString('utf8')).toBe(
      '--BOUNDARY\r\nContent-Disposition: form-data; name="file"; filename="users.csv"\r\n' +
        `Content-Type: text/csv\r\n\r\n${bytes.toString('utf8')}\r\n--BOUNDARY--\r\n`,
    );
  });

  it('reads the file again for each attempt and reports the bytes handed on', async () => {
    const bytes = Buffer.alloc(600 * 1024, 'a');
    const { path, sha256 } = file(bytes);
    const progress: number[] = [];
    const body = multipartFileBody({
      path,
      fileName: 'big.csv',
      size: bytes.length,
      sha256,
      onBytes: (n) => progress.push(n),
    });
    const first = await collect(body.open());
    const second = await collect(body.open());
    expect(second.equals(first)).toBe(true);
    expect(progress.length).toBeGreaterThan(2);
    expect(progress[progress.length - 1]).toBe(bytes.length);
  });

  it('does not finish a body whose file changed after its key was derived', async () => {
    const { path, sha256 } = file(Buffer.from('Email\r\na@example.com\r\n'));
    writeFileSync(path, Buffer.from('Email\r\nb@example.com\r\n')); // same size, other bytes
    const body = multipartFileBody({ path, fileName: 'x.csv', size: 23, sha256 });
    await expect(collect(body.open())).rejects.toThrow(CliError);
    await expect(collect(body.open())).rejects.toThrow(/changed while it was being sent/);
  });

  it('does not send more than announced when the file grew', async () => {
    const { path } = file(Buffer.from('Email\r\n'));
    const body = multipartFileBody({ path, fileName: 'x.csv', size: 3 });
    await expect(collect(body.open())).rejects.toThrow(/changed while it was being sent/);
  });

  it('names a file that cannot be read, as a local problem (exit 1)', async () => {
    const body = multipartFileBody({ path: join(dir, 'missing.csv'), fileName: 'missing.csv', size: 1 });
    await expect(collect(body.open())).rejects.toMatchObject({
      exitCode: 1,
      message: expect.stringMatching(/cannot read/),
    });
  });

  it('writes a file name in UTF-8 and never lets it end the header early', () => {
    expect(quotedFileName('Mitarbeiter März.csv')).toBe('"Mitarbeiter März.csv"');
    expect(quotedFileName('a"b\r\nc.csv')).toBe('"a%22b%0D%0Ac.csv"');
  });
});
