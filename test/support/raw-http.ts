// Raw HTTP over a socket, for what fetch cannot send: stalled bodies, broken framing, oversized headers.
import { connect, Socket } from 'node:net';

export interface RawAnswer {
  /** null when the server closed the connection without an answer. */
  status: number | null;
  headers: Record<string, string>;
  body: string;
  closed: boolean;
}

/** Sends `head` and `body` as they are, keeps the socket open, and collects whatever comes back. */
export class RawRequest {
  readonly socket: Socket;
  private received = Buffer.alloc(0);
  private ended = false;
  private readonly done: Promise<void>;

  constructor(baseUrl: string, request: string | Buffer) {
    const url = new URL(baseUrl);
    this.socket = connect(Number(url.port), url.hostname);
    this.socket.on('data', (chunk: Buffer) => {
      this.received = Buffer.concat([this.received, chunk]);
    });
    this.done = new Promise((resolve) => {
      this.socket.on('close', () => {
        this.ended = true;
        resolve();
      });
      this.socket.on('error', () => undefined);
    });
    this.socket.write(request);
  }

  write(bytes: string | Buffer): void {
    this.socket.write(bytes);
  }

  /** Waits until a whole answer arrived or the connection closed, at most `timeoutMs`. */
  async answer(timeoutMs = 10_000): Promise<RawAnswer | null> {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      const parsed = this.parse();
      if (parsed) return parsed;
      if (this.ended) return { status: null, headers: {}, body: '', closed: true };
      await Promise.race([this.done, new Promise((resolve) => setTimeout(resolve, 25))]);
    }
    return null;
  }

  /** Resolves true once the server closed the connection, false at the deadline. */
  async closed(timeoutMs: number): Promise<boolean> {
    await Promise.race([this.done, new Promise((resolve) => setTimeout(resolve, timeoutMs))]);
    return this.ended;
  }

  destroy(): void {
    this.socket.destroy();
  }

  private parse(): RawAnswer | null {
    const text = this.received.toString('latin1');
    const end = text.indexOf('\r\n\r\n');
    if (end < 0) return null;
    const [statusLine, ...lines] = text.slice(0, end).split('\r\n');
    const headers = Object.fromEntries(
      lines.map((line) => {
        const colon = line.indexOf(':');
        return [line.slice(0, colon).trim().toLowerCase(), line.slice(colon + 1).trim()];
      }),
    );
    const length = Number(headers['content-length'] ?? NaN);
    const bodyBytes = this.received.subarray(Buffer.byteLength(text.slice(0, end + 4), 'latin1'));
    if (Number.isFinite(length) && bodyBytes.length < length) return null;
    if (!Number.isFinite(length) && !this.ended) return null;
    return {
      status: Number(statusLine.split(' ')[1]),
      headers,
      body: bodyBytes.toString('utf8'),
      closed: this.ended,
    };
  }
}

/** The head of a multipart upload whose body will be `body` (Content-Length as given, or its real length). */
export function multipartHead(
  path: string,
  token: string,
  options: { boundary?: string; contentLength: number; contentType?: string },
): string {
  const contentType = options.contentType ?? `multipart/form-data; boundary=${options.boundary ?? 'XyZ'}`;
  return (
    `POST ${path} HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer ${token}\r\n` +
    `Content-Type: ${contentType}\r\nContent-Length: ${options.contentLength}\r\n\r\n`
  );
}

/** One part named `name` holding `content` as a file, with its boundary lines. */
export function filePart(
  content: string,
  options: { name?: string; fileName?: string; boundary?: string } = {},
) {
  const boundary = options.boundary ?? 'XyZ';
  return (
    `--${boundary}\r\nContent-Disposition: form-data; name="${options.name ?? 'file'}"; ` +
    `filename="${options.fileName ?? 'users.csv'}"\r\nContent-Type: text/csv\r\n\r\n${content}\r\n`
  );
}
