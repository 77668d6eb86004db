import { ConfigError, loadConfig } from './app-config';

function problemsOf(env: Record<string, string>): string[] {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  return [];
}

describe('loadConfig: Redis', () => {
  it('connects to one Redis server by default', () => {
    expect(loadConfig({}).redis).toEqual({ url: 'redis://127.0.0.1:6379', cluster: false });
  });

  it('takes the seed nodes of a Redis Cluster with a hash-tagged queue prefix', () => {
    const config = loadConfig({
      REDIS_CLUSTER: 'true',
      REDIS_URL: 'redis://10.0.0.1:6379,redis://10.0.0.2:6379',
      QUEUE_PREFIX: '{ucs}',
    });
    expect(config.redis).toEqual({ url: 'redis://10.0.0.1:6379,redis://10.0.0.2:6379', cluster: true });
    expect(config.queuePrefix).toBe('{ucs}');
  });

  it('refuses a queue prefix without a hash tag on a Redis Cluster, and says which would do', () => {
    expect(problemsOf({ REDIS_CLUSTER: 'true', QUEUE_PREFIX: 'ucs' })).toEqual([
      "QUEUE_PREFIX must carry a hash tag on a Redis Cluster, e.g. {ucs}: the queue's keys must share one hash slot",
    ]);
  });

  it('refuses several nodes without REDIS_CLUSTER, and a database number on a cluster', () => {
    expect(problemsOf({ REDIS_URL: 'redis://a:6379,redis://b:6379' })).toEqual([
      'REDIS_URL names several nodes: set REDIS_CLUSTER=true to use them as the seeds of a Redis Cluster',
    ]);
    expect(
      problemsOf({ REDIS_CLUSTER: 'true', REDIS_URL: 'redis://a:6379/2', QUEUE_PREFIX: '{ucs}' }),
    ).toEqual(['REDIS_URL must not name a database on a Redis Cluster: a cluster has only database 0']);
  });

  it('names REDIS_CLUSTER when it is neither true nor false', () => {
    expect(problemsOf({ REDIS_CLUSTER: 'maybe' })).toEqual(['REDIS_CLUSTER must be true or false']);
  });
});

describe('loadConfig: TRUST_PROXY', () => {
  it('trusts no proxy by default, so that a client cannot choose its own address', () => {
    expect(loadConfig({}).trustProxy).toBe(false);
  });

  it('takes true, a number of hops, or addresses and CIDRs', () => {
    expect(loadConfig({ TRUST_PROXY: 'true' }).trustProxy).toBe(true);
    expect(loadConfig({ TRUST_PROXY: '2' }).trustProxy).toBe(2);
    expect(loadConfig({ TRUST_PROXY: '10.0.0.0/8, 127.0.0.1' }).trustProxy).toBe('10.0.0.0/8, 127.0.0.1');
  });

  it('names TRUST_PROXY when it is something else', () => {
    expect(problemsOf({ TRUST_PROXY: 'the load balancer' })).toEqual([
      'TRUST_PROXY must be true, false, a number of hops, or addresses/CIDRs separated by commas',
    ]);
  });
});
