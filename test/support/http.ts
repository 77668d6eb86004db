// A small HTTP client over fetch for the e2e tests: JSON in and out, tokens, multipart uploads, raw bytes.
export interface HttpResponse<T = any> {
  status: number;
  headers: Headers;
  body: T;
  text: string;
  bytes: Buffer;
}

export interface RequestOptions {
  token?: string;
  json?: unknown;
  body?: string | Buffer | FormData;
  headers?: Record<string, string>;
}

export class HttpClient {
  constructor(readonly baseUrl: string) {}

  async request<T = any>(
    method: string,
    path: string,
    options: RequestOptions = {},
  ): Promise<HttpResponse<T>> {
    const headers: Record<string, string> = { ...options.headers };
    if (options.token !== undefined) headers.authorization = `Bearer ${options.token}`;
    let body: string | Buffer | FormData | undefined = options.body;
    if (options.json !== undefined) {
      headers['content-type'] = 'application/json';
      body = JSON.stringify(options.json);
    }
    const response = await fetch(this.baseUrl + path, { method, headers, body });
    const bytes = Buffer.from(await response.arrayBuffer());
    const text = bytes.toString('utf8');
    let parsed: unknown = text;
    if ((response.headers.get('content-type') ?? '').includes('application/json') && text)
      parsed = JSON.parse(text);
    return { status: response.status, headers: response.headers, body: parsed as T, text, bytes };
  }

  get<T = any>(path: string, token?: string) {
    return this.request<T>('GET', path, { token });
  }

  post<T = any>(path: string, json: unknown, token?: string) {
    return this.request<T>('POST', path, { token, json });
  }

  put<T = any>(path: string, json: unknown, token?: string) {
    return this.request<T>('PUT', path, { token, json });
  }

  delete<T = any>(path: string, token?: string) {
    return this.request<T>('DELETE', path, { token });
  }

  /** multipart/form-data with one part "file", as a browser or `curl -F file=@users.csv` sends it. */
  upload<T = any>(
    path: string,
    file: Buffer | string,
    options: { token?: string; fileName?: string; headers?: Record<string, string> } = {},
  ) {
    const form = new FormData();
    const bytes = typeof file === 'string' ? Buffer.from(file, 'utf8') : file;
    form.append('file', new Blob([bytes], { type: 'text/csv' }), options.fileName ?? 'users.csv');
    return this.request<T>('POST', path, { token: options.token, body: form, headers: options.headers });
  }
}
