// Structured JSON logs with a request id; the authorization header is redacted and query strings are not logged,
// so that no token and no CSV content ever reaches a log line (SPEC §8). Fastify assigns the request id
// (requestId below) and pino-http logs it.
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Writable } from 'node:stream';
import { RequestMethod } from '@nestjs/common';
import type { Params } from 'nestjs-pino';
import { stdSerializers } from 'pino';
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
      err: serializeError,
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

type ErrorLike = { name?: string; type?: string; message?: string; stack?: string } & Record<string, unknown>;

/**
 * Errors as logged. A database error's message carries its SQL with the bound values inlined (tenant and token
 * names, configuration JSON, a token's hash) and PostgreSQL's own text quotes values too (`Key (id)=(acme)`,
 * `invalid input syntax for type uuid: "..."`): such an error, or one caused by it, is logged as its SQLSTATE,
 * the statement's verb and table, and its stack frames, never its text. pino-http hands this serializer the
 * error already serialized (a plain object with the error's own fields), Nest's logger the Error itself.
 */
export function serializeError(error: unknown): unknown {
  const database = databaseErrorIn(error);
  if (!database) return error instanceof Error ? stdSerializers.err(error) : error;
  const outer = error as ErrorLike;
  return {
    type: outer.type ?? outer.name,
    ...(outer !== database && typeof outer.code === 'string' && { code: outer.code }),
    database: {
      type: database.type ?? database.name,
      sqlState: database.sqlState ?? database.code,
      statement: statementName(database.message ?? ''),
      ...(typeof database.table === 'string' && { table: database.table }),
      ...(typeof database.constraint === 'string' && { constraint: database.constraint }),
    },
    stack: (database.stack ?? '')
      .split('\n')
      .filter((line) => line.trim().startsWith('at '))
      .join('\n'),
  };
}

const SQLSTATE = /^[0-9A-Z]{5}$/;

function databaseErrorIn(error: unknown): ErrorLike | null {
  for (
    let current = error, depth = 0;
    typeof current === 'object' && current !== null && depth < 10;
    depth += 1
  ) {
    const candidate = current as ErrorLike;
    const state = candidate.sqlState ?? candidate.code;
    const fromDriver = 'severity' in candidate || 'routine' in candidate || 'sqlState' in candidate;
    if (typeof state === 'string' && SQLSTATE.test(state) && fromDriver) return candidate;
    current = candidate.cause;
  }
  return null;
}

/** "INSERT api_token": the verb and table of a statement, from the SQL at the head of a driver's message. */
export function statementName(message: string): string | undefined {
  const verb = /^\s*(select|insert|update|delete|with|copy|lock|create|alter|drop)\b/i.exec(message)?.[1];
  if (!verb) return undefined;
  const table = /\b(?:from|into|update|table|copy)\s+"?([A-Za-z_][\w]*)"?/i.exec(message)?.[1];
  return table ? `${verb.toUpperCase()} ${table}` : verb.toUpperCase();
}
