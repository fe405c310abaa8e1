import { createHash } from 'node:crypto';
import { readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { AppError } from '../../errors/app-error.ts';
import { openInput, readLines } from '../ndjson/read-lines.ts';

/** One row of a review sheet: a de-identified record and the reviewer's verdict (filled in by hand). */
export interface ReviewRow {
  readonly file: string;
  readonly line: number;
  readonly record: unknown;
  /** The reviewer sets `true` when the record still holds PHI, `false` when it does not. */
  readonly phi: boolean | null;
  /** When `phi` is true: the categories that leaked (`NAME`, `DATE`, …). */
  readonly categories: string[];
}

/** A small seeded generator (mulberry32), so a sample can be drawn again from the same seed. */
function seededRandom(seed: string): () => number {
  let a = createHash('sha256').update(seed).digest().readUInt32LE(0);
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * `chartside deid review-sample`: draws `n` de-identified records uniformly at random (reservoir sampling,
 * constant memory) from the NDJSON files of a `deid fhir` output folder, and writes a review sheet (JSONL,
 * one `ReviewRow` a line) for manual review.
 */
export async function drawReviewSample(options: {
  dir: string;
  n: number;
  seed: string;
  out: string;
  /** Which files of the folder are read (default: `.ndjson` and `.json` records of `deid fhir`). */
  files?: RegExp;
}): Promise<number> {
  if (!Number.isInteger(options.n) || options.n < 1)
    throw new AppError('INVALID_INPUT', '--n must be a positive integer');
  const names = (await readdir(options.dir))
    .filter((f) => (options.files ?? /\.(?:ndjson|json)$/).test(f) && f !== 'deid-report.json')
    .sort();
  if (names.length === 0) throw new AppError('INVALID_INPUT', 'no de-identified record files in the folder');
  const random = seededRandom(options.seed);
  const reservoir: { file: string; line: number; text: string }[] = [];
  let seen = 0;
  for (const name of names) {
    for await (const item of readLines(openInput(join(options.dir, name)), 512 * 1024 * 1024)) {
      if (!('text' in item) || item.text.trim() === '') continue;
      seen++;
      if (reservoir.length < options.n) reservoir.push({ file: name, line: item.line, text: item.text });
      else {
        const j = Math.floor(random() * seen);
        if (j < options.n) reservoir[j] = { file: name, line: item.line, text: item.text };
      }
    }
  }
  reservoir.sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line);
  const rows = reservoir.map((r) =>
    JSON.stringify({
      file: r.file,
      line: r.line,
      record: JSON.parse(r.text) as unknown,
      phi: null,
      categories: [],
    } satisfies ReviewRow),
  );
  await writeFile(options.out, rows.join('\n') + (rows.length > 0 ? '\n' : ''));
  return reservoir.length;
}
