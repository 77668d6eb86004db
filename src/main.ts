// Starts the service: API and worker in one process (WORKER_MODE=all), or either alone (SPEC §2, §8).
import { Logger } from 'nestjs-pino';
import { createApp, createWorker } from './app.factory';
import { ConfigError, loadConfig } from './config/app-config';

async function bootstrap(): Promise<void> {
  const config = loadConfig();
  if (config.workerMode === 'worker') {
    const worker = await createWorker(config);
    worker
      .get(Logger)
      .log(
        { workerMode: config.workerMode, concurrency: config.limits.workerConcurrency },
        'worker started',
        'Bootstrap',
      );
    warnAboutDevelopmentToken(worker.get(Logger), config.staffTokenIsDevelopmentDefault);
    return;
  }
  const app = await createApp(config);
  await app.listen({ port: config.http.port, host: config.http.host });
  const logger = app.get(Logger);
  logger.log(
    { port: config.http.port, workerMode: config.workerMode },
    `listening on port ${config.http.port}`,
  );
  warnAboutDevelopmentToken(logger, config.staffTokenIsDevelopmentDefault);
}

function warnAboutDevelopmentToken(logger: Logger, isDefault: boolean): void {
  if (isDefault) {
    logger.warn(
      'STAFF_TOKEN is not set: using the development staff token from README.md (refused in production)',
    );
  }
}

bootstrap().catch((error: unknown) => {
  process.stderr.write(
    `${error instanceof ConfigError ? error.message : error instanceof Error ? error.stack : String(error)}\n`,
  );
  process.exit(1);
});
