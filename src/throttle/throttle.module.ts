// Rate limits counted in Redis (docs/SECURITY.md); the global per-client ceiling is @fastify/rate-limit's, in
// app.factory.ts.
import { Global, Module } from '@nestjs/common';
import { ThrottleService } from './throttle.service';

@Global()
@Module({ providers: [ThrottleService], exports: [ThrottleService] })
export class ThrottleModule {}
