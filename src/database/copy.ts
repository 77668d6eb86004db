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

/** Sends `data` (lines already in COPY text format) to `COPY ... FROM STDIN` on the client. */
export async function copyLines(client: PoolClient, sql: string, data: string): Promise<void> {
  if (data === '') return;
  await pipeline(Readable.from([data]), client.query(copyFrom(sql)));
}
