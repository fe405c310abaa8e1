import type { Deidentifier } from '../deid/index.ts';
import type { TriageLevel } from '../inference/backend.ts';
import type { TextGenerator } from '../inference/llama-generate.ts';
import type { SuggestionRuntime } from '../suggest/runtime.ts';
import { computeUnsupportedEvidence, type SuggestedEvidence } from './coding-evidence.ts';
import { computeCodingMetrics, type CodingCase } from './coding-metrics.ts';
import type { DeidCase } from './deid-cases.ts';
import { computeDeidMetrics } from './deid-metrics.ts';
import type { EvalProgress } from './eval-progress.ts';
import type { CodingTaskReport, DeidTaskReport, GenerationTaskReport, TriageTaskReport } from './eval-report.ts';
import type { GenerationCase } from './generation-cases.ts';
import { computeGenerationMetrics } from './generation-metrics.ts';
import type { GenerationTask } from './generation-tasks.ts';
import { computeTriageMetrics, type TriageCase } from './triage-metrics.ts';

const round = (x: number): number => Math.round(x * 10_000) / 10_000;

/** Runs the suggestion pipeline on coding cases and scores it (shared/eval/README.md §Coding, plus evidence). */
export async function evaluateCoding(
  cases: readonly CodingCase[],
  runtime: SuggestionRuntime,
  progress: EvalProgress,
): Promise<CodingTaskReport> {
  const predictions: string[][] = [];
  const evidence: SuggestedEvidence[][] = [];
  const inputs: string[][] = [];
  let fallbacks = 0;
  progress.start('coding', cases.length);
  try {
    for (const c of cases) {
      const result = await runtime.pipeline.suggest({ text: c.text }, { wantCodes: true, wantTriage: false });
      predictions.push(result.codes.map((s) => s.code));
      evidence.push(result.codes.map((s) => ({ evidence: s.evidence.map((e) => e.text) })));
      inputs.push([c.text, result.text]);
      if (result.engine.fallback) fallbacks++;
      progress.tick();
    }
  } finally {
    progress.stop();
  }
  const metrics = {
    ...computeCodingMetrics(cases, predictions, (code) => runtime.terminology.has(code)),
    unsupportedEvidence: computeUnsupportedEvidence(inputs, evidence),
  };
  const perCategory: Record<string, { n: number; top1: number }> = {};
  const hits: Record<string, number> = {};
  cases.forEach((c, i) => {
    const principal = (c.codes[0] ?? '').trim().toUpperCase();
    const chapter = principal.slice(0, 1) || '?';
    const entry = (perCategory[chapter] ??= { n: 0, top1: 0 });
    entry.n++;
    if ((predictions[i]?.[0] ?? '').toUpperCase() === principal) hits[chapter] = (hits[chapter] ?? 0) + 1;
  });
  for (const [chapter, entry] of Object.entries(perCategory)) entry.top1 = round((hits[chapter] ?? 0) / entry.n);
  return { task: 'coding', metrics, perCategory, fallbacks };
}

/** Runs the suggestion pipeline on triage cases and scores it (shared/eval/README.md §Triage). */
export async function evaluateTriage(
  cases: readonly TriageCase[],
  runtime: SuggestionRuntime,
  progress: EvalProgress,
): Promise<TriageTaskReport> {
  const predicted: TriageLevel[] = [];
  let fallbacks = 0;
  progress.start('triage', cases.length);
  try {
    for (const c of cases) {
      const result = await runtime.pipeline.suggest({ text: c.text }, { wantCodes: false, wantTriage: true });
      predicted.push(result.triage?.level ?? 'NON-URGENT');
      if (result.engine.fallback) fallbacks++;
      progress.tick();
    }
  } finally {
    progress.stop();
  }
  return { task: 'triage', metrics: computeTriageMetrics(cases, predicted), fallbacks };
}

/** Runs the de-identification engine on gold PHI spans (shared/eval/README.md §De-identification). */
export function evaluateDeid(cases: readonly DeidCase[], deidentifier: Deidentifier): DeidTaskReport {
  return {
    task: 'deid',
    metrics: computeDeidMetrics(
      cases,
      cases.map((c) => deidentifier.detectPhi(c.text)),
    ),
  };
}

/** Where a generation task's outputs come from. */
export type OutputSource =
  { kind: 'predictions'; outputs: readonly string[] } | { kind: 'generator'; generator: TextGenerator };

/**
 * Scores a generation task. With a generator, each case's input is de-identified first (the model sees
 * nothing else; dataset inputs are de-identified already, so this changes little) and the instruction is the
 * case's own.
 */
export async function evaluateGeneration(
  task: GenerationTask,
  cases: readonly GenerationCase[],
  source: OutputSource,
  deidentifier: Deidentifier,
  progress: EvalProgress,
): Promise<GenerationTaskReport> {
  let outputs: readonly string[];
  if (source.kind === 'predictions') outputs = source.outputs;
  else {
    const generated: string[] = [];
    progress.start(task, cases.length);
    try {
      for (const c of cases) {
        const input = deidentifier.deidentifyText(c.input).text;
        generated.push(await source.generator.generate(c.instruction, input));
        progress.tick();
      }
    } finally {
      progress.stop();
    }
    outputs = generated;
  }
  const { metrics, distributions } = computeGenerationMetrics(task, cases, outputs);
  return {
    task,
    metrics,
    distributions,
    source: source.kind === 'predictions' ? 'predictions' : source.generator.modelVersion,
  };
}
