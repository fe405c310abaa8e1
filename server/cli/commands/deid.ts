import { readFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { z } from 'zod';
import { loadConfig } from '../../config.ts';
import { AppError } from '../../errors/app-error.ts';
import { parseOrThrow } from '../../errors/parse.ts';
import {
  createDeidentifier,
  resolveDeidSecret,
  type Deidentifier,
  type DeidentifierOptions,
} from '../../deid/index.ts';
import { deidentifyFiles } from '../../deid/ndjson/deidentify-ndjson.ts';
import { drawReviewSample } from '../../deid/review/review-sample.ts';
import { evaluateReviewSheet, MAX_LEAK_RATE, MIN_REVIEWED } from '../../deid/review/review-result.ts';
import { action, printJson } from '../run-command.ts';

const EngineFlagsSchema = z.object({
  dateMode: z.enum(['safe-harbor', 'shift']).default('safe-harbor'),
  replacement: z.enum(['placeholder', 'surrogate']).default('placeholder'),
  profile: z.string().optional(),
});

/**
 * The de-identifier for a CLI run: the secret from CHARTSIDE_DEID_SECRET; in development without one, a
 * random secret for this run only, said on stderr (its pseudonyms cannot be linked to any other run's).
 */
export async function deidentifierForCli(flags: unknown): Promise<Deidentifier> {
  return createDeidentifier(await deidOptionsForCli(flags));
}

/** The options of `deidentifierForCli`'s engine (for a build that makes its engine in a worker). */
export async function deidOptionsForCli(flags: unknown): Promise<DeidentifierOptions> {
  const options = parseOrThrow(EngineFlagsSchema, flags, 'flags');
  const config = loadConfig();
  const secret = resolveDeidSecret({ secret: config.deidSecret, mode: config.mode });
  if (secret.ephemeral) {
    process.stderr.write(
      'chartside: no CHARTSIDE_DEID_SECRET set (development): using a random secret for this run only\n',
    );
  }
  let profile: unknown;
  if (options.profile !== undefined) {
    try {
      profile = JSON.parse(await readFile(options.profile, 'utf8'));
    } catch (cause) {
      throw new AppError('INVALID_INPUT', '--profile: file cannot be read or is not valid JSON', { cause });
    }
  }
  return { secret, dateMode: options.dateMode, replacement: options.replacement, profile };
}

function engineOptions(command: Command): Command {
  return command
    .option(
      '--date-mode <mode>',
      "safe-harbor (keep the year only, default) or shift (move each patient's dates by a secret offset: Expert Determination, not Safe Harbor)",
      'safe-harbor',
    )
    .option(
      '--replacement <kind>',
      'placeholder ([NAME], [DATE], default) or surrogate (realistic, the same for the same original within a patient)',
      'placeholder',
    )
    .option('--profile <file>', 'a de-identification profile (JSON); the built-in Safe Harbor profile by default');
}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(Buffer.concat(chunks));
  } catch {
    throw new AppError('INVALID_INPUT', 'standard input is not valid UTF-8');
  }
}

/** `chartside deid …`: de-identification of FHIR data and free text, and the manual review of its output. */
export function registerDeidCommands(program: Command): void {
  const deid = program
    .command('deid')
    .description('De-identify FHIR resources and clinical free text (HIPAA Safe Harbor).');

  engineOptions(
    deid
      .command('fhir')
      .description(
        'De-identify FHIR NDJSON (one resource a line, streamed) or Bundle JSON files into a folder, with deid-report.json (counts per category and resource type, never values).',
      )
      .requiredOption('--in <fileOrDir>', 'an .ndjson/.jsonl/.json file (optionally .gz) or a folder of them')
      .requiredOption('--out <dir>', 'folder for the de-identified files and deid-report.json')
      .option(
        '--on-error <what>',
        'skip (report a bad line and go on, default) or stop (stop at the first bad line)',
        'skip',
      )
      .option('--max-line-bytes <n>', 'longest accepted NDJSON line in bytes', String(64 * 1024 * 1024)),
  ).action(
    action(async (opts: Record<string, unknown>) => {
      const flags = parseOrThrow(
        z.object({
          in: z.string().min(1),
          out: z.string().min(1),
          onError: z.enum(['skip', 'stop']),
          maxLineBytes: z.coerce.number().int().min(1024),
        }),
        opts,
        'flags',
      );
      const engine = await deidentifierForCli(opts);
      const report = await deidentifyFiles(engine, {
        input: flags.in,
        outDir: flags.out,
        onError: flags.onError,
        maxLineBytes: flags.maxLineBytes,
      });
      printJson(report);
      if (report.records.skipped > 0) {
        process.stderr.write(`chartside: ${report.records.skipped} bad line(s) skipped, listed in deid-report.json\n`);
      }
    }),
  );

  engineOptions(
    deid
      .command('text')
      .description('De-identify free text from standard input to standard output.')
      .option('--counts', 'print the per-category counts as JSON on stderr'),
  ).action(
    action(async (opts: Record<string, unknown>) => {
      const engine = await deidentifierForCli(opts);
      const result = engine.deidentifyText(await readStdin());
      process.stdout.write(result.text);
      if (opts.counts === true) process.stderr.write(JSON.stringify(result.counts) + '\n');
    }),
  );

  deid
    .command('review-sample')
    .description(
      'Draw a random sample of de-identified records into a review sheet (JSONL; set "phi" and "categories" on each row).',
    )
    .requiredOption('--in <dir>', 'output folder of `deid fhir`')
    .option('--n <n>', 'number of records to draw', '200')
    .option('--seed <seed>', 'seed of the random draw (the same seed draws the same sample)', 'chartside')
    .requiredOption('--out <file>', 'review sheet to write')
    .action(
      action(async (opts: Record<string, unknown>) => {
        const flags = parseOrThrow(
          z.object({
            in: z.string().min(1),
            n: z.coerce.number().int().min(1),
            seed: z.string().min(1),
            out: z.string().min(1),
          }),
          opts,
          'flags',
        );
        const drawn = await drawReviewSample({ dir: flags.in, n: flags.n, seed: flags.seed, out: flags.out });
        printJson({ drawn, sheet: flags.out });
      }),
    );

  deid
    .command('review-result')
    .description(
      `Apply the review rule to a filled-in sheet of at least ${MIN_REVIEWED} records (or all drawn): the run fails when more than ${MAX_LEAK_RATE * 100}% of reviewed records still contain PHI, naming the categories that leaked.`,
    )
    .requiredOption('--sheet <file>', 'the reviewed sheet')
    .option(
      '--drawn <file>',
      'the sheet as review-sample wrote it: the reviewed sheet must then hold exactly its records, unchanged',
    )
    .action(
      action(async (raw: unknown) => {
        const opts = parseOrThrow(
          z.object({ sheet: z.string().min(1), drawn: z.string().min(1).optional() }),
          raw,
          'flags',
        );
        const outcome = await evaluateReviewSheet(opts.sheet, { drawn: opts.drawn });
        printJson(outcome);
        if (!outcome.passed) {
          const leaked = Object.entries(outcome.categories)
            .map(([c, n]) => `${c} ${n}`)
            .join(', ');
          throw new AppError(
            'PRECONDITION_FAILED',
            `review failed: ${outcome.leaked} of ${outcome.reviewed} reviewed records (${(outcome.leakRate * 100).toFixed(1)}%) still contain PHI, above ${MAX_LEAK_RATE * 100}%; leaked categories: ${leaked}`,
          );
        }
      }),
    );
}
