export * from './types';
export * from './email';
export * from './date-format';
export * from './parse-value';
export * from './header';
export * from './parse-row';
export * from './config';
export * from './example';
