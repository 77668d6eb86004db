// The HTTP edge of the service (docs/SECURITY.md): security headers, the per-client request ceiling, named errors
// for what Fastify refuses before a route runs, and a refusal of text PostgreSQL cannot store.
import type { Socket } from 'node:net';
import helmet from '@fastify/helmet';
import rateLimit from '@fastify/rate-limit';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { AppConfig } from '../config/app-config';
import { connectRedis } from '../queue/redis-connection';
import { AppError, ErrorBody } from './app-error';
import { ErrorCode, ERROR_STATUS } from './error-codes';

/** JSON nested deeper than this is refused before validation walks it (its recursion would overflow). */
export const MAX_JSON_DEPTH = 32;

/** Options of the Fastify adapter: errors Fastify answers itself, before any route, in the SPEC §3 shape. */
export const FRAMEWORK_ERROR_OPTIONS = {
  clientErrorHandler,
  frameworkErrors: (error: Error & { code?: string }, _request: FastifyRequest, reply: FastifyReply) => {
    const tooLong = error.code === 'FST_ERR_MAX_PARAM_LENGTH';
    const body = errorBody(
      tooLong ? 'URI_TOO_LONG' : 'MALFORMED_REQUEST',
      tooLong ? 'A part of the path is longer than 100 characters' : 'The request path is not a valid URL',
    );
    void reply.status(body.statusCode).header('content-type', 'application/json; charset=utf-8').send(body);
  },
};

export async function hardenHttp(app: NestFastifyApplication, config: AppConfig): Promise<void> {
  const fastify = app.getHttpAdapter().getInstance();
  await app.register(helmet, {
    // The API and the web console at / load only same-origin scripts and styles; Swagger UI at /docs too
    // (its page loads swagger-ui-init.js, no inline script). Swagger UI draws its icons from data: URLs.
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'"],
        imgSrc: ["'self'", 'data:'],
        fontSrc: ["'self'"],
        connectSrc: ["'self'"],
        objectSrc: ["'none'"],
        baseUri: ["'self'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
      },
    },
    frameguard: { action: 'deny' },
    referrerPolicy: { policy: 'no-referrer' },
    hsts: config.hsts ? { maxAge: 31_536_000, includeSubDomains: true } : false,
    crossOriginEmbedderPolicy: false,
  });

  if (config.rateLimits.perClient > 0) {
    const redis = connectRedis(config.redis, { maxRetriesPerRequest: 1, connectTimeout: 2000 });
    fastify.addHook('onClose', async () => {
      await redis.quit().catch(() => redis.disconnect());
    });
    await app.register(rateLimit, {
      global: true,
      max: config.rateLimits.perClient,
      timeWindow: 60_000,
      redis,
      nameSpace: `${config.queuePrefix}:throttle:client:`,
      skipOnError: true, // Redis down: serve rather than refuse everyone
      keyGenerator: (request) => request.ip,
      allowList: (request) => (request.url ?? '').startsWith('/health'),
      errorResponseBuilder: (_request, context) =>
        new AppError('RATE_LIMITED', `Too many requests from this address; try again in ${context.after}`, {
          retryAfterSeconds: Math.max(1, Math.ceil(context.ttl / 1000)),
        }),
    });
  }

  fastify.addHook('onRequest', async (request, reply) => {
    // API answers carry tenant data and, once, a new token: no cache may keep them.
    if (request.url.startsWith('/api/')) void reply.header('cache-control', 'no-store');
  });
  fastify.addHook('onSend', async (request, reply) => {
    // Swagger UI's page carries two inline <style> blocks and SVG style attributes: /docs alone allows inline
    // styles. Scripts stay same-origin files there too.
    if (request.url === '/docs' || request.url.startsWith('/docs/') || request.url.startsWith('/docs?')) {
      const policy = reply.getHeader('content-security-policy');
      if (typeof policy === 'string') {
        void reply.header(
          'content-security-policy',
          policy.replace("style-src 'self'", "style-src 'self' 'unsafe-inline'"),
        );
      }
    }
  });
  fastify.addHook('preValidation', async (request) => {
    refuseUnstorableText('path', request.params);
    refuseUnstorableText('query', request.query);
    refuseUnstorableText('body', request.body);
  });
}

/**
 * PostgreSQL stores no NUL character in text or jsonb, and no lone UTF-16 surrogate in jsonb: such a value in a
 * path, query or JSON body would fail the statement (a 500). It is refused first, naming where it was.
 */
export function refuseUnstorableText(where: string, value: unknown): void {
  const stack: Array<[string, unknown]> = [[where, value]];
  while (stack.length > 0) {
    const [field, current] = stack.pop() as [string, unknown];
    if (typeof current === 'string') {
      const problem = current.includes('\u0000')
        ? 'must not contain a NUL character (U+0000)'
        : current.isWellFormed()
          ? null
          : 'must not contain a lone UTF-16 surrogate';
      if (problem) {
        throw new AppError('VALIDATION_ERROR', `${field} ${problem}`, {
          problems: [{ field, messages: [problem] }],
        });
      }
    } else if (current !== null && typeof current === 'object') {
      for (const [key, inner] of Object.entries(current)) {
        stack.push([`${field}.${key}`, key]); // keys reach jsonb too
        stack.push([`${field}.${key}`, inner]);
      }
    }
  }
}

/** The nesting depth of a parsed JSON value, counted without recursion; stops once past `limit`. */
export function jsonDepthExceeds(value: unknown, limit: number): boolean {
  const stack: Array<[unknown, number]> = [[value, 1]];
  while (stack.length > 0) {
    const [current, depth] = stack.pop() as [unknown, number];
    if (current === null || typeof current !== 'object') continue;
    if (depth > limit) return true;
    for (const inner of Object.values(current)) stack.push([inner, depth + 1]);
  }
  return false;
}

function errorBody(code: ErrorCode, message: string): ErrorBody {
  return { statusCode: ERROR_STATUS[code], error: code, message };
}

/** Node refuses some requests before Fastify sees them (headers too large, a broken request line or body
 *  framing): answered in the SPEC §3 shape, then the connection is closed as Node does. */
function clientErrorHandler(this: FastifyInstance, error: Error & { code?: string }, socket: Socket): void {
  if (error.code === 'ECONNRESET' || socket.destroyed) return;
  const body =
    error.code === 'HPE_HEADER_OVERFLOW'
      ? errorBody('HEADERS_TOO_LARGE', 'The request headers are too large')
      : error.code === 'ERR_HTTP_REQUEST_TIMEOUT'
        ? errorBody('UPLOAD_TIMEOUT', 'The request was not received in time')
        : errorBody('MALFORMED_REQUEST', 'The request is not valid HTTP (its framing or body is broken)');
  const json = JSON.stringify(body);
  if (socket.writable) {
    socket.write(
      `HTTP/1.1 ${body.statusCode} ${body.error}\r\nContent-Length: ${Buffer.byteLength(json)}\r\n` +
        `Content-Type: application/json; charset=utf-8\r\nConnection: close\r\n\r\n${json}`,
    );
  }
  socket.destroy();
}
