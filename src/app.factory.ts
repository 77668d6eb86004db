// Builds the HTTP service (Fastify, multipart, OpenAPI) or the worker context; used by main.ts and the tests alike.
import type { Writable } from 'node:stream';
import multipart from '@fastify/multipart';
import { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { Logger } from 'nestjs-pino';
import { AppModule } from './app.module';
import { toErrorBody } from './common/error-body';
import type { AppConfig } from './config/app-config';

const JSON_BODY_LIMIT = 1024 * 1024;

export interface AppOptions {
  /** Where log lines go (stdout when absent); tests read them to prove what is never logged. */
  logDestination?: Writable;
}

export async function createApp(config: AppConfig, options: AppOptions = {}): Promise<NestFastifyApplication> {
  const adapter = new FastifyAdapter({ bodyLimit: JSON_BODY_LIMIT, trustProxy: true });
  const app = await NestFactory.create<NestFastifyApplication>(AppModule.forRoot(config, options.logDestination), adapter, {
    bufferLogs: true,
    abortOnError: false,
  });
  app.useLogger(app.get(Logger));
  app.enableShutdownHooks();

  // Errors raised before a route handler runs (body parsing, unknown content types) get the SPEC §3 shape too.
  app
    .getHttpAdapter()
    .getInstance()
    .setErrorHandler((error, _request, reply) => {
      const { body } = toErrorBody(error);
      void reply.status(body.statusCode).send(body);
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

  await app.init();
  return app;
}

/** WORKER_MODE=worker: the queue processors and the database, no HTTP server. */
export async function createWorker(config: AppConfig, options: AppOptions = {}): Promise<INestApplicationContext> {
  const app = await NestFactory.createApplicationContext(AppModule.forRoot(config, options.logDestination), {
    bufferLogs: true,
    abortOnError: false,
  });
  app.useLogger(app.get(Logger));
  app.enableShutdownHooks();
  await app.init();
  return app;
}
