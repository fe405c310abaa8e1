import type { Command } from 'commander';
import { z } from 'zod';
import { loadConfig, type Config } from '../../config.ts';
import { parseOrThrow } from '../../errors/parse.ts';
import { computeUnsupportedEvidence, type SuggestedEvidence } from '../../eval/coding-evidence.ts';
import { computeCodingMetrics, CodingCaseSchema } from '../../eval/coding-metrics.ts';
import { readCases } from '../../eval/read-cases.ts';
import { computeTriageMetrics, TriageCaseSchema } from '../../eval/triage-metrics.ts';
import type { TriageLevel } from '../../inference/backend.ts';
import { createLogger } from '../../log/logger.ts';
import { createSuggestionRuntime, type SuggestionRuntime } from '../../suggest/runtime.ts';
import { action, printJson } from '../run-command.ts';

const EvalFlags = z.object({
  cases: z.string().min(1),
  backend: z.enum(['rules', 'llama', 'openai-compatible']).optional(),
  model: z.string().min(1).optional(),
  json: z.boolean().optional(),
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

const pct = (x: number): string => `${(x * 100).toFixed(1)}%`;

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
    .description('Top-1, top-5, recall@5, category match and invalid-code rate of the ICD-10-CM suggestions.')
    .requiredOption('--cases <file>', 'cases, JSON Lines: {"id","text","codes":["J44.1",…]} (first code principal)')
    .option('--backend <name>', BACKEND_HELP)
    .option('--model <file>', MODEL_HELP)
    .option('--json', 'print one JSON object of metrics')
    .action(
      action(async (raw: unknown) => {
        const flags = parseOrThrow(EvalFlags, raw, 'flags');
        const cases = await readCases(flags.cases, CodingCaseSchema);
        await withRuntime(flags, async (runtime) => {
          const predictions: string[][] = [];
          const quoted: SuggestedEvidence[][] = [];
          const inputs: string[][] = [];
          for (const [i, c] of cases.entries()) {
            const result = await runtime.pipeline.suggest({ text: c.text }, { wantCodes: true, wantTriage: false });
            predictions.push(result.codes.map((s) => s.code));
            quoted.push(result.codes.map((s) => ({ evidence: s.evidence.map((e) => e.text) })));
            inputs.push([c.text, result.text]);
            progress(i + 1, cases.length);
          }
          // The shared README's keys, then the evidence check (an extra key).
          const metrics = {
            ...computeCodingMetrics(cases, predictions, (code) => runtime.terminology.has(code)),
            unsupportedEvidence: computeUnsupportedEvidence(inputs, quoted),
          };
          if (flags.json) printJson(metrics);
          else {
            process.stdout.write(`coding, ${metrics.n} cases (${runtime.pipeline.backend.modelVersion})\n`);
            process.stdout.write(`  top-1      ${pct(metrics.top1)}   first suggestion = principal gold code\n`);
            process.stdout.write(`  top-5      ${pct(metrics.top5)}   principal gold code in the first five\n`);
            process.stdout.write(`  recall@5   ${pct(metrics.recall5)}   share of all gold codes in the first five\n`);
            process.stdout.write(
              `  category   ${pct(metrics.category1)}   first suggestion in the principal code's category\n`,
            );
            process.stdout.write(
              `  invalid    ${pct(metrics.invalid)}   suggestions that are not valid ICD-10-CM (must be 0)\n`,
            );
            process.stdout.write(
              `  unsupported ${pct(metrics.unsupportedEvidence)}  suggestions whose evidence is not verbatim in the input\n`,
            );
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
    .action(
      action(async (raw: unknown) => {
        const flags = parseOrThrow(EvalFlags, raw, 'flags');
        const cases = await readCases(flags.cases, TriageCaseSchema);
        await withRuntime(flags, async (runtime) => {
          const predicted: TriageLevel[] = [];
          for (const [i, c] of cases.entries()) {
            const result = await runtime.pipeline.suggest({ text: c.text }, { wantCodes: false, wantTriage: true });
            predicted.push(result.triage?.level ?? 'NON-URGENT');
            progress(i + 1, cases.length);
          }
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
