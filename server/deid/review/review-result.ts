import { createHash } from 'node:crypto';
import { z } from 'zod';
import { AppError } from '../../errors/app-error.ts';
import { sha256File } from '../../files/sha256-file.ts';
import { openInput, readLines } from '../ndjson/read-lines.ts';

const ReviewedRowSchema = z.object({
  file: z.string(),
  line: z.number().int(),
  record: z.unknown().optional(),
  phi: z.boolean({ message: 'phi must be true or false (not reviewed yet?)' }),
  categories: z.array(z.string().regex(/^[A-Z_]+$/)).default([]),
});

const DrawnRowSchema = z.object({ file: z.string(), line: z.number().int(), record: z.unknown() });

/** The largest share of reviewed records that may still hold PHI. */
export const MAX_LEAK_RATE = 0.02;
/** The fewest records a review may judge (all of them where fewer were drawn). */
export const MIN_REVIEWED = 200;

export interface ReviewOutcome {
  readonly reviewed: number;
  readonly leaked: number;
  readonly leakRate: number;
  readonly passed: boolean;
  /** Per leaked category, how many records. */
  readonly categories: Record<string, number>;
  /** SHA-256 of the filled-in sheet that was judged. */
  readonly sheetSha256: string;
  /** Where the sheet was checked against the drawn sample: its record count and SHA-256. */
  readonly drawn?: { readonly records: number; readonly sha256: string };
}

type Row = z.infer<typeof ReviewedRowSchema>;
const keyOf = (r: { file: string; line: number }): string => `${r.file}:${r.line}`;
const recordHash = (record: unknown): string => createHash('sha256').update(JSON.stringify(record)).digest('hex');

/** Each parsed row of a JSONL sheet with its line number, and the SHA-256 of the file's bytes. */
async function readSheet<T>(
  path: string,
  label: string,
  parse: (value: unknown) => z.ZodSafeParseResult<T>,
  each: (row: T, line: number) => void,
): Promise<string> {
  for await (const item of readLines(openInput(path), 512 * 1024 * 1024)) {
    if ('error' in item)
      throw new AppError(
        'CORRUPT_DATA',
        `${label} line ${item.line}: ${item.error === 'TOO_LARGE' ? 'too large' : 'not valid UTF-8'}`,
      );
    if (item.text.trim() === '') continue;
    let value: unknown;
    try {
      value = JSON.parse(item.text);
    } catch {
      throw new AppError('INVALID_INPUT', `${label} line ${item.line}: not valid JSON`);
    }
    const parsed = parse(value);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new AppError(
        'INVALID_INPUT',
        `${label} line ${item.line}: ${issue?.path.join('.') || 'row'}: ${issue?.message ?? 'invalid'}`,
      );
    }
    each(parsed.data, item.line);
  }
  return sha256File(path);
}

/**
 * Reads a filled-in review sheet and applies the rule: more than 2% of reviewed records with PHI fails the run.
 * A review counts only when it is whole: at least `MIN_REVIEWED` records (or all of the drawn ones, where fewer
 * were drawn), each once. Given the drawn sample (`drawn`), the sheet must hold exactly its records, unchanged,
 * each with a verdict, so a reviewer cannot judge other records or edit one into passing. Errors name sheet
 * lines and `file:line` keys, never a record's content.
 */
export async function evaluateReviewSheet(path: string, options: { drawn?: string } = {}): Promise<ReviewOutcome> {
  let expected: Map<string, string> | null = null;
  let drawnSha256 = '';
  if (options.drawn !== undefined) {
    const rows = new Map<string, string>();
    drawnSha256 = await readSheet(
      options.drawn,
      'drawn sample',
      (v) => DrawnRowSchema.safeParse(v),
      (row, line) => {
        if (rows.has(keyOf(row)))
          throw new AppError('CORRUPT_DATA', `drawn sample line ${line}: ${keyOf(row)} is drawn twice`);
        rows.set(keyOf(row), recordHash(row.record));
      },
    );
    if (rows.size === 0) throw new AppError('INVALID_INPUT', 'the drawn sample has no records');
    expected = rows;
  }

  let leaked = 0;
  const seen = new Set<string>();
  const categories: Record<string, number> = {};
  const sheetSha256 = await readSheet(
    path,
    'review sheet',
    (v) => ReviewedRowSchema.safeParse(v),
    (row: Row, line) => {
      const key = keyOf(row);
      if (seen.has(key)) throw new AppError('INVALID_INPUT', `review sheet line ${line}: ${key} is reviewed twice`);
      seen.add(key);
      if (expected) {
        const want = expected.get(key);
        if (want === undefined)
          throw new AppError('INVALID_INPUT', `review sheet line ${line}: ${key} is not a record of the drawn sample`);
        if (row.record === undefined || recordHash(row.record) !== want)
          throw new AppError(
            'INVALID_INPUT',
            `review sheet line ${line}: the record of ${key} differs from the drawn one; judge the records as drawn, changing only phi and categories`,
          );
      }
      if (row.phi) {
        leaked++;
        const cats = row.categories.length > 0 ? row.categories : ['UNSPECIFIED'];
        for (const c of new Set(cats)) categories[c] = (categories[c] ?? 0) + 1;
      }
    },
  );
  const reviewed = seen.size;
  if (reviewed === 0) throw new AppError('INVALID_INPUT', 'review sheet has no reviewed rows');
  if (expected) {
    const missing = [...expected.keys()].filter((k) => !seen.has(k));
    if (missing.length > 0)
      throw new AppError(
        'INVALID_INPUT',
        `review sheet lacks ${missing.length} of the ${expected.size} drawn records (first: ${missing[0]}); every drawn record needs a verdict`,
      );
  }
  const needed = Math.min(MIN_REVIEWED, expected?.size ?? MIN_REVIEWED);
  if (reviewed < needed)
    throw new AppError(
      'INVALID_INPUT',
      `review sheet has ${reviewed} reviewed records; the rule needs at least ${needed}${expected ? '' : ' (or the drawn sample, with --drawn, where fewer were drawn)'}`,
    );
  const leakRate = leaked / reviewed;
  return {
    reviewed,
    leaked,
    leakRate,
    passed: leakRate <= MAX_LEAK_RATE,
    categories,
    sheetSha256,
    ...(expected ? { drawn: { records: expected.size, sha256: drawnSha256 } } : {}),
  };
}
