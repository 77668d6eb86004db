// The one error type of the service: a stable code, its HTTP status, a message for people, details for programs.
import { ERROR_STATUS, ErrorCode } from './error-codes';

export type ErrorDetails = Record<string, unknown>;

export class AppError extends Error {
  readonly status: number;

  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: ErrorDetails,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'AppError';
    this.status = ERROR_STATUS[code];
  }
}

/** The JSON body of every error answer (SPEC §3). */
export interface ErrorBody {
  statusCode: number;
  error: string;
  message: string;
  details?: ErrorDetails;
}
