// The one typed, validated configuration of the service; nothing else reads process.env (STYLE.md).
import { createHmac } from 'node:crypto';
import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { EnvDto, WorkerMode } from './env.dto';

export const APP_CONFIG = Symbol('APP_CONFIG');

/** Used outside production when STAFF_TOKEN is not set; the service logs that it does so. */
export const DEVELOPMENT_STAFF_TOKEN = 'dev-staff-token-change-me';

export interface AppConfig {
  env: 'development' | 'production' | 'test';
  http: { port: number; host: string };
  databaseUrl: string;
  databaseName: string;
  dbPoolSize: number;
  redis: RedisConfig;
  queuePrefix: string;
  workerMode: WorkerMode;
  staffToken: string;
  staffTokenIsDevelopmentDefault: boolean;
  limits: {
    maxFileBytes: number;
    syncBatchSize: number;
    workerConcurrency: number;
    maxCellLength: number;
    uploadIdleTimeoutMs: number;
    maxUploadsPerTenant: number;
    maxUploadsInFlight: number;
    maxHeaderLength: number;
    maxRecordLength: number;
  };
  /** Requests per minute; 0 is no limit (docs/SECURITY.md). */
  rateLimits: { perClient: number; authFailuresPerClient: number; uploadsPerTenant: number };
  cursorSecret: string;
  hsts: boolean;
  /** Fastify's trustProxy: who may tell the client's address in X-Forwarded-For. */
  trustProxy: boolean | number | string;
  logLevel: string;
  logRetentionDays: number;
  recoveryIntervalMs: number;
}

export interface RedisConfig {
  /** REDIS_URL as given: one URL, or the seed nodes of a cluster separated by commas. */
  url: string;
  /** A Redis Cluster: `url` names seed nodes, and QUEUE_PREFIX carries a hash tag. */
  cluster: boolean;
}

/** Bull runs multi-key Lua scripts on a queue's keys: on a Redis Cluster they must share one hash slot, which a
 *  {hash tag} in every key (the prefix) ensures. */
const HASH_TAG = /\{[^{}]+\}/;

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/** Validates the environment once; a bad variable stops the start with its name and the problem. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  const given = Object.fromEntries(
    Object.entries(env).filter(([key, value]) => key in new EnvDto() && value !== undefined && value !== ''),
  );
  const dto = plainToInstance(EnvDto, { ...new EnvDto(), ...given });
  const errors = validateSync(dto, { whitelist: false });
  const problems = errors.flatMap((e) =>
    Object.values(e.constraints ?? {}).map((message) =>
      message.startsWith(e.property) ? message : `${e.property}: ${message}`,
    ),
  );
  if (dto.NODE_ENV === 'production' && !dto.STAFF_TOKEN) {
    problems.push('STAFF_TOKEN must be set when NODE_ENV=production');
  }
  problems.push(...redisProblems(dto));
  if (problems.length > 0) throw new ConfigError(problems);

  return {
    env: dto.NODE_ENV,
    http: { port: dto.PORT, host: dto.HOST },
    databaseUrl: dto.DATABASE_URL,
    databaseName: decodeURIComponent(new URL(dto.DATABASE_URL).pathname.slice(1)),
    dbPoolSize: dto.DB_POOL_SIZE,
    redis: { url: dto.REDIS_URL, cluster: dto.REDIS_CLUSTER },
    queuePrefix: dto.QUEUE_PREFIX,
    workerMode: dto.WORKER_MODE,
    staffToken: dto.STAFF_TOKEN ?? DEVELOPMENT_STAFF_TOKEN,
    staffTokenIsDevelopmentDefault: !dto.STAFF_TOKEN,
    limits: {
      maxFileBytes: dto.MAX_FILE_MB * 1024 * 1024,
      syncBatchSize: dto.SYNC_BATCH_SIZE,
      workerConcurrency: dto.WORKER_CONCURRENCY,
      maxCellLength: dto.MAX_CELL_LENGTH,
      uploadIdleTimeoutMs: dto.UPLOAD_IDLE_SECONDS * 1000,
      maxUploadsPerTenant: dto.MAX_UPLOADS_PER_TENANT,
      maxUploadsInFlight: dto.MAX_UPLOADS_IN_FLIGHT,
      maxHeaderLength: dto.MAX_HEADER_LENGTH,
      maxRecordLength: dto.MAX_RECORD_LENGTH,
    },
    rateLimits: {
      perClient: dto.RATE_LIMIT_PER_MINUTE,
      authFailuresPerClient: dto.AUTH_FAILURES_PER_MINUTE,
      uploadsPerTenant: dto.UPLOADS_PER_MINUTE,
    },
    cursorSecret:
      dto.CURSOR_SECRET ??
      createHmac('sha256', dto.STAFF_TOKEN ?? DEVELOPMENT_STAFF_TOKEN)
        .update('user-csv-sync cursor key')
        .digest('base64'),
    hsts: dto.HSTS,
    trustProxy: parseTrustProxy(dto.TRUST_PROXY),
    logLevel: dto.LOG_LEVEL,
    logRetentionDays: dto.LOG_RETENTION_DAYS,
    recoveryIntervalMs: dto.RECOVERY_INTERVAL_SECONDS * 1000,
  };
}

function redisProblems(dto: EnvDto): string[] {
  if (typeof dto.REDIS_URL !== 'string' || typeof dto.REDIS_CLUSTER !== 'boolean') return [];
  const urls = dto.REDIS_URL.split(',');
  if (!dto.REDIS_CLUSTER) {
    return urls.length > 1
      ? ['REDIS_URL names several nodes: set REDIS_CLUSTER=true to use them as the seeds of a Redis Cluster']
      : [];
  }
  const problems: string[] = [];
  if (typeof dto.QUEUE_PREFIX === 'string' && !HASH_TAG.test(dto.QUEUE_PREFIX)) {
    problems.push(
      `QUEUE_PREFIX must carry a hash tag on a Redis Cluster, e.g. {${dto.QUEUE_PREFIX}}: ` +
        "the queue's keys must share one hash slot",
    );
  }
  if (urls.some((url) => !['', '/', '/0'].includes(URL.parse(url)?.pathname ?? ''))) {
    problems.push('REDIS_URL must not name a database on a Redis Cluster: a cluster has only database 0');
  }
  return problems;
}

function parseTrustProxy(value: string): boolean | number | string {
  if (value === 'true') return true;
  if (value === 'false') return false;
  return /^\d+$/.test(value) ? Number(value) : value;
}
