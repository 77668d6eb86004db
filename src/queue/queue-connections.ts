// The Redis connections of the Bull queues, made here so that they can reach a Redis Cluster as well as one
// server. Bull closes only the connections it made itself, so these are closed by the owner of the queue, after
// the queue (SyncQueue.onApplicationShutdown).
import type { RedisConfig } from '../config/app-config';
import { connectRedis, RedisConnection } from './redis-connection';

/** The kinds of connection Bull asks for: commands, its event subscriber, and the blocking job fetch. */
export type BullConnectionType = 'client' | 'subscriber' | 'bclient';

export class QueueConnections {
  private readonly open = new Set<RedisConnection>();

  constructor(private readonly config: RedisConfig) {}

  /** Bull's `createClient`. The subscriber and the blocking connection wait for Redis as long as it takes
   *  instead of failing their commands, as Bull requires of them. */
  create(type: BullConnectionType): RedisConnection {
    const waitsForever = type !== 'client';
    const connection = connectRedis(
      this.config,
      waitsForever ? { maxRetriesPerRequest: null, enableReadyCheck: false } : {},
    );
    this.open.add(connection);
    return connection;
  }

  async closeAll(): Promise<void> {
    const closing = [...this.open];
    this.open.clear();
    await Promise.all(closing.map((connection) => connection.quit().catch(() => connection.disconnect())));
  }
}
