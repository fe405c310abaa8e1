import { writeFile } from 'node:fs/promises';
import { basename } from 'node:path';
import type { Command } from 'commander';
import { z } from 'zod';
import { loadConfig, type Config } from '../../config.ts';
import { parseOrThrow } from '../../errors/parse.ts';
import { computeUnsupportedEvidence } from '../../eval/coding-evidence.ts';
import {
  computeCodingMetrics,
  computeDocumentMetrics,
  CodingCaseSchema,
  type CodingCase,
} from '../../eval/coding-metrics.ts';
import { perCaseRecord, type RankedCode } from '../../eval/coding-per-case.ts';
import { assignFolds, summarizeFolds } from '../../eval/cross-validation.ts';
import { fitWeights, rankHeldOut } from '../../eval/coding-refit.ts';
import { CareSettingSchema } from '../../suggest/document/care-setting.ts';
import { readDocument } from '../../suggest/document/code-document.ts';
import type { DocumentCandidate } from '../../suggest/document/document-logic.ts';
import { AppError } from '../../errors/app-error.ts';
import { readCases } from '../../eval/read-cases.ts';
import { computeTriageMetrics, toUrgency3, TriageCaseSchema, type TriageCase } from '../../eval/triage-metrics.ts';
import type { TriageLevel } from '../../inference/backend.ts';
import { createLogger } from '../../log/logger.ts';
import { createSuggestionRuntime, type SuggestionRuntime } from '../../suggest/runtime.ts';
import type { Suggestions } from '../../suggest/suggestions.ts';
import { action, printJson } from '../run-command.ts';

const EvalFlags = z.object({
  cases: z.string().min(1),
  backend: z.enum(['rules', 'llama', 'openai-compatible']).optional(),
  model: z.string().min(1).optional(),
  json: z.boolean().optional(),
  perCase: z.string().min(1).optional(),
});

function configFor(flags: z.infer<typeof EvalFlags>): Config {
  const env = { ...process.env };
  if (flags.backend) env.CHARTSIDE_BACKEND = flags.backend;
  if (flags.model) env.CHARTSIDE_MODEL = flags.model;
  return loadConfig(env);
}

function progress(done: number, total: number): void {
  if (process.stderr.isTTY && total >= 20 && (done % 10 === 0 || done === total))
    process.stderr.write(`\r${done}/${total} cases`);
  if (process.stderr.isTTY && done === total && total >= 20) process.stderr.write('\n');
}

const pct = (x: number | undefined): string => `${((x ?? 0) * 100).toFixed(1)}%`;

const CodingFlags = EvalFlags.extend({
  folds: z.coerce.number().int().min(2, '--folds must be at least 2').max(20, '--folds must be at most 20').optional(),
  perCase: z.string().min(1).optional(),
  fit: z.boolean().optional(),
  fitOut: z.string().min(1).optional(),
  setting: CareSettingSchema.optional(),
}).refine((f) => !f.fit || f.folds !== undefined, { message: '--fit needs --folds', path: ['fit'] });

const CODING_LINES: readonly (readonly [string, string, string])[] = [
  ['top1', 'top-1', 'first suggestion = principal gold code'],
  ['top5', 'top-5', 'principal gold code in the first five'],
  ['recall5', 'recall@5', 'share of all gold codes in the first five'],
  ['category1', 'category', "first suggestion in the principal code's category"],
  ['precision5', 'precision@5', 'share of the first five suggestions that are gold'],
  ['recall10', 'recall@10', "share of each case's gold codes in the first ten"],
  ['map', 'MAP', 'mean average precision of the ranked suggestions (CodiEsp)'],
  ['invalid', 'invalid', 'suggestions that are not valid ICD-10-CM (must be 0)'],
  ['unsupportedEvidence', 'unsupported', 'suggestions whose evidence is not verbatim in the input'],
];

function printCodingMetrics(title: string, metrics: Record<string, number>): void {
  process.stdout.write(`${title}\n`);
  for (const [key, label, meaning] of CODING_LINES)
    process.stdout.write(`  ${label.padEnd(12)} ${pct(metrics[key]).padStart(6)}   ${meaning}\n`);
}

const BACKEND_HELP = 'rules | llama | openai-compatible (default: CHARTSIDE_BACKEND or rules)';
const MODEL_HELP = 'GGUF model for the llama backend (default: CHARTSIDE_MODEL)';

/** Runs an evaluation with the runtime the flags configure, closing it (and its model) afterwards. */
async function withRuntime(
  flags: z.infer<typeof EvalFlags>,
  run: (runtime: SuggestionRuntime) => Promise<void>,
): Promise<void> {
  const runtime = await createSuggestionRuntime(configFor(flags), createLogger({ level: 'silent' }));
  try {
    await run(runtime);
  } finally {
    await runtime.close();
  }
}

/** `chartside eval coding` and `eval triage`: the suggestion engine on case files (shared/eval/README.md). */
export function registerEvalSuggestionCommands(evalCommand: Command): void {
  evalCommand
    .command('coding')
    .description(
      'Top-1, top-5, recall@5, category match, invalid-code rate and the document metrics (precision@5, recall@10, MAP).',
    )
    .requiredOption('--cases <file>', 'cases, JSON Lines: {"id","text","codes":["J44.1",…]} (first code principal)')
    .option('--backend <name>', BACKEND_HELP)
    .option('--model <file>', MODEL_HELP)
    .option('--folds <k>', 'k-fold cross-validation by document (deterministic): every fold, the mean and the worst')
    .option('--per-case <file>', 'write per document the gold codes found and missed and the suggestions not gold')
    .option('--fit', 'with --folds: rank each fold with document-ranking weights fitted on the other folds')
    .option('--fit-out <file>', 'fit the document-ranking weights on all the cases and write them (JSON)')
    .option('--setting <setting>', 'inpatient | outpatient (default): how uncertain diagnoses are coded')
    .option('--json', 'print one JSON object of metrics')
    .action(
      action(async (raw: unknown) => {
        const flags = parseOrThrow(CodingFlags, raw, 'flags');
        const cases = await readCases(flags.cases, CodingCaseSchema);
        if (flags.folds !== undefined && flags.folds > cases.length)
          throw new AppError('INVALID_INPUT', `--folds ${flags.folds} is more than the ${cases.length} cases`);
        await withRuntime(flags, async (runtime) => {
          let ranked: RankedCode[][] = [];
          const inputs: string[][] = [];
          const read: DocumentCandidate[][] = [];
          const wantFeatures = flags.perCase !== undefined || flags.fit === true || flags.fitOut !== undefined;
          for (const [i, c] of cases.entries()) {
            const setting = flags.setting ? { setting: flags.setting } : {};
            const result = await runtime.pipeline.suggest(
              { text: c.text, ...setting },
              { wantCodes: true, wantTriage: false },
            );
            const candidates = wantFeatures ? readDocument(result.text, runtime.terminology, setting).candidates : [];
            read.push(candidates);
            const features = new Map(candidates.map((k) => [k.code, k.features]));
            ranked.push(
              result.codes.map((s, k) => {
                const f = features.get(s.code);
                return {
                  code: s.code,
                  rank: k + 1,
                  display: s.display,
                  evidence: s.evidence.map((e) => e.text),
                  rationale: s.rationale,
                  ...(f ? { features: { ...f } } : {}),
                };
              }),
            );
            inputs.push([c.text, result.text]);
            progress(i + 1, cases.length);
          }
          const gold = cases.map((c) => c.codes);
          if (flags.fitOut !== undefined) {
            const weights = fitWeights(read, gold, `${cases.length} documents of ${basename(flags.cases)}`);
            await writeFile(flags.fitOut, JSON.stringify(weights, null, 2) + '\n');
          }
          const isValid = (code: string): boolean => runtime.terminology.has(code);
          const folds =
            flags.folds === undefined
              ? undefined
              : assignFolds(
                  cases.map((c) => c.id),
                  flags.folds,
                );
          if (flags.fit && folds !== undefined && flags.folds !== undefined) {
            // Held-out: every fold ranked by weights fitted on the other folds.
            ranked = rankHeldOut(read, gold, folds, flags.folds, 25).map((codes) =>
              codes.map((c) => ({
                code: c.code,
                rank: c.rank,
                display: c.display,
                evidence: c.evidence.map((e) => e.text),
                rationale: c.reason,
                features: { ...c.features },
              })),
            );
          }
          if (flags.perCase !== undefined) {
            const lines = cases.map((c, i) =>
              JSON.stringify(perCaseRecord(c.id, c.codes, ranked[i] ?? [], folds?.[i])),
            );
            await writeFile(flags.perCase, lines.join('\n') + '\n', { mode: 0o600 });
          }
          const metricsOf = (which: readonly number[]): Record<string, number> => {
            const subset = which.map((i) => cases[i] as CodingCase);
            const predictions = which.map((i) => (ranked[i] ?? []).map((s) => s.code));
            return {
              ...computeCodingMetrics(subset, predictions, isValid),
              ...computeDocumentMetrics(subset, predictions),
              unsupportedEvidence: computeUnsupportedEvidence(
                which.map((i) => inputs[i] ?? []),
                which.map((i) => (ranked[i] ?? []).map((s) => ({ evidence: s.evidence }))),
              ),
            };
          };
          const all = cases.map((_, i) => i);
          if (folds === undefined || flags.folds === undefined) {
            const metrics = metricsOf(all);
            if (flags.json) printJson(metrics);
            else printCodingMetrics(`coding, ${metrics.n} cases (${runtime.pipeline.backend.modelVersion})`, metrics);
            return;
          }
          const k = flags.folds;
          const summary = summarizeFolds(
            Array.from({ length: k }, (_, f) => metricsOf(all.filter((i) => folds[i] === f))),
          );
          if (flags.json) printJson({ k, ...summary });
          else {
            const title = `coding, ${cases.length} cases in ${k} folds (${runtime.pipeline.backend.modelVersion})`;
            printCodingMetrics(`${title}, mean of the folds`, summary.mean);
            printCodingMetrics('worst fold', summary.worst);
          }
        });
      }),
    );

  evalCommand
    .command('triage')
    .description('Accuracy, EMERGENT recall (95% CI), under- and over-triage and the confusion matrix.')
    .requiredOption('--cases <file>', 'cases, JSON Lines: {"id","text","level"} or {"id","text","urgency3":"em|ne|sc"}')
    .option('--backend <name>', BACKEND_HELP)
    .option('--model <file>', MODEL_HELP)
    .option('--json', 'print one JSON object of metrics')
    .option('--per-case <file>', 'also write one JSON line per case: gold, prediction, fired discriminators, evidence')
    .action(
      action(async (raw: unknown) => {
        const flags = parseOrThrow(EvalFlags, raw, 'flags');
        const cases = await readCases(flags.cases, TriageCaseSchema);
        await withRuntime(flags, async (runtime) => {
          const predicted: TriageLevel[] = [];
          const perCase: string[] = [];
          for (const [i, c] of cases.entries()) {
            const result = await runtime.pipeline.suggest({ text: c.text }, { wantCodes: false, wantTriage: true });
            predicted.push(result.triage?.level ?? 'NON-URGENT');
            if (flags.perCase) perCase.push(JSON.stringify(perCaseLine(c, result)));
            progress(i + 1, cases.length);
          }
          if (flags.perCase)
            await writeFile(flags.perCase, perCase.length > 0 ? `${perCase.join('\n')}\n` : '', { mode: 0o600 });
          const metrics = computeTriageMetrics(cases, predicted);
          if (flags.json) printJson(metrics);
          else {
            process.stdout.write(`triage, ${metrics.n} cases (${runtime.pipeline.backend.modelVersion})\n`);
            process.stdout.write(`  accuracy          ${pct(metrics.accuracy)}\n`);
            process.stdout.write(
              `  EMERGENT recall   ${pct(metrics.emergentRecall)}  (95% CI ${pct(metrics.emergentRecallCI95[0])}–${pct(metrics.emergentRecallCI95[1])})\n`,
            );
            process.stdout.write(
              `  under-triage      ${pct(metrics.underTriage)}\n  over-triage       ${pct(metrics.overTriage)}\n  confusion (gold → predicted):\n`,
            );
            for (const [gold, row] of Object.entries(metrics.confusion)) {
              process.stdout.write(
                `    ${gold.padEnd(12)} ${Object.entries(row)
                  .map(([p, n]) => `${p}: ${n}`)
                  .join(', ')}\n`,
              );
            }
          }
        });
      }),
    );
}

/**
 * One line of `--per-case`: the gold and predicted level on the case's own scale, the discriminators that
 * fired with their evidence (spans of the de-identified text), what would change it, and any disagreement.
 */
function perCaseLine(c: TriageCase, result: Suggestions): Record<string, unknown> {
  const t = result.triage;
  const level = t?.level ?? 'NON-URGENT';
  const [gold, predicted] = 'level' in c ? [c.level, level] : [c.urgency3, toUrgency3(level)];
  return {
    id: c.id,
    gold,
    predicted,
    level,
    correct: gold === predicted,
    discriminators: (t?.discriminators ?? []).map((d) => ({
      id: d.id,
      name: d.name,
      protocol: d.protocol,
      source: d.source,
      level: d.level,
      evidence: d.evidence,
    })),
    ...(t?.wouldChange ? { wouldChange: t.wouldChange } : {}),
    ...(t?.disagreement ? { disagreement: t.disagreement } : {}),
  };
}
