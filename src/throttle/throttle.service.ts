// Counters in Redis for the limits that @fastify/rate-limit cannot express (failed authentication per client
// address, uploads per tenant): fixed windows shared by every API process of the deployment.
import { Inject, Injectable, OnApplicationShutdown } from '@nestjs/common';
import { PinoLogger } from 'nestjs-pino';
import { AppError } from '../common/app-error';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { connectRedis, RedisConnection } from '../queue/redis-connection';

const WINDOW_MS = 60_000;

export interface WindowCount {
  count: number;
  /** Milliseconds until the window ends. */
  resetInMs: number;
}

@Injectable()
export class ThrottleService implements OnApplicationShutdown {
  private redis: RedisConnection | null = null;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly logger: PinoLogger,
  ) {
    this.logger.setContext(ThrottleService.name);
  }

  /** Counts one more event of `key` in the current window. */
  hit(key: string): Promise<WindowCount | null> {
    return this.run(key, true);
  }

  /** The count of `key` in the current window, without adding to it. */
  peek(key: string): Promise<WindowCount | null> {
    return this.run(key, false);
  }

  /** A 429 that tells the client when to come back (the filter sends `Retry-After`). */
  static refusal(code: 'RATE_LIMITED' | 'TOO_MANY_UPLOADS', message: string, resetInMs: number): AppError {
    const retryAfterSeconds = Math.max(1, Math.ceil(resetInMs / 1000));
    return new AppError(code, `${message}; try again in ${retryAfterSeconds} s`, { retryAfterSeconds });
  }

  /**
   * SET NX PX gives the window its end before INCR counts in it, so that a key can never outlive its window
   * (INCR keeps the expiry). A limit must not take the service down with Redis: when Redis does not answer,
   * nothing is counted (null) and the request goes on.
   */
  private async run(name: string, add: boolean): Promise<WindowCount | null> {
    const key = `${this.config.queuePrefix}:throttle:${name}`;
    try {
      const redis = this.connection();
      const multi = redis.multi().set(key, '0', 'PX', WINDOW_MS, 'NX');
      if (add) multi.incr(key);
      else multi.get(key);
      const answers = await multi.pttl(key).exec();
      const count = Number(answers?.[1]?.[1] ?? 0);
      const ttl = Number(answers?.[2]?.[1] ?? WINDOW_MS);
      return { count, resetInMs: ttl > 0 ? ttl : WINDOW_MS };
    } catch (error) {
      this.logger.warn({ err: error }, 'rate limit not counted: Redis did not answer');
      return null;
    }
  }

  private connection(): RedisConnection {
    this.redis ??= connectRedis(this.config.redis, {
      maxRetriesPerRequest: 1,
      enableOfflineQueue: true,
      connectTimeout: 2000,
    });
    return this.redis;
  }

  async onApplicationShutdown(): Promise<void> {
    const redis = this.redis;
    this.redis = null;
    await redis?.quit().catch(() => redis.disconnect());
  }
}
