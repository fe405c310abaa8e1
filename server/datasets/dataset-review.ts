import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { z } from 'zod';
import { AppError } from '../errors/app-error.ts';
import { sha256File } from '../files/sha256-file.ts';
import { evaluateReviewSheet, type ReviewOutcome } from '../deid/review/review-result.ts';
import { REVIEW_SHEET } from './build-dataset.ts';

const CardSchema = z.object({
  name: z.string(),
  review: z.object({ sample: z.string().nullable() }),
  files: z.array(z.object({ path: z.string(), sha256: z.string() })),
});

export interface DatasetReviewOutcome extends ReviewOutcome {
  readonly dataset: string;
  readonly sheet: string;
}

/**
 * `chartside dataset review-result`: judges the filled-in review sheet of a built dataset against the sample
 * the build drew (`review/review-sample.jsonl`, or another draw given as `drawn`). The card's sample must still
 * have the SHA-256 the card records, and the sheet must hold exactly its records, each with a verdict.
 * Writes `review/review-result.json`.
 */
export async function reviewDataset(options: {
  dir: string;
  sheet?: string;
  drawn?: string;
}): Promise<DatasetReviewOutcome> {
  let raw: string;
  try {
    raw = await readFile(join(options.dir, 'dataset-card.json'), 'utf8');
  } catch {
    throw new AppError(
      'INVALID_INPUT',
      `--in ${options.dir}: no dataset-card.json here; give the --out folder of dataset build`,
    );
  }
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch {
    throw new AppError('CORRUPT_DATA', 'dataset-card.json is not valid JSON');
  }
  const card = CardSchema.safeParse(value);
  if (!card.success) throw new AppError('CORRUPT_DATA', 'dataset-card.json is not a dataset card');
  const sample = card.data.review.sample;
  let drawn: string;
  if (options.drawn !== undefined) drawn = options.drawn;
  else {
    if (sample === null)
      throw new AppError('PRECONDITION_FAILED', 'the dataset has no review sample (it holds no examples)');
    drawn = join(options.dir, sample);
    const listed = card.data.files.find((f) => f.path === sample);
    let actual: string;
    try {
      actual = await sha256File(drawn);
    } catch {
      throw new AppError('NOT_FOUND', `${sample} is missing from the dataset folder`);
    }
    if (listed === undefined || listed.sha256 !== actual)
      throw new AppError(
        'CORRUPT_DATA',
        `${sample} was changed after the build (its SHA-256 differs from the card's); fill in ${REVIEW_SHEET} and leave the sample as drawn`,
      );
  }
  const sheet = options.sheet ?? join(options.dir, REVIEW_SHEET);
  const outcome = await evaluateReviewSheet(sheet, { drawn });
  const result: DatasetReviewOutcome = { dataset: card.data.name, sheet: resolve(sheet), ...outcome };
  await mkdir(join(options.dir, 'review'), { recursive: true });
  await writeFile(join(options.dir, 'review', 'review-result.json'), JSON.stringify(result, null, 2) + '\n');
  return result;
}
