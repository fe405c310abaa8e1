import { readFileSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { Presets, SingleBar } from 'cli-progress';
import type { Command } from 'commander';
import { z } from 'zod';
import { AppError } from '../../errors/app-error.ts';
import { parseOrThrow } from '../../errors/parse.ts';
import { requireFiles, requireFolder } from '../require-inputs.ts';
import { drawReviewSample } from '../../deid/review/review-sample.ts';
import { MAX_LEAK_RATE, MIN_REVIEWED } from '../../deid/review/review-result.ts';
import { REVIEW_SHEET } from '../../datasets/build-dataset.ts';
import { buildDatasetInWorker } from '../../datasets/build-in-worker.ts';
import { reviewDataset } from '../../datasets/dataset-review.ts';
import { DATASET_TASKS } from '../../datasets/dataset-tasks.ts';
import { parseShard } from '../../datasets/dataset-shards.ts';
import { mergeDataset } from '../../datasets/merge-dataset.ts';
import { action, printJson } from '../run-command.ts';
import { deidOptionsForCli } from './deid.ts';

const VERSION = (
  JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')) as { version: string }
).version;

const commaList = (value: string, previous: string[] = []): string[] => [
  ...previous,
  ...value
    .split(',')
    .map((v) => v.trim())
    .filter((v) => v !== ''),
];

const BuildFlags = z.object({
  in: z.string().min(1),
  out: z.string().min(1),
  tasks: z.array(z.enum(DATASET_TASKS)).min(1).optional(),
  seed: z.string().min(1).default('chartside'),
  evalFraction: z.coerce.number().min(0).max(1).default(0.2),
  maxTokens: z.coerce.number().int().min(16).default(8192),
  minimumNecessary: z.boolean().optional(),
  nearDuplicateDistance: z.coerce.number().int().min(-1).max(32).default(3),
  reviewSize: z.coerce.number().int().min(200).default(200),
  feedback: z.string().min(1).optional(),
  cases: z.string().min(1).optional(),
  work: z.string().min(1).optional(),
  maxHeapMb: z.coerce.number().int().min(64).max(65536).default(384),
  progress: z.boolean().optional(),
  shard: z.string().optional(),
});

/** `chartside dataset …`: de-identified training datasets from Bulk FHIR exports, and their review. */
export function registerDatasetCommands(program: Command): void {
  const dataset = program
    .command('dataset')
    .description('Build de-identified training datasets from a Bulk FHIR export, and review them.');

  dataset
    .command('build')
    .description(
      'De-identify an export folder (streamed, constant memory) and write training/eval examples per task (instruction/input/output and chat JSON Lines), preference pairs, a review sample and the dataset card. Uses CHARTSIDE_DEID_SECRET.',
    )
    .requiredOption('--in <dir>', 'export folder (`chartside export --out`, or any <Type>.ndjson[.gz] folder)')
    .requiredOption('--out <dir>', 'dataset folder to write (must be empty or new)')
    .option('--tasks <list>', `tasks, comma-separated: ${DATASET_TASKS.join(', ')} (default: all)`, commaList)
    .option('--seed <seed>', 'seed of the review sample', 'chartside')
    .option('--eval-fraction <x>', 'share of patients in the eval split', '0.2')
    .option('--max-tokens <n>', 'longest example in estimated tokens', '8192')
    .option('--minimum-necessary', 'read and show only the resource types each task needs')
    .option('--near-duplicate-distance <bits>', 'SimHash distance for near-duplicates (-1: exact only)', '3')
    .option('--review-size <n>', 'records in the review sample (at least 200)', '200')
    .option('--feedback <file>', 'the feedback store (CHARTSIDE_FEEDBACK_LOG), for preference pairs')
    .option('--cases <file>', 'the training case store (CHARTSIDE_TRAINING_CASES_LOG) the feedback is joined with')
    .option('--work <dir>', "folder for the build's partitions, which hold PHI (default: inside --in)")
    .option('--max-heap-mb <n>', 'heap of the build in MiB: its memory does not grow with the export', '384')
    .option('--date-mode <mode>', 'safe-harbor (default) or shift (Expert Determination)', 'safe-harbor')
    .option(
      '--replacement <kind>',
      "free-text PHI as placeholder ([NAME], [DATE], default) or surrogate (realistic, the same within a patient; dates moved by the patient's offset with --date-mode shift, else their year only)",
      'placeholder',
    )
    .option('--no-progress', 'no progress bar')
    .option(
      '--shard <K/N>',
      'build shard K (0-based) of N only, for a batch scheduler; then `dataset merge` the N shard folders',
    )
    .action(
      action(async (raw: Record<string, unknown>) => {
        const flags = parseOrThrow(BuildFlags, raw, 'flags');
        const shard = flags.shard === undefined ? undefined : parseShard(flags.shard);
        await requireFolder('--in', flags.in);
        await requireFiles([
          ['--feedback', flags.feedback === undefined ? [] : [flags.feedback]],
          ['--cases', flags.cases === undefined ? [] : [flags.cases]],
        ]);
        const deid = await deidOptionsForCli({ dateMode: raw.dateMode, replacement: raw.replacement });
        // Every stop signal, however often, cancels the build and waits for its partitions (PHI) to be removed.
        const controller = new AbortController();
        const cancel = (): void => controller.abort();
        const signals = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;
        for (const s of signals) process.on(s, cancel);
        const bar =
          flags.progress !== false && process.stderr.isTTY
            ? new SingleBar(
                { format: ' dataset |{bar}| {value}/{total} {phase}', stream: process.stderr },
                Presets.shades_classic,
              )
            : undefined;
        bar?.start(1, 0, { phase: 'starting' });
        try {
          const card = await buildDatasetInWorker({
            inDir: flags.in,
            outDir: flags.out,
            deid,
            maxHeapMb: flags.maxHeapMb,
            signal: controller.signal,
            ...(flags.tasks ? { tasks: flags.tasks } : {}),
            seed: flags.seed,
            evalFraction: flags.evalFraction,
            maxTokens: flags.maxTokens,
            minimumNecessary: flags.minimumNecessary ?? false,
            nearDuplicateDistance: flags.nearDuplicateDistance,
            reviewSize: flags.reviewSize,
            feedback: flags.feedback,
            cases: flags.cases,
            workDir: flags.work,
            softwareVersion: VERSION,
            ...(shard ? { shard } : {}),
            onProgress: (phase, done, total) => {
              bar?.setTotal(Math.max(1, total));
              bar?.update(done, { phase });
            },
          });
          bar?.stop();
          printJson({
            out: flags.out,
            splits: card.splits,
            tasks: Object.fromEntries(
              Object.entries(card.tasks).map(([t, r]) => [
                t,
                r.status === 'built' ? r.examples : { notSourceable: r.reason },
              ]),
            ),
            review: card.review,
          });
        } finally {
          bar?.stop();
          for (const s of signals) process.off(s, cancel);
        }
      }),
    );

  dataset
    .command('merge')
    .description(
      'Write the final dataset (examples deduplicated across shards, split files, review sample, card) from the N folders of `dataset build --shard K/N`.',
    )
    .requiredOption('--shards <dirs...>', 'the shard folders (every K of one N once)')
    .requiredOption('--out <dir>', 'dataset folder to write (must be empty or new)')
    .action(
      action(async (raw: unknown) => {
        const flags = parseOrThrow(
          z.object({ shards: z.array(z.string().min(1)).min(1), out: z.string().min(1) }),
          raw,
          'flags',
        );
        for (const dir of flags.shards) await requireFolder('--shards', dir);
        const card = await mergeDataset({ shardDirs: flags.shards, outDir: flags.out, softwareVersion: VERSION });
        printJson({ out: flags.out, splits: card.splits, review: card.review });
      }),
    );

  dataset
    .command('review-sample')
    .description('Draw another review sample from a built dataset (reproducible by seed).')
    .requiredOption('--in <dir>', 'dataset folder')
    .option('--n <n>', 'records to draw (at least 200)', '200')
    .option('--seed <seed>', 'seed of the draw', 'chartside')
    .requiredOption('--out <file>', 'review sheet to write')
    .action(
      action(async (raw: unknown) => {
        const flags = parseOrThrow(
          z.object({
            in: z.string().min(1),
            n: z.coerce.number().int().min(200),
            seed: z.string().min(1),
            out: z.string().min(1),
          }),
          raw,
          'flags',
        );
        await requireFolder('--in', flags.in);
        await requireFolder('--in', join(flags.in, 'instruct')).catch(() => {
          throw new AppError(
            'INVALID_INPUT',
            `--in ${flags.in}: no instruct/ folder here; give the --out folder of dataset build`,
          );
        });
        await mkdir(dirname(flags.out), { recursive: true });
        const drawn = await drawReviewSample({
          dir: join(flags.in, 'instruct'),
          n: flags.n,
          seed: flags.seed,
          out: flags.out,
          files: /\.jsonl$/,
        });
        printJson({ drawn, sheet: flags.out });
      }),
    );

  dataset
    .command('review-result')
    .description(
      `Apply the review rule to the filled-in review sheet of a dataset: every drawn record must have a verdict (at least ${MIN_REVIEWED}), unchanged, and the dataset fails when more than ${MAX_LEAK_RATE * 100}% of them still contain PHI. Writes review/review-result.json.`,
    )
    .requiredOption('--in <dir>', 'dataset folder')
    .option('--sheet <file>', `the filled-in sheet (default: <in>/${REVIEW_SHEET})`)
    .option('--drawn <file>', 'the sample the sheet was filled from (default: <in>/review/review-sample.jsonl)')
    .action(
      action(async (raw: unknown) => {
        const flags = parseOrThrow(
          z.object({
            in: z.string().min(1),
            sheet: z.string().min(1).optional(),
            drawn: z.string().min(1).optional(),
          }),
          raw,
          'flags',
        );
        await requireFolder('--in', flags.in);
        await requireFiles([
          ['--sheet', flags.sheet === undefined ? [] : [flags.sheet]],
          ['--drawn', flags.drawn === undefined ? [] : [flags.drawn]],
        ]);
        const outcome = await reviewDataset({ dir: flags.in, sheet: flags.sheet, drawn: flags.drawn });
        printJson(outcome);
        if (!outcome.passed) {
          const leaked = Object.entries(outcome.categories)
            .map(([c, n]) => `${c} ${n}`)
            .join(', ');
          throw new AppError(
            'PRECONDITION_FAILED',
            `review failed: ${outcome.leaked} of ${outcome.reviewed} reviewed records (${(outcome.leakRate * 100).toFixed(1)}%) still contain PHI, above ${MAX_LEAK_RATE * 100}%; leaked categories: ${leaked}; do not use this dataset`,
          );
        }
      }),
    );
}
