// HTTP to the service and nothing else: the bearer token on every request, retries with backoff for failures
// that pass (no connection, 5xx, 408, 429), an overall deadline, and bodies streamed in both directions.
import http, { type IncomingMessage } from 'node:http';
import https from 'node:https';
import { pipeline, type Readable } from 'node:stream';
import { ApiErrorBody, CliError, refused } from './cli-error';
import { EXIT } from './exit-codes';
import { isRetryableStatus, parseRetryAfter, retryDelayMs, type RetryPolicy } from './retry';

export interface ClientOptions {
  baseUrl: URL;
  token: string;
  retry: RetryPolicy;
  /** Epoch milliseconds after which nothing more is tried (--timeout); undefined: no limit. */
  deadline?: number;
  /** A request whose connection stays silent this long counts as a connection failure. */
  idleTimeoutMs?: number;
  userAgent: string;
  /** Where retries are announced (standard error). */
  notice(message: string): void;
}

/** A request body that can be produced again for each attempt (a file is re-read, never buffered). */
export interface RequestBody {
  contentType: string;
  length: number;
  open(): Readable;
}

export interface RequestSpec {
  method: 'GET' | 'POST';
  path: string;
  query?: Record<string, string | undefined>;
  headers?: Record<string, string>;
  body?: RequestBody;
}

/** The service refused (4xx); `retried` says an earlier attempt of the same request may have reached it. */
export class ApiRefusal extends CliError {
  constructor(
    readonly status: number,
    readonly body: ApiErrorBody | undefined,
    text: string,
    readonly retried: boolean,
  ) {
    const error = refused(status, body, text);
    super(error.message, error.exitCode, error.payload);
  }
}

/** A failure that may pass: no connection, or an answer that says "later". */
class TransientFailure extends Error {
  constructor(
    message: string,
    readonly retryAfterMs?: number,
  ) {
    super(message);
  }
}

const DEFAULT_IDLE_TIMEOUT_MS = 120_000;
const MAX_JSON_BYTES = 16 * 1024 * 1024;

export class ApiClient {
  private readonly agent: http.Agent;

  constructor(private readonly options: ClientOptions) {
    const Agent = options.baseUrl.protocol === 'https:' ? https.Agent : http.Agent;
    this.agent = new Agent({ keepAlive: true });
  }

  /** Lets the process end: closes the connections kept for reuse. */
  close(): void {
    this.agent.destroy();
  }

  get deadline(): number | undefined {
    return this.options.deadline;
  }

  /** A JSON request; the parsed answer of a 2xx. */
  async json<T>(spec: RequestSpec): Promise<T> {
    return this.withRetries(spec, async (response) => {
      const text = (await readBody(response, MAX_JSON_BYTES)).toString('utf8');
      try {
        return JSON.parse(text) as T;
      } catch {
        throw new CliError(
          `the service answered ${spec.method} ${spec.path} with something that is not JSON; is --url the service?`,
          EXIT.UNREACHABLE,
        );
      }
    });
  }

  /** A download: `consume` gets the body of a 2xx as a stream; on a failure it is called again from the start. */
  async stream<T>(spec: RequestSpec, consume: (body: IncomingMessage) => Promise<T>): Promise<T> {
    return this.withRetries(spec, async (response) => {
      try {
        return await consume(response);
      } catch (error) {
        if (error instanceof CliError) throw error;
        if (response.errored || !response.complete) throw connectionFailure(this.origin, error);
        throw error;
      }
    });
  }

  private get origin(): string {
    return this.options.baseUrl.origin;
  }

  private async withRetries<T>(
    spec: RequestSpec,
    onSuccess: (response: IncomingMessage) => Promise<T>,
  ): Promise<T> {
    const { retry } = this.options;
    for (let attempt = 1; ; attempt++) {
      try {
        const response = await this.send(spec);
        const status = response.statusCode ?? 0;
        if (status >= 200 && status < 300) return await onSuccess(response);
        const text = (await readBody(response, MAX_JSON_BYTES).catch(() => Buffer.alloc(0))).toString('utf8');
        const body = parseErrorBody(text);
        if (isRetryableStatus(status)) {
          const what = body ? `${status} ${body.error}: ${body.message}` : `HTTP ${status}`;
          throw new TransientFailure(
            `the service answered ${what}`,
            parseRetryAfter(header(response, 'retry-after')),
          );
        }
        if (status >= 300 && status < 400) {
          // Never followed: the token would go wherever the redirect points.
          const location = header(response, 'location');
          throw new CliError(
            `the service answered HTTP ${status}${location ? ` (redirect to ${location})` : ''}; ` +
              'give its final address with --url',
            EXIT.REFUSED,
          );
        }
        throw new ApiRefusal(status, body, text, attempt > 1);
      } catch (error) {
        if (!(error instanceof TransientFailure)) throw error;
        if (attempt > retry.retries) {
          throw new CliError(
            `${error.message} (gave up after ${attempt} attempt${attempt === 1 ? '' : 's'})`,
            EXIT.UNREACHABLE,
          );
        }
        const delay = retryDelayMs(attempt, retry, error.retryAfterMs);
        const { deadline } = this.options;
        if (deadline !== undefined && Date.now() + delay >= deadline) {
          throw new CliError(
            `${error.message}; the timeout passed before the next attempt`,
            EXIT.UNREACHABLE,
          );
        }
        this.options.notice(
          `${error.message}; retrying in ${(delay / 1000).toFixed(1)} s (attempt ${attempt + 1} of ${retry.retries + 1})`,
        );
        await new Promise((resolve) => setTimeout(resolve, delay));
      }
    }
  }

  /** One attempt: resolves with the response once its head arrived; the body is the caller's to read. */
  private send(spec: RequestSpec): Promise<IncomingMessage> {
    const url = this.url(spec);
    const { deadline } = this.options;
    if (deadline !== undefined && Date.now() >= deadline) return Promise.reject(timedOut());
    const transport = url.protocol === 'https:' ? https : http;
    const headers: Record<string, string> = {
      accept: 'application/json',
      'user-agent': this.options.userAgent,
      ...spec.headers,
      authorization: `Bearer ${this.options.token}`,
    };
    if (spec.body) {
      headers['content-type'] = spec.body.contentType;
      headers['content-length'] = String(spec.body.length);
    }
    return new Promise((resolve, reject) => {
      let answered = false;
      const request = transport.request(url, { method: spec.method, agent: this.agent, headers });
      const timer =
        deadline === undefined
          ? undefined
          : setTimeout(() => request.destroy(timedOut()), Math.max(0, deadline - Date.now()));
      const clear = () => timer && clearTimeout(timer);
      request.setTimeout(this.options.idleTimeoutMs ?? DEFAULT_IDLE_TIMEOUT_MS, () =>
        request.destroy(new TransientFailure(`no answer from ${this.origin} for a while`)),
      );
      request.on('response', (response) => {
        answered = true;
        response.once('close', clear);
        resolve(response);
      });
      request.on('error', (error) => {
        clear();
        if (answered) return; // the response carries it on
        reject(
          error instanceof CliError || error instanceof TransientFailure
            ? error
            : connectionFailure(this.origin, error),
        );
      });
      if (spec.body) {
        // An early answer (a refused header, a file too large) may close the connection mid-body: the answer
        // is what counts then, not the failed write.
        pipeline(spec.body.open(), request, () => undefined);
      } else {
        request.end();
      }
    });
  }

  private url(spec: RequestSpec): URL {
    const url = new URL(this.options.baseUrl.href);
    url.pathname = `${url.pathname.replace(/\/+$/, '')}${spec.path}`;
    for (const [name, value] of Object.entries(spec.query ?? {})) {
      if (value !== undefined) url.searchParams.set(name, value);
    }
    return url;
  }
}

function timedOut(): CliError {
  return new CliError('the timeout passed', EXIT.UNREACHABLE);
}

function connectionFailure(origin: string, error: unknown): TransientFailure {
  const { code, message } = error as { code?: string; message?: string };
  return new TransientFailure(`cannot reach ${origin}: ${code ?? message ?? 'connection failed'}`);
}

function header(response: IncomingMessage, name: string): string | undefined {
  const value = response.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

function parseErrorBody(text: string): ApiErrorBody | undefined {
  try {
    const body = JSON.parse(text) as ApiErrorBody;
    return body && typeof body === 'object' && typeof body.error === 'string' ? body : undefined;
  } catch {
    return undefined;
  }
}

async function readBody(response: IncomingMessage, limit: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  try {
    for await (const chunk of response) {
      size += (chunk as Buffer).length;
      if (size > limit) {
        response.destroy();
        throw new CliError(
          `the answer is larger than ${limit} bytes; is --url the service?`,
          EXIT.UNREACHABLE,
        );
      }
      chunks.push(chunk as Buffer);
    }
  } catch (error) {
    if (error instanceof CliError || error instanceof TransientFailure) throw error;
    throw new TransientFailure(`the connection broke while reading the answer: ${(error as Error).message}`);
  }
  return Buffer.concat(chunks);
}
