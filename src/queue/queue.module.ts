// The Bull connection to Redis shared by every queue; the prefix keeps services (and test runs) apart, and a
// hash-tagged prefix such as {ucs} keeps a queue's keys in one slot of a Redis Cluster (REDIS_CLUSTER).
import { BullModule } from '@nestjs/bull';
import { DynamicModule, Module } from '@nestjs/common';
import type { AppConfig } from '../config/app-config';
import { BullConnectionType, QueueConnections } from './queue-connections';

@Module({})
export class QueueModule {
  static forRoot(config: AppConfig): DynamicModule {
    const connections = new QueueConnections(config.redis);
    return {
      module: QueueModule,
      global: true,
      imports: [
        BullModule.forRoot({
          prefix: config.queuePrefix,
          createClient: (type) => connections.create(type as BullConnectionType),
        }),
      ],
      providers: [{ provide: QueueConnections, useValue: connections }],
      exports: [BullModule, QueueConnections],
    };
  }
}
