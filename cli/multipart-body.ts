// multipart/form-data with one part "file", built as a stream around the file: its length is known before the
// first byte is sent, and the file is read in chunks as the connection takes them (SPEC §6: streamed uploads).
import { createHash, randomBytes } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { Readable } from 'node:stream';
import { CliError } from './cli-error';
import { EXIT } from './exit-codes';
import type { RequestBody } from './api-client';

export interface FilePart {
  path: string;
  /** The name the service records for the sync (the file's base name). */
  fileName: string;
  size: number;
  /** SHA-256 (hex) the Idempotency-Key was derived from: a file whose bytes differ is not sent to the end. */
  sha256?: string;
  /** Called with the count of file bytes handed to the connection so far, on each chunk. */
  onBytes?(sent: number): void;
}

/**
 * The file name as browsers write it into the header (WHATWG HTML, multipart/form-data encoding): UTF-8, with
 * `"`, CR and LF percent-encoded, so that no name can end the header or the quoted string early.
 */
export function quotedFileName(name: string): string {
  return `"${name.replace(/"/g, '%22').replace(/\r/g, '%0D').replace(/\n/g, '%0A')}"`;
}

export function multipartFrame(fileName: string, boundary: string): { head: Buffer; tail: Buffer } {
  const head = Buffer.from(
    `--${boundary}\r\n` +
      `Content-Disposition: form-data; name="file"; filename=${quotedFileName(fileName)}\r\n` +
      'Content-Type: text/csv\r\n\r\n',
    'utf8',
  );
  const tail = Buffer.from(`\r\n--${boundary}--\r\n`, 'utf8');
  return { head, tail };
}

export function multipartFileBody(
  part: FilePart,
  boundary = `----user-csv-sync-${randomBytes(16).toString('hex')}`,
): RequestBody {
  const { head, tail } = multipartFrame(part.fileName, boundary);
  return {
    contentType: `multipart/form-data; boundary=${boundary}`,
    length: head.length + part.size + tail.length,
    open: () => Readable.from(chunks(part, head, tail), { objectMode: false }),
  };
}

async function* chunks(part: FilePart, head: Buffer, tail: Buffer): AsyncGenerator<Buffer> {
  yield head;
  let sent = 0;
  const hash = createHash('sha256');
  try {
    for await (const chunk of createReadStream(part.path, { highWaterMark: 256 * 1024 })) {
      const bytes = chunk as Buffer;
      // Never more than announced in Content-Length: a file that grows while it is sent is caught below.
      if (sent + bytes.length > part.size) throw changedWhileSent(part);
      sent += bytes.length;
      hash.update(bytes);
      yield bytes;
      part.onBytes?.(sent);
    }
  } catch (error) {
    if (error instanceof CliError) throw error;
    throw new CliError(`cannot read ${part.path}: ${(error as Error).message}`, EXIT.USAGE);
  }
  // Without the closing boundary the service refuses the upload, so a file that changed under the key of
  // its earlier content is never accepted under that key.
  if (sent !== part.size) throw changedWhileSent(part);
  if (part.sha256 !== undefined && hash.digest('hex') !== part.sha256) throw changedWhileSent(part);
  yield tail;
}

function changedWhileSent(part: FilePart): CliError {
  return new CliError(
    `${part.path} changed while it was being sent; upload a file that is complete and no longer written to`,
    EXIT.USAGE,
  );
}
