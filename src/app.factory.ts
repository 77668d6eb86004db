// Builds the HTTP service (Fastify, multipart, OpenAPI) or the worker context; used by main.ts and the tests alike.
import type { Writable } from 'node:stream';
import multipart from '@fastify/multipart';
import { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyInstance } from 'fastify';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { Logger } from 'nestjs-pino';
import { AppModule } from './app.module';
import { AppError } from './common/app-error';
import {
  FRAMEWORK_ERROR_OPTIONS,
  hardenHttp,
  jsonDepthExceeds,
  MAX_JSON_DEPTH,
} from './common/http-hardening';
import { requestId } from './common/logging';
import type { AppConfig } from './config/app-config';
import { serveWebConsole } from './web/web-console';

const JSON_BODY_LIMIT = 1024 * 1024;

export interface AppOptions {
  /** Where log lines go (stdout when absent); tests read them to prove what is never logged. */
  logDestination?: Writable;
}

export async function createApp(
  config: AppConfig,
  options: AppOptions = {},
): Promise<NestFastifyApplication> {
  const adapter = new FastifyAdapter({
    bodyLimit: JSON_BODY_LIMIT,
    trustProxy: config.trustProxy,
    requestIdHeader: false,
    genReqId: requestId,
    ...FRAMEWORK_ERROR_OPTIONS,
  });
  const app = await NestFactory.create<NestFastifyApplication>(
    AppModule.forRoot(config, options.logDestination),
    adapter,
    {
      bufferLogs: true,
      abortOnError: false,
      bodyParser: false, // acceptJsonOnly below registers the one parser
    },
  );
  app.useLogger(app.get(Logger));
  app.enableShutdownHooks();

  const fastify = app.getHttpAdapter().getInstance();
  acceptJsonOnly(fastify);
  await hardenHttp(app, config);
  fastify.addHook('onRequest', async (request, reply) => {
    void reply.header('x-request-id', request.id);
  });

  await app.register(multipart, {
    limits: { fileSize: config.limits.maxFileBytes, files: 1, fields: 10, parts: 11, fieldSize: 1024 },
  });

  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('User CSV Sync')
      .setDescription(
        'Tenant admins add, update and delete their users by uploading CSV files; the logs show what each file did.',
      )
      .setVersion('1')
      .addBearerAuth()
      .build(),
  );
  SwaggerModule.setup('docs', app, document, { jsonDocumentUrl: 'docs/json' });
  if (!(await serveWebConsole(fastify))) {
    app.get(Logger).warn('web/dist is missing: the web console is not served (npm run build builds it)');
  }

  await app.init();
  return app;
}

/**
 * JSON bodies are parsed by Fastify's own (prototype-poisoning safe) parser, but its errors become AppErrors:
 * Nest's error handler would otherwise turn them into a bare HttpException and lose what went wrong. Plain
 * text is not accepted (Fastify parses it by default), so that a wrong content type answers 415.
 */
function acceptJsonOnly(fastify: FastifyInstance): void {
  const parseJson = fastify.getDefaultJsonParser('error', 'error');
  fastify.removeContentTypeParser(['application/json', 'text/plain']);
  fastify.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body, done) => {
    parseJson(request, body as string, (error, value) => {
      if (!error && jsonDepthExceeds(value, MAX_JSON_DEPTH)) {
        return done(
          new AppError('INVALID_JSON', `The request body is nested more than ${MAX_JSON_DEPTH} levels deep`),
        );
      }
      if (!error) return done(null, value);
      const empty = (error as { code?: string }).code === 'FST_ERR_CTP_EMPTY_JSON_BODY';
      done(
        new AppError(
          'INVALID_JSON',
          empty ? 'The request body is empty; send a JSON object' : 'The request body is not valid JSON',
        ),
      );
    });
  });
}

/** WORKER_MODE=worker: the queue processors and the database, no HTTP server. */
export async function createWorker(
  config: AppConfig,
  options: AppOptions = {},
): Promise<INestApplicationContext> {
  const app = await NestFactory.createApplicationContext(AppModule.forRoot(config, options.logDestination), {
    bufferLogs: true,
    abortOnError: false,
  });
  app.useLogger(app.get(Logger));
  app.enableShutdownHooks();
  await app.init();
  return app;
}
