// Turns anything thrown while serving a request into the SPEC §3 error body; no stack trace ever leaves.
import { HttpException } from '@nestjs/common';
import { AppError, ErrorBody } from './app-error';
import { ERROR_STATUS, ErrorCode } from './error-codes';

const BY_STATUS: Partial<Record<number, ErrorCode>> = {
  400: 'VALIDATION_ERROR',
  401: 'UNAUTHORIZED',
  403: 'FORBIDDEN',
  404: 'NOT_FOUND',
  413: 'PAYLOAD_TOO_LARGE',
  415: 'UNSUPPORTED_MEDIA_TYPE',
};

// Errors @fastify/multipart raises inside the upload handler, by their `code`. (Errors Fastify raises before a
// handler runs reach the filter as HttpExceptions, mapped by status above; JSON errors are AppErrors, see
// acceptJsonOnly in app.factory.ts.)
const FASTIFY_CODES: Record<string, [ErrorCode, string]> = {
  FST_REQ_FILE_TOO_LARGE: ['FILE_TOO_LARGE', 'The file is larger than the upload limit'],
  FST_INVALID_MULTIPART_CONTENT_TYPE: ['UNSUPPORTED_MEDIA_TYPE', 'Send the file as multipart/form-data'],
  FST_PARTS_LIMIT: ['VALIDATION_ERROR', 'Too many parts in the multipart request; send one part "file"'],
  FST_FILES_LIMIT: ['VALIDATION_ERROR', 'Send exactly one file, in the part "file"'],
  FST_FIELDS_LIMIT: ['VALIDATION_ERROR', 'Too many fields in the multipart request'],
};

export interface ClassifiedError {
  body: ErrorBody;
  /** An error nobody planned for: log it in full. */
  unexpected: boolean;
}

export function toErrorBody(error: unknown): ClassifiedError {
  if (error instanceof AppError) {
    const body: ErrorBody = { statusCode: error.status, error: error.code, message: error.message };
    if (error.details) body.details = error.details;
    return { body, unexpected: false };
  }
  if (error instanceof HttpException) {
    const status = error.getStatus();
    const code = BY_STATUS[status] ?? (status >= 500 ? 'INTERNAL_ERROR' : 'VALIDATION_ERROR');
    const response = error.getResponse();
    const message =
      typeof response === 'object' && response !== null && 'message' in response
        ? String((response as { message: unknown }).message)
        : error.message;
    return { body: { statusCode: status, error: code, message }, unexpected: status >= 500 };
  }
  const fastifyCode = (error as { code?: unknown })?.code;
  if (typeof fastifyCode === 'string' && FASTIFY_CODES[fastifyCode]) {
    const [code, message] = FASTIFY_CODES[fastifyCode];
    return { body: { statusCode: ERROR_STATUS[code], error: code, message }, unexpected: false };
  }
  const statusCode = (error as { statusCode?: unknown })?.statusCode;
  if (typeof statusCode === 'number' && statusCode >= 400 && statusCode < 500) {
    // Another client error of Fastify or a plugin, without a code of ours: keep its status and message.
    const code = BY_STATUS[statusCode] ?? 'VALIDATION_ERROR';
    return { body: { statusCode, error: code, message: (error as Error).message }, unexpected: false };
  }
  return {
    body: {
      statusCode: 500,
      error: 'INTERNAL_ERROR',
      message: 'Something went wrong on our side; it has been logged',
    },
    unexpected: true,
  };
}
