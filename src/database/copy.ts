// COPY ... FROM STDIN in PostgreSQL's text format: the fastest way to write many rows, used to stage uploads
// and to write the users and outcome records of a sync batch inside the caller's transaction.
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { PoolClient } from 'pg';
import { from as copyFrom } from 'pg-copy-streams';

const COPY_ESCAPES: Record<string, string> = { '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r' };
const NEEDS_ESCAPE = /[\\\t\n\r]/;

/** A value in COPY's text format: backslash, tab and line breaks are escaped, NULL is \N. */
export function copyText(value: string | null): string {
  if (value === null) return '\\N';
  return NEEDS_ESCAPE.test(value) ? value.replace(/[\\\t\n\r]/g, (c) => COPY_ESCAPES[c]) : value;
}

/**
 * Lines in COPY text format, encoded into bytes as each one is added. A string built line by line is a rope of
 * thousands of small strings: flattening and encoding it at the end cost five times as much as writing each line
 * into a buffer (measured: 1.1 s against 0.2 s a million lines), and the garbage collector copies the rope again
 * and again while a batch waits for its turn. The bytes live outside the JavaScript heap, and each line dies young.
 */
export class CopyBuffer {
  /** Allocated at the first line after a take: a buffer taken once and dropped allocates nothing more. */
  private bytes = NO_BYTES;
  private length = 0;

  constructor(private readonly initialBytes = 64 * 1024) {}

  /** Bytes added since the last take. */
  get byteLength(): number {
    return this.length;
  }

  /** Adds one complete line, its line break included. */
  push(line: string): void {
    // A UTF-16 code unit is at most three bytes of UTF-8.
    if (this.bytes.length - this.length < line.length * 3) this.grow(line.length * 3);
    this.length += this.bytes.write(line, this.length);
  }

  /** The bytes added so far; the buffer starts again empty. */
  take(): Buffer {
    const data = this.bytes.subarray(0, this.length);
    this.bytes = NO_BYTES;
    this.length = 0;
    return data;
  }

  private grow(needed: number): void {
    const bigger = Buffer.allocUnsafe(
      Math.max(this.initialBytes, this.bytes.length * 2, this.length + needed),
    );
    this.bytes.copy(bigger, 0, 0, this.length);
    this.bytes = bigger;
  }
}

const NO_BYTES = Buffer.alloc(0);

/** Sends `data` (lines in COPY text format) to `COPY ... FROM STDIN` on the client. */
export async function copyLines(client: PoolClient, sql: string, data: Buffer): Promise<void> {
  if (data.length === 0) return;
  await pipeline(Readable.from([data]), client.query(copyFrom(sql)));
}
