import type { z } from 'zod';
import { AppError } from './app-error.ts';

/** Where a value came from; becomes the first segment of the issue's expression. */
export type InputPlace = 'body' | 'query' | 'params' | 'headers' | 'config' | 'flags' | (string & {});

/**
 * A CLI flag is named as the user typed it (`--fhir-base`; the 2nd value of a list or repeated flag as
 * `--type (value 2)`), anything else as `where.path`.
 */
function placeOf(where: InputPlace, path: readonly PropertyKey[]): string {
  const [flag, ...rest] = path.map(String);
  if (where === 'flags' && flag !== undefined) {
    const name = `--${flag.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`;
    const [index, ...inner] = rest;
    if (index !== undefined && /^\d+$/.test(index)) {
      return [`${name} (value ${Number(index) + 1})`, ...inner].join('.');
    }
    return [name, ...rest].join('.');
  }
  return [where, ...path.map(String)].join('.');
}

/**
 * The one place where zod issues become Chartside errors. The message names the field and the rule it
 * broke; it never echoes the value (which may be PHI).
 */
export function parseOrThrow<S extends z.ZodType>(schema: S, value: unknown, where: InputPlace): z.output<S> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const first = result.error.issues[0];
  const path = first ? placeOf(where, first.path) : where;
  const message = first ? `${path}: ${first.message}` : `${where}: invalid input`;
  throw new AppError('INVALID_INPUT', message, {
    expression: result.error.issues.map((i) => [where, ...i.path.map(String)].join('.')),
  });
}
