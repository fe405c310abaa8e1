import type { z } from 'zod';
import { AppError } from './app-error.ts';

/** Where a value came from; becomes the first segment of the issue's expression. */
export type InputPlace = 'body' | 'query' | 'params' | 'headers' | 'config' | 'flags' | (string & {});

/**
 * The one place where zod issues become Chartside errors. The message names the field and the rule it
 * broke; it never echoes the value (which may be PHI).
 */
export function parseOrThrow<S extends z.ZodType>(schema: S, value: unknown, where: InputPlace): z.output<S> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const first = result.error.issues[0];
  const path = first ? [where, ...first.path.map(String)].join('.') : where;
  const message = first ? `${path}: ${first.message}` : `${where}: invalid input`;
  throw new AppError('INVALID_INPUT', message, {
    expression: result.error.issues.map((i) => [where, ...i.path.map(String)].join('.')),
  });
}
