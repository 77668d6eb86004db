// The one error type of the client: a message for people, the exit code, and the service's answer if any.
import { EXIT, type ExitCode } from './exit-codes';

/** The error body every API error has (SPEC §3). */
export interface ApiErrorBody {
  statusCode: number;
  error: string;
  message: string;
  details?: unknown;
}

export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode: ExitCode,
    /** What --json prints: the service's error body, or the last state of a sync. */
    readonly payload?: unknown,
  ) {
    super(message);
    this.name = 'CliError';
  }
}

/** The service refused the request (4xx); its code, message and details are shown as they came. */
export function refused(status: number, body: ApiErrorBody | undefined, text: string): CliError {
  if (body && typeof body.error === 'string' && typeof body.message === 'string') {
    const details =
      body.details === undefined || body.details === null ? '' : `\n${JSON.stringify(body.details, null, 2)}`;
    return new CliError(
      `refused (HTTP ${status} ${body.error}): ${body.message}${details}`,
      EXIT.REFUSED,
      body,
    );
  }
  const snippet = text.trim().slice(0, 300);
  return new CliError(`refused (HTTP ${status})${snippet ? `: ${snippet}` : ''}`, EXIT.REFUSED, {
    statusCode: status,
    error: `HTTP_${status}`,
    message: snippet,
  });
}

export function usage(message: string): CliError {
  return new CliError(message, EXIT.USAGE);
}
