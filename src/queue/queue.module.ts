// The Bull connection to Redis shared by every queue; the prefix keeps services (and test runs) apart, and a
// hash-tagged prefix such as {ucs} keeps a queue's keys in one slot of a Redis Cluster.
import { BullModule } from '@nestjs/bull';
import { DynamicModule, Module } from '@nestjs/common';
import type { AppConfig } from '../config/app-config';

@Module({})
export class QueueModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: QueueModule,
      global: true,
      imports: [BullModule.forRoot({ redis: config.redisUrl, prefix: config.queuePrefix })],
      exports: [BullModule],
    };
  }
}
