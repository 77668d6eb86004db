// Readiness of Redis: a PING on a connection of its own that never queues commands while Redis is away.
import { Inject, Injectable, OnApplicationShutdown } from '@nestjs/common';
import { HealthIndicatorService } from '@nestjs/terminus';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { connectRedis, RedisConnection } from '../queue/redis-connection';

@Injectable()
export class RedisHealthIndicator implements OnApplicationShutdown {
  private readonly redis: RedisConnection;

  constructor(
    private readonly indicator: HealthIndicatorService,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.redis = connectRedis(config.redis, {
      lazyConnect: true,
      enableOfflineQueue: false,
      maxRetriesPerRequest: 0,
      connectTimeout: 2000,
    });
    this.redis.on('error', () => undefined); // reported by the check, not as an unhandled event
  }

  async check(key: string) {
    const session = this.indicator.check(key);
    try {
      if (this.redis.status === 'wait') await this.redis.connect();
      await this.redis.ping();
      return session.up();
    } catch (error) {
      return session.down({ message: error instanceof Error ? error.message : 'unreachable' });
    }
  }

  onApplicationShutdown(): void {
    this.redis.disconnect();
  }
}
