// The environment variables the service reads, with their defaults and rules (README lists them).
import { Transform } from 'class-transformer';
import { IsBoolean, IsIn, IsInt, IsOptional, IsString, Matches, Max, Min, MinLength } from 'class-validator';

const toInt = ({ value }: { value: unknown }) =>
  typeof value === 'string' && /^\s*-?\d+\s*$/.test(value) ? Number(value) : value;

const BOOLEANS: Record<string, boolean> = { true: true, false: false, '1': true, '0': false };
const toBoolean = ({ value }: { value: unknown }) =>
  typeof value === 'string' && value.trim().toLowerCase() in BOOLEANS
    ? BOOLEANS[value.trim().toLowerCase()]
    : value;

const REDIS_NODE = 'rediss?://[^,\\s]+';

export const WORKER_MODES = ['all', 'api', 'worker'] as const;
export type WorkerMode = (typeof WORKER_MODES)[number];
export const NODE_ENVS = ['development', 'production', 'test'] as const;
export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

export class EnvDto {
  @IsOptional()
  @IsIn(NODE_ENVS)
  NODE_ENV: (typeof NODE_ENVS)[number] = 'development';

  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(65535)
  PORT = 3000;

  @IsString()
  HOST = '0.0.0.0';

  @Matches(/^postgres(ql)?:\/\/.+\/[^/?]+/, {
    message: 'DATABASE_URL must be a postgres:// URL that names a database',
  })
  DATABASE_URL = 'postgres://postgres@127.0.0.1:5432/user_csv_sync';

  // One URL, or on a Redis Cluster (REDIS_CLUSTER) a comma-separated list of seed nodes.
  @Matches(new RegExp(`^${REDIS_NODE}(,${REDIS_NODE})*$`), {
    message:
      'REDIS_URL must be a redis:// or rediss:// URL (on a Redis Cluster, a comma-separated list of them)',
  })
  REDIS_URL = 'redis://127.0.0.1:6379';

  @Transform(toBoolean)
  @IsBoolean({ message: 'REDIS_CLUSTER must be true or false' })
  REDIS_CLUSTER = false;

  @IsOptional()
  @IsString()
  @MinLength(16, { message: 'STAFF_TOKEN must be at least 16 characters long' })
  STAFF_TOKEN?: string;

  @IsIn(WORKER_MODES)
  WORKER_MODE: WorkerMode = 'all';

  @Matches(/^[A-Za-z0-9_:{}.-]{1,64}$/, {
    message:
      'QUEUE_PREFIX may hold letters, digits and _ : { } . - (at most 64), e.g. ucs or {ucs} for Redis Cluster',
  })
  QUEUE_PREFIX = 'ucs';

  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(10240)
  MAX_FILE_MB = 200;

  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(50000)
  SYNC_BATCH_SIZE = 5000;

  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(64)
  WORKER_CONCURRENCY = 2;

  @Transform(toInt)
  @IsInt()
  @Min(100)
  @Max(1_000_000)
  MAX_CELL_LENGTH = 10000;

  // Characters of the header row; a longer one refuses the upload at once (INVALID_HEADER).
  @Transform(toInt)
  @IsInt()
  @Min(1024)
  @Max(16_777_216)
  MAX_HEADER_LENGTH = 262144;

  // Characters of one record (a row with the line breaks inside its values); a longer one refuses the upload
  // (INVALID_CSV naming its line). At least MAX_CELL_LENGTH, so that a long cell fails only its row.
  @Transform(toInt)
  @IsInt()
  @Min(1_000_000)
  @Max(268_435_456)
  MAX_RECORD_LENGTH = 16_777_216;

  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(100)
  DB_POOL_SIZE = 10;

  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(36500)
  LOG_RETENTION_DAYS = 365;

  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(3600)
  RECOVERY_INTERVAL_SECONDS = 30;

  // Uploads (docs/SECURITY.md): a client that stops sending is cut off; uploads in flight are capped per tenant
  // and per process, and the process's uploads have a database pool of that size of their own.
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(3600)
  UPLOAD_IDLE_SECONDS = 30;

  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(1000)
  MAX_UPLOADS_PER_TENANT = 5;

  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(100)
  MAX_UPLOADS_IN_FLIGHT = 10;

  // Rate limits, counted in Redis so that they hold across API processes; 0 switches one off.
  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(1_000_000)
  RATE_LIMIT_PER_MINUTE = 6000;

  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(1_000_000)
  AUTH_FAILURES_PER_MINUTE = 60;

  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(1_000_000)
  UPLOADS_PER_MINUTE = 120;

  // The key that seals list cursors; without it one is derived from STAFF_TOKEN (the same on every process).
  @IsOptional()
  @IsString()
  @MinLength(16, { message: 'CURSOR_SECRET must be at least 16 characters long' })
  CURSOR_SECRET?: string;

  // Which proxies may set X-Forwarded-For: false (the socket's address is the client's), true (any), a number
  // of hops, or their addresses and CIDRs separated by commas. The per-address limits depend on it.
  @IsString()
  @Matches(/^(true|false|\d{1,2}|[0-9A-Fa-f.:/]+(\s*,\s*[0-9A-Fa-f.:/]+)*)$/, {
    message: 'TRUST_PROXY must be true, false, a number of hops, or addresses/CIDRs separated by commas',
  })
  TRUST_PROXY = 'false';

  // HSTS is sent only when the service is reached over HTTPS (behind a proxy that terminates TLS).
  @Transform(toBoolean)
  @IsBoolean({ message: 'HSTS must be true or false' })
  HSTS = true;

  @IsIn(LOG_LEVELS)
  LOG_LEVEL: (typeof LOG_LEVELS)[number] = 'info';
}
