// The global exception filter: every error answer has the SPEC §3 shape.
import { ArgumentsHost, Catch, ExceptionFilter } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { PinoLogger } from 'nestjs-pino';
import { toErrorBody } from './error-body';
import { loggableError } from './loggable-error';

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
    // A refusal that comes before the body was read (a file too large, the module off) closes the connection:
    // the client is still sending, and the rest of its body must not be taken for its next request.
    if (!request.raw.complete) {
      void reply.header('connection', 'close');
      // A refusal before the body was read (e.g. on Content-Length): what the client still sends is read and
      // dropped, so that it gets to read this answer, and the connection is closed after a grace period anyway.
      reply.raw.once('finish', () => {
        request.raw.resume();
        setTimeout(() => request.raw.socket?.destroy(), 5000).unref();
      });
    }
    // A 429 says when to come back (RFC 9110 Retry-After, in seconds).
    const retryAfter = body.details?.retryAfterSeconds;
    if (typeof retryAfter === 'number') void reply.header('retry-after', String(retryAfter));
    void reply.send(body);
  }
}
