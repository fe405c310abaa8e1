import { z } from 'zod';
import { AppError } from '../../errors/app-error.ts';
import { openInput, readLines } from '../ndjson/read-lines.ts';

const ReviewedRowSchema = z.object({
  file: z.string(),
  line: z.number().int(),
  phi: z.boolean({ message: 'phi must be true or false (not reviewed yet?)' }),
  categories: z.array(z.string().regex(/^[A-Z_]+$/)).default([]),
});

/** The largest share of reviewed records that may still hold PHI. */
export const MAX_LEAK_RATE = 0.02;

export interface ReviewOutcome {
  readonly reviewed: number;
  readonly leaked: number;
  readonly leakRate: number;
  readonly passed: boolean;
  /** Per leaked category, how many records. */
  readonly categories: Record<string, number>;
}

/** Reads a filled-in review sheet and applies the rule: more than 2% of records with PHI fails the run. */
export async function evaluateReviewSheet(path: string): Promise<ReviewOutcome> {
  let reviewed = 0;
  let leaked = 0;
  const categories: Record<string, number> = {};
  for await (const item of readLines(openInput(path), 512 * 1024 * 1024)) {
    if ('error' in item)
      throw new AppError(
        'CORRUPT_DATA',
        `review sheet line ${item.line}: ${item.error === 'TOO_LARGE' ? 'too large' : 'not valid UTF-8'}`,
      );
    if (item.text.trim() === '') continue;
    let value: unknown;
    try {
      value = JSON.parse(item.text);
    } catch {
      throw new AppError('INVALID_INPUT', `review sheet line ${item.line}: not valid JSON`);
    }
    const parsed = ReviewedRowSchema.safeParse(value);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new AppError(
        'INVALID_INPUT',
        `review sheet line ${item.line}: ${issue?.path.join('.') ?? 'row'}: ${issue?.message ?? 'invalid'}`,
      );
    }
    reviewed++;
    if (parsed.data.phi) {
      leaked++;
      const cats = parsed.data.categories.length > 0 ? parsed.data.categories : ['UNSPECIFIED'];
      for (const c of new Set(cats)) categories[c] = (categories[c] ?? 0) + 1;
    }
  }
  if (reviewed === 0) throw new AppError('INVALID_INPUT', 'review sheet has no reviewed rows');
  const leakRate = leaked / reviewed;
  return { reviewed, leaked, leakRate, passed: leakRate <= MAX_LEAK_RATE, categories };
}
