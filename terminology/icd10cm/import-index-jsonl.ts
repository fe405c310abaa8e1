import { z } from 'zod';
import { AppError } from '../../server/errors/app-error.ts';
import { normalizeCode } from './code-format.ts';
import type { SourceTerm } from './model.ts';
import { readLines } from './read-source.ts';

/** One line of a JSON Lines flattening of the Alphabetic Index (term path → code). */
const IndexEntrySchema = z.object({
  term_path: z.array(z.string()).min(1),
  code: z.string().min(3),
  nonessential_modifier: z.string().nullish(),
});

/** Reads a JSON Lines flattening of the Index to Diseases and Injuries; a bad line stops with its number. */
export async function importIndexJsonl(path: string): Promise<SourceTerm[]> {
  const terms: SourceTerm[] = [];
  for await (const { line, number } of readLines(path)) {
    if (line.trim() === '') continue;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch {
      throw new AppError('CORRUPT_DATA', `${path} line ${number}: not valid JSON`, { expression: [`line ${number}`] });
    }
    const parsed = IndexEntrySchema.safeParse(value);
    if (!parsed.success) {
      const at = parsed.error.issues[0]?.path.join('.') ?? '';
      throw new AppError('CORRUPT_DATA', `${path} line ${number}: not an index entry (${at || 'shape'} invalid)`, {
        expression: [`line ${number}`],
      });
    }
    const code = normalizeCode(parsed.data.code.replace(/[-.]+$/, ''));
    if (code === undefined) continue;
    const entry = parsed.data;
    terms.push({
      code,
      kind: 'index',
      text: entry.term_path.join(', '),
      path: entry.term_path,
      ...(entry.nonessential_modifier ? { nonessential: entry.nonessential_modifier } : {}),
    });
  }
  return terms;
}
