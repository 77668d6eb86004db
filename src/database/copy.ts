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
 * Lines in COPY text format, encoded once they are complete. A string built line by line is a rope of thousands
 * of small strings that the garbage collector copies again and again while a batch waits for its turn; the bytes
 * of a Buffer live outside the JavaScript heap, and the small strings die young.
 */
export function copyData(lines: string): Buffer {
  return Buffer.from(lines, 'utf8');
}

/** Sends `data` (lines in COPY text format) to `COPY ... FROM STDIN` on the client. */
export async function copyLines(client: PoolClient, sql: string, data: Buffer): Promise<void> {
  if (data.length === 0) return;
  await pipeline(Readable.from([data]), client.query(copyFrom(sql)));
}
