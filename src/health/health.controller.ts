// GET /health (the process is alive) and /health/ready (PostgreSQL and Redis answer) (SPEC §8).
import { Controller, Get } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { HealthCheckService, MikroOrmHealthIndicator } from '@nestjs/terminus';
import { Public } from '../auth/auth.decorators';
import { AppError } from '../common/app-error';
import { RedisHealthIndicator } from './redis-health.indicator';

@ApiTags('health')
@Public()
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly postgres: MikroOrmHealthIndicator,
    private readonly redis: RedisHealthIndicator,
  ) {}

  @Get()
  @ApiOperation({ summary: 'Liveness: the process answers' })
  live() {
    return { status: 'ok' };
  }

  @Get('ready')
  @ApiOperation({ summary: 'Readiness: PostgreSQL and Redis are reachable (503 otherwise)' })
  async ready() {
    try {
      return await this.health.check([
        () => this.postgres.pingCheck('postgres', { timeout: 2000 }),
        () => this.redis.check('redis'),
      ]);
    } catch (error) {
      const details = (error as { response?: { details?: Record<string, unknown> } }).response?.details;
      throw new AppError(
        'SERVICE_UNAVAILABLE',
        'Not ready: PostgreSQL or Redis is not reachable',
        details ?? {},
      );
    }
  }
}
