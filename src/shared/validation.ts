// zod issues → FieldIssues whose messages are translation keys, shared by forms and the API.
import type { z } from 'zod';
import { ValidationError } from './errors.js';
import type { FieldIssue } from './errors.js';

export function fieldPath(path: readonly PropertyKey[]): string {
  return path.map(String).join('.');
}

export function toFieldIssues(error: z.ZodError): FieldIssue[] {
  return error.issues.map((issue): FieldIssue => {
    const path = fieldPath(issue.path);
    // Schemas name their own messages as "validation.*" keys; anything else is zod's default.
    if (issue.message.startsWith('validation.')) return { path, message: issue.message, params: paramsOf(issue) };
    switch (issue.code) {
      case 'unrecognized_keys':
        return { path, message: 'validation.unknownFields', params: { fields: issue.keys.join(', ') } };
      case 'invalid_type':
        return {
          path,
          message: issue.input === undefined ? 'validation.required' : 'validation.invalidType',
          params: { expected: issue.expected },
        };
      case 'invalid_value':
        return { path, message: 'validation.invalidOption' };
      case 'too_small':
        return { path, message: 'validation.tooSmall', params: paramsOf(issue) };
      case 'too_big':
        return { path, message: 'validation.tooBig', params: paramsOf(issue) };
      default:
        return { path, message: 'validation.invalid' };
    }
  });
}

function paramsOf(issue: z.core.$ZodIssue): Record<string, string | number> {
  const params: Record<string, string | number> = {};
  if ('minimum' in issue) params.min = Number(issue.minimum);
  if ('maximum' in issue) params.max = Number(issue.maximum);
  if (issue.code === 'custom' && issue.params) Object.assign(params, issue.params);
  return params;
}

/** Parses at the boundary; a failure becomes a ValidationError with translation-key messages. */
export function parseOrThrow<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const result = schema.safeParse(input);
  if (!result.success) throw new ValidationError(toFieldIssues(result.error));
  return result.data;
}
