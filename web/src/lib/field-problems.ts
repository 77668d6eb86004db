// The problems of a refused request that belong to one field of a form: VALIDATION_ERROR lists them as
// `details.problems: [{ field, messages }]`, so that each is shown where it can be fixed.
import { isApiError } from './api-error';

export function fieldProblems(error: unknown, field: string): string[] {
  if (!isApiError(error, 'VALIDATION_ERROR')) return [];
  const problems = Array.isArray(error.details.problems) ? error.details.problems : [];
  return problems
    .filter(
      (p): p is { field: string; messages: string[] } => p?.field === field && Array.isArray(p.messages),
    )
    .flatMap((p) => p.messages.map(String));
}
