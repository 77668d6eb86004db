// Where downloaded CSV goes: a file, written whole or not at all (a broken download never leaves half a
// report that a job might upload again), or standard output.
import { once } from 'node:events';
import { open, rename, unlink } from 'node:fs/promises';
import type { Readable } from 'node:stream';
import { CliError } from './cli-error';
import { EXIT } from './exit-codes';

/** Writes `body` to `path` through a temporary file beside it; returns the bytes written. */
export async function saveToFile(body: Readable, path: string): Promise<number> {
  const temporary = `${path}.${process.pid}.part`;
  const handle = await open(temporary, 'w').catch((error: Error) => {
    throw new CliError(`cannot write ${path}: ${error.message}`, EXIT.USAGE);
  });
  let bytes = 0;
  try {
    for await (const chunk of body) {
      await handle.write(chunk as Buffer).catch((error: Error) => {
        throw new CliError(`cannot write ${path}: ${error.message}`, EXIT.USAGE);
      });
      bytes += (chunk as Buffer).length;
    }
    await handle.close();
    await rename(temporary, path);
    return bytes;
  } catch (error) {
    await handle.close().catch(() => undefined);
    await unlink(temporary).catch(() => undefined);
    throw error;
  }
}

/** Copies `body` to standard output, honouring its backpressure, without closing it. */
export async function copyToStdout(body: Readable, stdout: NodeJS.WritableStream): Promise<number> {
  let bytes = 0;
  try {
    for await (const chunk of body) {
      bytes += (chunk as Buffer).length;
      if (!stdout.write(chunk as Buffer)) await once(stdout, 'drain');
    }
  } catch (error) {
    // What was written cannot be taken back, so a retry would repeat it: stop here instead.
    if (bytes > 0 && !(error instanceof CliError)) {
      throw new CliError(
        `the download broke after ${bytes} bytes were written to standard output: ${(error as Error).message}`,
        EXIT.UNREACHABLE,
      );
    }
    throw error;
  }
  return bytes;
}

/** `-` means standard output, as in most command-line tools. */
export async function saveDownload(
  body: Readable,
  path: string,
  stdout: NodeJS.WritableStream,
): Promise<number> {
  return path === '-' ? copyToStdout(body, stdout) : saveToFile(body, path);
}
