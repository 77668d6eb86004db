// Counters in Redis for the limits that @fastify/rate-limit cannot express (failed authentication per client
// address, uploads per tenant): fixed windows, and leases for what is in progress, shared by every API process
// of the deployment.
import { randomUUID } from 'node:crypto';
import { Inject, Injectable, OnApplicationShutdown } from '@nestjs/common';
import { PinoLogger } from 'nestjs-pino';
import { AppError } from '../common/app-error';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { connectRedis, RedisConnection } from '../queue/redis-connection';

const WINDOW_MS = 60_000;

/** A lease lives this long unless its holder renews it: a process that dies frees its leases within it. */
const LEASE_TTL_MS = 30_000;
const LEASE_RENEW_MS = 10_000;

/**
 * Takes one of `limit` leases of a key: a sorted set of holders scored by the time their lease runs out, so
 * that the leases of a process that died expire by themselves. Answers 1 when taken, 0 when all are held.
 * KEYS[1] set; ARGV now, expiry, limit, holder.
 */
const TAKE_LEASE = `
  redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', ARGV[1])
  if redis.call('ZCARD', KEYS[1]) >= tonumber(ARGV[3]) then return 0 end
  redis.call('ZADD', KEYS[1], ARGV[2], ARGV[4])
  redis.call('PEXPIREAT', KEYS[1], ARGV[2])
  return 1`;

/** Renews a lease that is still held (XX: a lease already expired is not brought back). */
const RENEW_LEASE = `
  if redis.call('ZADD', KEYS[1], 'XX', 'CH', ARGV[1], ARGV[2]) == 1 then
    redis.call('PEXPIREAT', KEYS[1], ARGV[1])
  end
  return 1`;

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

  /**
   * Takes one of `limit` leases of `name` for as long as the work runs, across every process of the
   * deployment: the function that gives it back, or null when all are held. When Redis does not answer, the
   * lease is granted: a limit must not take the service down with Redis, and each process has its own cap too.
   */
  async lease(name: string, limit: number): Promise<(() => void) | null> {
    const key = `${this.config.queuePrefix}:lease:${name}`;
    const holder = randomUUID();
    try {
      const now = Date.now();
      const taken = await this.connection().eval(TAKE_LEASE, 1, key, now, now + LEASE_TTL_MS, limit, holder);
      if (taken !== 1) return null;
    } catch (error) {
      this.logger.warn({ err: error }, 'lease not taken: Redis did not answer');
      return () => undefined;
    }
    const renew = setInterval(() => {
      this.connection()
        .eval(RENEW_LEASE, 1, key, Date.now() + LEASE_TTL_MS, holder)
        .catch(() => undefined); // a missed renewal only lets the lease run out early
    }, LEASE_RENEW_MS).unref();
    let released = false;
    return () => {
      if (released) return;
      released = true;
      clearInterval(renew);
      this.redis?.zrem(key, holder).catch(() => undefined); // else it runs out by itself
    };
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
