import type { z } from 'zod';
import { AppError } from '../errors/app-error.ts';
import { openInput, readLines } from '../deid/ndjson/read-lines.ts';

/** Reads evaluation cases (JSON Lines, one case a line); a bad line stops with its number, never its content. */
export async function readCases<S extends z.ZodType>(path: string, schema: S): Promise<z.output<S>[]> {
  const cases: z.output<S>[] = [];
  for await (const item of readLines(openInput(path), 64 * 1024 * 1024)) {
    if ('error' in item)
      throw new AppError(
        'CORRUPT_DATA',
        `cases line ${item.line}: ${item.error === 'TOO_LARGE' ? 'too large' : 'not valid UTF-8'}`,
      );
    if (item.text.trim() === '') continue;
    let value: unknown;
    try {
      value = JSON.parse(item.text);
    } catch {
      throw new AppError('INVALID_INPUT', `cases line ${item.line}: not valid JSON`);
    }
    const parsed = schema.safeParse(value);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new AppError(
        'INVALID_INPUT',
        `cases line ${item.line}: ${issue?.path.join('.') || 'case'}: ${issue?.message ?? 'invalid'}`,
      );
    }
    cases.push(parsed.data);
  }
  if (cases.length === 0) throw new AppError('INVALID_INPUT', 'the cases file holds no cases');
  return cases;
}
