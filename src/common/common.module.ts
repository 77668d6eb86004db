// Cross-cutting pieces every request goes through: the validation pipe and the exception filter.
import { Inject, Module } from '@nestjs/common';
import { APP_FILTER, APP_PIPE } from '@nestjs/core';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { AllExceptionsFilter } from './all-exceptions.filter';
import { setCursorSecret } from './pagination';
import { createValidationPipe } from './validation';

@Module({
  providers: [
    { provide: APP_PIPE, useFactory: createValidationPipe },
    { provide: APP_FILTER, useClass: AllExceptionsFilter },
  ],
})
export class CommonModule {
  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    setCursorSecret(config.cursorSecret);
  }
}
