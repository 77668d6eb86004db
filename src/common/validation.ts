// The global ValidationPipe: unknown properties refused, strings turned into the DTO's types, and every
// failure answered as one VALIDATION_ERROR that names each field.
import { ValidationError, ValidationPipe } from '@nestjs/common';
import { AppError } from './app-error';

export interface FieldProblem {
  field: string;
  messages: string[];
}

export function flattenValidationErrors(errors: ValidationError[], parent = ''): FieldProblem[] {
  return errors.flatMap((error) => {
    const field = parent ? `${parent}.${error.property}` : error.property;
    const own = Object.values(error.constraints ?? {}).map((message) =>
      error.constraints?.whitelistValidation ? `property ${field} is not allowed` : message,
    );
    return [
      ...(own.length ? [{ field, messages: own }] : []),
      ...flattenValidationErrors(error.children ?? [], field),
    ];
  });
}

export function createValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    forbidUnknownValues: true,
    transform: true,
    exceptionFactory: (errors) => {
      const problems = flattenValidationErrors(errors);
      const message = problems.map((p) => p.messages.join(', ')).join('; ');
      return new AppError('VALIDATION_ERROR', message || 'The request is not valid', { problems });
    },
  });
}
