// What every command works with: the client for the tenant's API, progress, and the two output streams.
import type { ApiClient } from './api-client';
import type { ProgressReporter } from './progress';

export interface Context {
  client: ApiClient;
  tenantId: string;
  progress: ProgressReporter;
  stdout: NodeJS.WritableStream;
  /** Messages for people: progress, hints, where a file was written. */
  stderr: { write(text: string): unknown };
}

/** How a command that shows one sync ends: follow it, write its error report, print it. */
export interface FollowOptions {
  wait?: boolean;
  report?: string;
  json?: boolean;
}
