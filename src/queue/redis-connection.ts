// A connection to the Redis of REDIS_URL: one server, or a Redis Cluster (REDIS_CLUSTER) reached through its
// seed nodes, which tell the client where every slot lives.
import Redis, { Cluster, ClusterOptions, RedisOptions } from 'ioredis';
import type { RedisConfig } from '../config/app-config';

export type RedisConnection = Redis | Cluster;

/** Options of the connection to each node; those that a cluster client takes for itself are moved there. */
export function connectRedis(config: RedisConfig, options: RedisOptions = {}): RedisConnection {
  if (!config.cluster) return new Redis(config.url, options);
  const seeds = config.url.split(',').map((url) => new URL(url));
  // Credentials and TLS are the same on every node of a cluster; the first URL gives them.
  const { username, password, protocol } = seeds[0];
  const { lazyConnect, enableOfflineQueue, ...nodeOptions } = options;
  const clusterOptions: ClusterOptions = {
    ...(lazyConnect !== undefined ? { lazyConnect } : {}),
    ...(enableOfflineQueue !== undefined ? { enableOfflineQueue } : {}),
    redisOptions: {
      ...nodeOptions,
      ...(username ? { username: decodeURIComponent(username) } : {}),
      ...(password ? { password: decodeURIComponent(password) } : {}),
      ...(protocol === 'rediss:' ? { tls: {} } : {}),
    },
  };
  return new Cluster(
    seeds.map((url) => ({ host: url.hostname, port: Number(url.port || 6379) })),
    clusterOptions,
  );
}
