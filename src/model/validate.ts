import type { z } from 'zod';
import { formatFieldPath, InputError, InputErrors } from './errors.js';

/** Reads the value at a zod issue path, so the error can show what the user actually wrote. */
function valueAt(root: unknown, path: readonly PropertyKey[]): unknown {
  let node: unknown = root;
  for (const key of path) {
    if (node === null || typeof node !== 'object') return undefined;
    node = (node as Record<PropertyKey, unknown>)[key];
  }
  return node;
}

/**
 * Parses `input` with `schema`, turning every zod issue into an InputError naming the source,
 * the field path and the value found there. Throws InputErrors (all issues) on failure.
 */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown, source: string): z.output<S> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const errors = result.error.issues.map(
    (issue) => new InputError(source, formatFieldPath(issue.path), valueAt(input, issue.path), issue.message),
  );
  throw new InputErrors(errors);
}
