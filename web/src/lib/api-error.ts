// An error answer of the API (SPEC §3: statusCode, error, message, details), or a network failure.
export interface ErrorBody {
  statusCode: number;
  error: string;
  message: string;
  details?: Record<string, unknown>;
}

export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly details: Record<string, unknown>;

  constructor(body: ErrorBody) {
    super(body.message);
    this.name = 'ApiError';
    this.status = body.statusCode;
    this.code = body.error;
    this.details = body.details ?? {};
  }

  /** Whatever a failed response holds: the §3 body, or a message made from the status. */
  static from(status: number, body: unknown): ApiError {
    if (body && typeof body === 'object' && 'error' in body && 'message' in body) {
      const b = body as Partial<ErrorBody>;
      return new ApiError({
        statusCode: status,
        error: String(b.error),
        message: String(b.message),
        details: b.details && typeof b.details === 'object' ? b.details : undefined,
      });
    }
    return new ApiError({
      statusCode: status,
      error: status === 0 ? 'NETWORK_ERROR' : `HTTP_${status}`,
      message:
        status === 0
          ? 'The service could not be reached. Check your connection and try again.'
          : `The service answered with status ${status}.`,
    });
  }
}

export function isApiError(error: unknown, code?: string): error is ApiError {
  return error instanceof ApiError && (code === undefined || error.code === code);
}
