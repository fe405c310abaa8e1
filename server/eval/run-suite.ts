import { access } from 'node:fs/promises';
import { join } from 'node:path';
import { createDeidentifier, resolveDeidSecret, type Deidentifier } from '../deid/index.ts';
import { AppError } from '../errors/app-error.ts';
import type { TextGenerator } from '../inference/llama-generate.ts';
import type { SuggestionRuntime } from '../suggest/runtime.ts';
import { readDeidCases } from './deid-cases.ts';
import type { EvalProgress } from './eval-progress.ts';
import type { EvalReport, TaskReport } from './eval-report.ts';
import {
  evaluateCoding,
  evaluateDeid,
  evaluateGeneration,
  evaluateTriage,
  type OutputSource,
} from './evaluate-tasks.ts';
import { evaluateGate } from './gate.ts';
import { readGenerationCases, readPredictions } from './generation-cases.ts';
import { EVAL_TASKS, type EvalTask, type GenerationTask } from './generation-tasks.ts';
import { readCodingSuiteCases, readTriageSuiteCases } from './suite-cases.ts';
import type { Thresholds } from './thresholds.ts';

export interface SuiteOptions {
  /** Folder of `<task>.jsonl` files (coding, triage, deid, note, discharge, patient-comm); those present run. */
  dir: string;
  thresholds: Thresholds;
  subject: EvalReport['subject'];
  /** Opens the suggestion runtime (model loaded) the first time coding or triage needs it. */
  openRuntime: () => Promise<SuggestionRuntime>;
  /** Opens a text generator for the generation tasks; absent: those tasks need `predictionsDir`. */
  openGenerator?: () => Promise<TextGenerator>;
  /** Folder of `<task>.predictions.jsonl` (`{"id","output"}`) for generation tasks scored on outside outputs. */
  predictionsDir?: string;
  progress: EvalProgress;
  now?: () => Date;
}

async function exists(path: string): Promise<boolean> {
  try {
    await access(path);
    return true;
  } catch {
    return false;
  }
}

/** The suite's task files, in the suite's order. */
export async function suiteFiles(dir: string): Promise<Partial<Record<EvalTask, string>>> {
  const files: Partial<Record<EvalTask, string>> = {};
  for (const task of EVAL_TASKS) {
    const path = join(dir, `${task}.jsonl`);
    if (await exists(path)) files[task] = path;
  }
  if (Object.keys(files).length === 0)
    throw new AppError(
      'INVALID_INPUT',
      `--suite: the folder holds none of ${EVAL_TASKS.map((t) => `${t}.jsonl`).join(', ')}`,
    );
  return files;
}

/** Assembles a report and its gate. */
export function buildReport(
  tasks: TaskReport[],
  thresholds: Thresholds,
  subject: EvalReport['subject'],
  createdAt: Date,
): EvalReport {
  return {
    format: 'chartside-eval-report/1',
    createdAt: createdAt.toISOString(),
    subject,
    tasks,
    thresholds,
    gate: evaluateGate(tasks, thresholds),
  };
}

/**
 * Runs every task file of a suite folder and gates the result. Runtimes open lazily and close at the end,
 * whatever happens; a bad line of any file stops the run with its file's task and line number.
 */
export async function runSuite(options: SuiteOptions): Promise<EvalReport> {
  const files = await suiteFiles(options.dir);
  const tasks: TaskReport[] = [];
  let runtime: SuggestionRuntime | undefined;
  let generator: TextGenerator | undefined;
  let deidentifier: Deidentifier | undefined;
  const deid = (): Deidentifier =>
    (deidentifier ??= createDeidentifier({ secret: resolveDeidSecret({ mode: 'development' }) }));
  const withTask = async <T>(task: EvalTask, fn: () => Promise<T>): Promise<T> => {
    try {
      return await fn();
    } catch (error) {
      if (error instanceof AppError && (error.code === 'INVALID_INPUT' || error.code === 'CORRUPT_DATA'))
        throw new AppError(error.code, `${task}.jsonl: ${error.message}`, { cause: error });
      throw error;
    }
  };
  try {
    for (const task of EVAL_TASKS) {
      const path = files[task];
      if (path === undefined) continue;
      switch (task) {
        case 'coding': {
          const cases = await withTask(task, () => readCodingSuiteCases(path));
          runtime ??= await options.openRuntime();
          tasks.push(await evaluateCoding(cases, runtime, options.progress));
          break;
        }
        case 'triage': {
          const cases = await withTask(task, () => readTriageSuiteCases(path));
          runtime ??= await options.openRuntime();
          tasks.push(await evaluateTriage(cases, runtime, options.progress));
          break;
        }
        case 'deid': {
          const cases = await withTask(task, () => readDeidCases(path));
          tasks.push(evaluateDeid(cases, deid()));
          break;
        }
        case 'note':
        case 'discharge':
        case 'patient-comm': {
          const cases = await withTask(task, () => readGenerationCases(path));
          const source = await outputSource(task, cases, options, async () => {
            if (options.openGenerator === undefined) return undefined;
            return (generator ??= await options.openGenerator());
          });
          if (source === undefined)
            throw new AppError(
              'INVALID_INPUT',
              `${task}: this backend cannot generate text; give --predictions with ${task}.predictions.jsonl or use the llama backend`,
            );
          tasks.push(await evaluateGeneration(task, cases, source, deid(), options.progress));
          break;
        }
      }
    }
  } finally {
    await runtime?.close();
    await generator?.close();
  }
  return buildReport(tasks, options.thresholds, options.subject, (options.now ?? (() => new Date()))());
}

async function outputSource(
  task: GenerationTask,
  cases: Awaited<ReturnType<typeof readGenerationCases>>,
  options: SuiteOptions,
  generator: () => Promise<TextGenerator | undefined>,
): Promise<OutputSource | undefined> {
  if (options.predictionsDir !== undefined) {
    const path = join(options.predictionsDir, `${task}.predictions.jsonl`);
    if (await exists(path)) return { kind: 'predictions', outputs: await readPredictions(path, cases) };
  }
  const g = await generator();
  return g === undefined ? undefined : { kind: 'generator', generator: g };
}
