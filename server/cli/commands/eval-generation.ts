import { writeFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { z } from 'zod';
import { loadConfig } from '../../config.ts';
import { createDeidentifier, resolveDeidSecret } from '../../deid/index.ts';
import { AppError } from '../../errors/app-error.ts';
import { parseOrThrow } from '../../errors/parse.ts';
import { stderrProgress } from '../../eval/eval-progress.ts';
import { evaluateGeneration, type OutputSource } from '../../eval/evaluate-tasks.ts';
import { readGenerationCases, readPredictions } from '../../eval/generation-cases.ts';
import { GENERATION_TASKS, type GenerationTask } from '../../eval/generation-tasks.ts';
import { renderHtmlReport } from '../../eval/html-report.ts';
import { METRIC_MEANINGS } from '../../eval/metric-meanings.ts';
import { buildReport } from '../../eval/run-suite.ts';
import { loadThresholds } from '../../eval/thresholds.ts';
import { createLlamaGenerator, type TextGenerator } from '../../inference/llama-generate.ts';
import { createLogger } from '../../log/logger.ts';
import { action, printJson } from '../run-command.ts';

const Flags = z.object({
  cases: z.string().min(1),
  backend: z.enum(['rules', 'llama', 'openai-compatible']).optional(),
  model: z.string().min(1).optional(),
  predictions: z.string().min(1).optional(),
  maxTokens: z.coerce.number().int().min(16).max(32_768).optional(),
  html: z.string().min(1).optional(),
  thresholds: z.string().min(1).optional(),
  json: z.boolean().optional(),
});

const DESCRIPTIONS: Record<GenerationTask, string> = {
  note: 'BLEU, ROUGE-L, section completeness and the hallucination check of generated clinical notes.',
  discharge: 'BLEU, ROUGE-L, section completeness and the hallucination check of generated discharge summaries.',
  'patient-comm': 'Flesch–Kincaid grade, fact preservation, BLEU/ROUGE-L and the hallucination check of patient texts.',
};

/**
 * `chartside eval note|discharge|patient-comm`: generation tasks on the dataset builder's instruction/input/output
 * JSON Lines. Outputs come from the llama backend, or from `--predictions` (outputs produced elsewhere); the
 * rules backend cannot write text and says so.
 */
export function registerEvalGenerationCommands(evalCommand: Command): void {
  for (const task of GENERATION_TASKS) {
    evalCommand
      .command(task)
      .description(DESCRIPTIONS[task])
      .requiredOption(
        '--cases <file>',
        'cases, JSON Lines: {"instruction","input","output"[,"id"]} (dataset builder instruct/*.eval.jsonl)',
      )
      .option('--backend <name>', 'llama generates the outputs (default: CHARTSIDE_BACKEND); rules cannot')
      .option('--model <file>', 'GGUF model for the llama backend (default: CHARTSIDE_MODEL)')
      .option('--predictions <file>', 'outputs produced elsewhere, JSON Lines {"id","output"} (ids: the case id or #N)')
      .option('--max-tokens <n>', 'token budget of one generated output (default 768)')
      .option('--html <file>', 'also write the self-contained HTML report')
      .option('--thresholds <file>', 'site thresholds for the report gate (default: the built-in gate)')
      .option('--json', 'print one JSON object of metrics')
      .action(
        action(async (raw: unknown) => {
          const flags = parseOrThrow(Flags, raw, 'flags');
          const cases = await readGenerationCases(flags.cases);
          let generator: TextGenerator | undefined;
          let source: OutputSource;
          if (flags.predictions !== undefined) {
            source = { kind: 'predictions', outputs: await readPredictions(flags.predictions, cases) };
          } else {
            const env = { ...process.env };
            if (flags.backend) env.CHARTSIDE_BACKEND = flags.backend;
            if (flags.model) env.CHARTSIDE_MODEL = flags.model;
            const config = loadConfig(env);
            if (config.backend !== 'llama')
              throw new AppError(
                'INVALID_INPUT',
                `the ${config.backend} backend cannot generate text for ${task}; use --backend llama --model FILE, or --predictions FILE`,
              );
            generator = await createLlamaGenerator({
              modelPath: config.model ?? '',
              ...(config.modelLora ? { loraPath: config.modelLora } : {}),
              gpu: config.modelGpu === 'auto' ? 'auto' : false,
              ...(flags.maxTokens ? { maxTokens: flags.maxTokens } : {}),
              timeoutMs: Math.max(config.modelTimeoutMs, 60_000),
              logger: createLogger({ level: 'silent' }),
            });
            source = { kind: 'generator', generator };
          }
          const deidentifier = createDeidentifier({ secret: resolveDeidSecret({ mode: 'development' }) });
          let report;
          try {
            report = await evaluateGeneration(task, cases, source, deidentifier, stderrProgress());
          } finally {
            await generator?.close();
          }
          if (flags.html !== undefined) {
            const full = buildReport(
              [report],
              await loadThresholds(flags.thresholds),
              { modelVersion: report.source },
              new Date(),
            );
            await writeFile(flags.html, renderHtmlReport(full));
          }
          if (flags.json) printJson(report.metrics);
          else {
            process.stdout.write(`${task}, ${report.metrics.n} cases (${report.source})\n`);
            for (const [metric, value] of Object.entries(report.metrics)) {
              if (metric === 'n') continue;
              process.stdout.write(
                `  ${metric.padEnd(24)} ${String(value).padEnd(8)} ${METRIC_MEANINGS[task][metric] ?? ''}\n`,
              );
            }
          }
        }),
      );
  }
}
