// A gateway in front of a test app that forwards every request and loses the answer to the first one it is
// told to: the service did the work, the client gets a 502, as from a proxy that timed out. What a client's
// retry with the same Idempotency-Key is for.
import { createServer, request } from 'node:http';

export interface GatewayRequest {
  method: string;
  path: string;
  /** Its Idempotency-Key header. */
  key?: string;
}

export interface LossyGateway {
  url: string;
  /** Every request forwarded so far, in order. */
  requests: GatewayRequest[];
  close(): Promise<void>;
}

/** Forwards to `targetBaseUrl`; the answer to the first request that `loses` picks becomes a 502 once the
 *  service has answered it in full. */
export async function startLossyGateway(
  targetBaseUrl: string,
  loses: (request: GatewayRequest) => boolean,
): Promise<LossyGateway> {
  const target = new URL(targetBaseUrl);
  const requests: GatewayRequest[] = [];
  let lost = false;
  const server = createServer((req, res) => {
    const seen: GatewayRequest = {
      method: req.method ?? '',
      path: req.url ?? '',
      key: req.headers['idempotency-key'] as string | undefined,
    };
    requests.push(seen);
    const lose = !lost && loses(seen);
    if (lose) lost = true;
    const upstream = request(
      { host: target.hostname, port: target.port, method: req.method, path: req.url, headers: req.headers },
      (answer) => {
        if (lose) {
          answer.resume();
          answer.on('end', () => {
            res.writeHead(502, { 'content-type': 'application/json' });
            res.end(JSON.stringify({ statusCode: 502, error: 'BAD_GATEWAY', message: 'upstream timed out' }));
          });
          return;
        }
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    req.pipe(upstream);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  return {
    url: `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`,
    requests,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
