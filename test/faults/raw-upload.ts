// An upload sent by hand over one HTTP connection, so that a test decides when each part of the body leaves:
// half a file then a pause (a slow client), a body that stops (a stalled client), or a body cut off.
import { request, ClientRequest, IncomingMessage } from 'node:http';

export interface RawUpload {
  /** Sends more of the body; resolves once it is handed to the socket. */
  send(bytes: Buffer): Promise<void>;
  /** Sends the rest of the body and the closing boundary. */
  finish(): Promise<void>;
  /** Closes the connection at once. */
  destroy(): void;
  /** The answer (status and parsed body), or the connection's error. */
  response: Promise<{ status: number; body: any; text: string }>;
  /** The whole multipart body; `send` takes slices of it. */
  body: Buffer;
  /** How much of `body` has been sent. */
  sent: number;
}

export interface RawUploadOptions {
  token: string;
  idempotencyKey?: string;
  /** A Content-Length to announce instead of the body's (a stalled client announces more than it sends). */
  contentLength?: number;
}

/** Starts `POST path` with a multipart body of one part "file"; nothing of the body is sent yet. */
export function rawUpload(baseUrl: string, path: string, file: Buffer, options: RawUploadOptions): RawUpload {
  const boundary = `----faults${Math.random().toString(16).slice(2)}`;
  const body = Buffer.concat([
    Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="users.csv"\r\n` +
        'Content-Type: text/csv\r\n\r\n',
    ),
    file,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  const url = new URL(path, baseUrl);
  const req: ClientRequest = request({
    host: url.hostname,
    port: url.port,
    path: url.pathname + url.search,
    method: 'POST',
    agent: false,
    headers: {
      authorization: `Bearer ${options.token}`,
      'content-type': `multipart/form-data; boundary=${boundary}`,
      'content-length': String(options.contentLength ?? body.length),
      ...(options.idempotencyKey ? { 'idempotency-key': options.idempotencyKey } : {}),
    },
  });
  const response = new Promise<{ status: number; body: any; text: string }>((resolve, reject) => {
    req.on('error', reject);
    req.on('response', (res: IncomingMessage) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('error', reject);
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        let parsed: any = text;
        try {
          parsed = JSON.parse(text);
        } catch {
          // not JSON: kept as text
        }
        resolve({ status: res.statusCode ?? 0, body: parsed, text });
      });
    });
  });
  response.catch(() => undefined); // seen by whoever awaits it
  req.flushHeaders();

  const upload: RawUpload = {
    body,
    sent: 0,
    response,
    send: (bytes) =>
      new Promise<void>((resolve, reject) => {
        upload.sent += bytes.length;
        req.write(bytes, (error) => (error ? reject(error) : resolve()));
      }),
    finish: async () => {
      await upload.send(body.subarray(upload.sent));
      req.end();
    },
    destroy: () => req.destroy(),
  };
  return upload;
}
