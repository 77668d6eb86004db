// Structured JSON logs with a request id; the authorization header is redacted and query strings are not logged,
// so that no token and no CSV content ever reaches a log line (SPEC §8). Fastify assigns the request id
// (requestId below) and pino-http logs it.
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Writable } from 'node:stream';
import { RequestMethod } from '@nestjs/common';
import type { Params } from 'nestjs-pino';
import type { AppConfig } from '../config/app-config';

const REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/** The id of a request: the caller's `x-request-id` when it is a sane one, so that a trace spans services. */
export function requestId(req: IncomingMessage): string {
  const given = req.headers['x-request-id'];
  return typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID();
}

export function loggerParams(config: Pick<AppConfig, 'logLevel'>, destination?: Writable): Params {
  const options = {
    level: config.logLevel,
    messageKey: 'msg',
    redact: {
      paths: ['req.headers.authorization', 'req.headers.cookie', 'headers.authorization'],
      censor: '[redacted]',
    },
    serializers: {
      req: (req: { id: string; method: string; url: string; headers: Record<string, unknown> }) => ({
        id: req.id,
        method: req.method,
        path: req.url.split('?')[0],
        userAgent: req.headers['user-agent'],
      }),
      res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
    },
    customLogLevel: (_req: IncomingMessage, res: ServerResponse, error?: Error) =>
      error || res.statusCode >= 500 ? 'error' : res.statusCode >= 400 ? 'warn' : 'info',
    autoLogging: { ignore: (req: IncomingMessage) => (req.url ?? '').startsWith('/health') },
  };
  return {
    pinoHttp: destination ? [options, destination] : options,
    // Every route; Nest 11 (path-to-regexp 8) names the wildcard, where the default '*' matches nothing on Fastify.
    forRoutes: [{ path: '{*path}', method: RequestMethod.ALL }],
  };
}
