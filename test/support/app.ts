// Boots the real service (Fastify, PostgreSQL, Redis) on a database and queue prefix of its own, on a real port.
import { randomBytes } from 'node:crypto';
import { INestApplicationContext } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import Redis from 'ioredis';
import { Client } from 'pg';
import { AppOptions, createApp, createWorker } from '../../src/app.factory';
import { AppConfig, loadConfig } from '../../src/config/app-config';
import { migrate } from '../../src/database/migrate';
import { STAFF_TOKEN, TEST_DATABASE_SERVER, TEST_REDIS_URL, runId } from './env';
import { deleteKeys } from './global-teardown';
import { HttpClient } from './http';

export interface TestEnvironment {
  databaseUrl: string;
  queuePrefix: string;
  env: Record<string, string>;
}

/** A fresh database (migrated) and queue prefix; several apps may share one (API and worker processes). */
export async function createTestEnvironment(extra: Record<string, string> = {}): Promise<TestEnvironment> {
  const suffix = `${process.env.JEST_WORKER_ID ?? '0'}_${randomBytes(4).toString('hex')}`;
  const database = `ucs_test_${runId()}_${suffix}`;
  const databaseUrl = `${TEST_DATABASE_SERVER}/${database}`;
  const queuePrefix = `ucs-test-${runId()}-${suffix}`;
  await migrate(databaseUrl);
  return {
    databaseUrl,
    queuePrefix,
    env: {
      NODE_ENV: 'test',
      DATABASE_URL: databaseUrl,
      REDIS_URL: TEST_REDIS_URL,
      QUEUE_PREFIX: queuePrefix,
      STAFF_TOKEN,
      LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
      DB_POOL_SIZE: '5',
      ...extra,
    },
  };
}

export interface TestApp {
  app: NestFastifyApplication;
  config: AppConfig;
  http: HttpClient;
  environment: TestEnvironment;
  close(): Promise<void>;
}

export async function startApp(
  overrides: Record<string, string> = {},
  environment?: TestEnvironment,
  options: AppOptions = {},
): Promise<TestApp> {
  const env = environment ?? (await createTestEnvironment());
  const config = loadConfig({ ...env.env, ...overrides });
  const app = await createApp(config, options);
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.getHttpServer().address();
  if (!address || typeof address === 'string') throw new Error('the test app has no TCP address');
  return {
    app,
    config,
    environment: env,
    http: new HttpClient(`http://127.0.0.1:${address.port}`),
    close: async () => {
      await app.close();
      if (!environment) await dropTestEnvironment(env);
    },
  };
}

/** A worker (WORKER_MODE=worker) in this process, on an environment an API app already uses. */
export async function startWorker(
  environment: TestEnvironment,
  overrides: Record<string, string> = {},
): Promise<INestApplicationContext> {
  return createWorker(loadConfig({ ...environment.env, WORKER_MODE: 'worker', ...overrides }));
}

export async function dropTestEnvironment(env: TestEnvironment): Promise<void> {
  const pg = new Client({ connectionString: `${TEST_DATABASE_SERVER}/postgres` });
  await pg.connect();
  try {
    const name = new URL(env.databaseUrl).pathname.slice(1);
    await pg.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  } finally {
    await pg.end();
  }
  const redis = new Redis(TEST_REDIS_URL);
  try {
    await deleteKeys(redis, `${env.queuePrefix}:*`);
  } finally {
    redis.disconnect();
  }
}
