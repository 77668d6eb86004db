// Once per jest run: drop what this run left behind (a test that crashed before its own cleanup).
import Redis from 'ioredis';
import { Client } from 'pg';
import { TEST_DATABASE_SERVER, TEST_REDIS_URL } from './env';

export default async function globalTeardown(): Promise<void> {
  const run = process.env.UCS_TEST_RUN;
  if (!run) return;
  const pg = new Client({ connectionString: `${TEST_DATABASE_SERVER}/postgres` });
  await pg.connect();
  try {
    const { rows } = await pg.query<{ datname: string }>(
      'SELECT datname FROM pg_database WHERE datname LIKE $1',
      [`ucs_test_${run}_%`],
    );
    for (const { datname } of rows) await pg.query(`DROP DATABASE IF EXISTS "${datname}" WITH (FORCE)`);
  } finally {
    await pg.end();
  }
  const redis = new Redis(TEST_REDIS_URL);
  try {
    await deleteKeys(redis, `ucs-test-${run}-*`);
  } finally {
    redis.disconnect();
  }
}

export async function deleteKeys(redis: Redis, pattern: string): Promise<void> {
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', pattern, 'COUNT', 1000);
    if (keys.length) await redis.del(...keys);
    cursor = next;
  } while (cursor !== '0');
}
