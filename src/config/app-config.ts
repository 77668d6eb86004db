// The one typed, validated configuration of the service; nothing else reads process.env (STYLE.md).
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
  redisUrl: string;
  queuePrefix: string;
  workerMode: WorkerMode;
  staffToken: string;
  staffTokenIsDevelopmentDefault: boolean;
  limits: {
    maxFileBytes: number;
    syncBatchSize: number;
    workerConcurrency: number;
    maxCellLength: number;
  };
  logLevel: string;
  logRetentionDays: number;
  recoveryIntervalMs: number;
}

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
  if (problems.length > 0) throw new ConfigError(problems);

  return {
    env: dto.NODE_ENV,
    http: { port: dto.PORT, host: dto.HOST },
    databaseUrl: dto.DATABASE_URL,
    databaseName: decodeURIComponent(new URL(dto.DATABASE_URL).pathname.slice(1)),
    dbPoolSize: dto.DB_POOL_SIZE,
    redisUrl: dto.REDIS_URL,
    queuePrefix: dto.QUEUE_PREFIX,
    workerMode: dto.WORKER_MODE,
    staffToken: dto.STAFF_TOKEN ?? DEVELOPMENT_STAFF_TOKEN,
    staffTokenIsDevelopmentDefault: !dto.STAFF_TOKEN,
    limits: {
      maxFileBytes: dto.MAX_FILE_MB * 1024 * 1024,
      syncBatchSize: dto.SYNC_BATCH_SIZE,
      workerConcurrency: dto.WORKER_CONCURRENCY,
      maxCellLength: dto.MAX_CELL_LENGTH,
    },
    logLevel: dto.LOG_LEVEL,
    logRetentionDays: dto.LOG_RETENTION_DAYS,
    recoveryIntervalMs: dto.RECOVERY_INTERVAL_SECONDS * 1000,
  };
}
