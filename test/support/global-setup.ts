// Once per jest run: check that PostgreSQL and Redis answer, and name this run's databases and queue prefixes.
import { randomBytes } from 'node:crypto';
import Redis from 'ioredis';
import { Client } from 'pg';
import { TEST_DATABASE_SERVER, TEST_REDIS_URL } from './env';

export default async function globalSetup(): Promise<void> {
  process.env.UCS_TEST_RUN = `${Date.now().toString(36)}${randomBytes(3).toString('hex')}`;
  const pg = new Client({ connectionString: `${TEST_DATABASE_SERVER}/postgres` });
  try {
    await pg.connect();
    await pg.query('SELECT 1');
  } catch (error) {
    throw new Error(`PostgreSQL is not reachable at ${TEST_DATABASE_SERVER}: ${(error as Error).message}`);
  } finally {
    await pg.end().catch(() => undefined);
  }
  const redis = new Redis(TEST_REDIS_URL, { lazyConnect: true, maxRetriesPerRequest: 1 });
  try {
    await redis.connect();
    await redis.ping();
  } catch (error) {
    throw new Error(`Redis is not reachable at ${TEST_REDIS_URL}: ${(error as Error).message}`);
  } finally {
    redis.disconnect();
  }
}
