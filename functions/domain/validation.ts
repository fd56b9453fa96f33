import { safeParse } from 'zod/mini';
import type * as z from 'zod/v4/core';
import { type FieldIssue, ValidationError } from './errors.ts';

/** Parses `input` with `schema`; on failure throws one ValidationError naming every field and rule. */
export function parseOrThrow<S extends z.$ZodType>(schema: S, input: unknown, what: string): z.output<S> {
  const result = safeParse(schema, input);
  if (result.success) return result.data;
  const issues: FieldIssue[] = result.error.issues.map((i) => ({
    path: i.path.length ? i.path.map(String).join('.') : '(root)',
    message: i.message,
  }));
  const detail = issues.map((i) => `${i.path}: ${i.message}`).join('; ');
  throw new ValidationError(`invalid ${what}: ${detail}`, issues);
}
