// The global exception filter: every error answer has the SPEC §3 shape.
import { ArgumentsHost, Catch, ExceptionFilter } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { PinoLogger } from 'nestjs-pino';
import { toErrorBody } from './error-body';
import { loggableError } from './loggable-error';

/** How long a refused request's body is still read after the answer. */
const REFUSED_BODY_GRACE_MS = 30_000;

@Catch()
export class AllExceptionsFilter implements ExceptionFilter {
  constructor(private readonly logger: PinoLogger) {
    this.logger.setContext(AllExceptionsFilter.name);
  }

  catch(exception: unknown, host: ArgumentsHost): void {
    if (host.getType() !== 'http') throw exception;
    const http = host.switchToHttp();
    const reply = http.getResponse<FastifyReply>();
    const request = http.getRequest<FastifyRequest>();
    const { body, unexpected } = toErrorBody(exception);
    if (unexpected) {
      this.logger.error(
        { err: loggableError(exception), method: request.method, url: request.routeOptions?.url },
        'request failed',
      );
    }
    void reply.status(body.statusCode).header('content-type', 'application/json; charset=utf-8');
    // A refusal that comes before the whole body was read (a file too large, the module off, a record over the
    // limit): the client is still sending. The rest of its body is read and dropped, so that its writes do not
    // fail before it has read this answer (a "Connection: close" would make Node close the socket as soon as
    // the answer is out). The request's own framing keeps that rest from being taken for a next request; a
    // client that goes on sending long after the answer is cut off all the same.
    if (!request.raw.complete) {
      reply.raw.once('finish', () => drainRefusedBody(request.raw));
    }
    // A 429 says when to come back (RFC 9110 Retry-After, in seconds).
    const retryAfter = body.details?.retryAfterSeconds;
    if (typeof retryAfter === 'number') void reply.header('retry-after', String(retryAfter));
    void reply.send(body);
  }
}

function drainRefusedBody(raw: FastifyRequest['raw']): void {
  if (raw.complete) return;
  const timer = setTimeout(() => {
    if (!raw.complete) raw.socket?.destroy();
  }, REFUSED_BODY_GRACE_MS).unref();
  raw.once('end', () => clearTimeout(timer));
  raw.once('close', () => clearTimeout(timer));
  raw.resume();
}
