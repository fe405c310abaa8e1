import { writeFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { z } from 'zod';
import { createDeidentifier, resolveDeidSecret } from '../../deid/index.ts';
import { AppError } from '../../errors/app-error.ts';
import { readDeidCases } from '../../eval/deid-cases.ts';
import { caseErrors } from '../../eval/deid-errors.ts';
import { foldByPatient, patientOfCase, summariseFolds } from '../../eval/deid-folds.ts';
import { computeDeidMetrics } from '../../eval/deid-metrics.ts';
import { swapNamesAndPlaces } from '../../eval/deid-swap.ts';
import { action, printJson } from '../run-command.ts';

/**
 * `chartside eval …`: one command with a subcommand per task (`deid` now; `coding` and `triage` register
 * next to it), each printing the metrics of `../shared/eval/README.md`.
 */
export function registerEvalCommands(program: Command): Command {
  const evalCommand = program
    .command('eval')
    .description('Evaluate Chartside engines on case files (formats and metrics: shared/eval/README.md).');
  registerEvalDeid(evalCommand);
  return evalCommand;
}

const EvalDeidOptionsSchema = z.object({
  cases: z.string().min(1),
  json: z.boolean().optional(),
  folds: z.coerce
    .number({ message: '--folds must be a whole number from 2 to 20' })
    .int({ message: '--folds must be a whole number from 2 to 20' })
    .min(2, { message: '--folds must be a whole number from 2 to 20' })
    .max(20, { message: '--folds must be a whole number from 2 to 20' })
    .optional(),
  perCase: z.string().min(1).optional(),
  perCaseText: z.boolean().optional(),
  // A bare --swap-names is the census pool.
  swapNames: z
    .preprocess(
      (v) => (v === true ? 'census' : v),
      z.enum(['census', 'unlisted'], { message: '--swap-names takes census or unlisted' }),
    )
    .optional(),
});

function registerEvalDeid(evalCommand: Command): void {
  evalCommand
    .command('deid')
    .description(
      'Token recall/precision, span recall and per-type recall of the de-identification engine on gold PHI spans.',
    )
    .requiredOption('--cases <file>', 'cases, JSON Lines: {"id","text","phi":[{"start","end","type"}]}')
    .option('--json', 'print the metrics as one JSON object (the default output too)')
    .option(
      '--folds <k>',
      'also report k-fold patient-level cross-validation (cases split by patient: the id before its first "-"): each fold, and the mean and worst fold of every metric and type',
    )
    .option(
      '--per-case <file>',
      'write each case with errors as one JSON line: missed gold tokens and wrongly masked tokens (types and offsets)',
    )
    .option(
      '--swap-names [pool]',
      'first replace every gold name and place word by another (the same within a case): census (the default) real census names and US towns; unlisted, invented names and foreign towns no list of the engine holds, so only context finds them',
    )
    .option(
      '--per-case-text',
      "with --per-case, add each token's text: only for synthetic or surrogate corpora, never real notes",
    )
    .action(
      action(async (raw: Record<string, unknown>) => {
        const parsed = EvalDeidOptionsSchema.safeParse(raw);
        if (!parsed.success) throw new AppError('INVALID_INPUT', parsed.error.issues[0]?.message ?? 'invalid options');
        const opts = parsed.data;
        if (opts.perCaseText === true && opts.perCase === undefined)
          throw new AppError('INVALID_INPUT', '--per-case-text needs --per-case FILE');
        const read = await readDeidCases(opts.cases);
        const pool = opts.swapNames;
        const cases = pool === undefined ? read : read.map((c) => swapNamesAndPlaces(c, 'chartside', pool));
        // Evaluation needs no stable pseudonyms: a random per-run secret is fine, and nothing is written.
        const engine = createDeidentifier({ secret: resolveDeidSecret({ mode: 'development' }) });
        const masked = cases.map((c) => engine.detectPhi(c.text));
        const metrics = computeDeidMetrics(cases, masked);
        if (opts.perCase !== undefined) {
          const lines: string[] = [];
          cases.forEach((c, i) => {
            const errors = caseErrors(c, masked[i] ?? [], opts.perCaseText === true);
            if (errors.missed.length > 0 || errors.wronglyMasked.length > 0) lines.push(JSON.stringify(errors));
          });
          await writeFile(opts.perCase, lines.join('\n') + (lines.length > 0 ? '\n' : ''));
        }
        if (opts.folds === undefined) {
          printJson(metrics);
          return;
        }
        const maskedOf = new Map(cases.map((c, i) => [c, masked[i] ?? []]));
        const folds = foldByPatient(cases, opts.folds).map((fold) => ({
          ...computeDeidMetrics(
            fold,
            fold.map((c) => maskedOf.get(c) ?? []),
          ),
          patients: new Set(fold.map((c) => patientOfCase(c))).size,
        }));
        printJson({ ...metrics, crossValidation: summariseFolds(folds) });
      }),
    );
}
