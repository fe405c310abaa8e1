import { basename, resolve } from 'node:path';
import type { Config } from '../config.ts';
import { AppError, isAppError } from '../errors/app-error.ts';
import type { EvalProgress } from '../eval/eval-progress.ts';
import type { EvalReport } from '../eval/eval-report.ts';
import { evaluateGate } from '../eval/gate.ts';
import { renderHtmlReport } from '../eval/html-report.ts';
import { runSuite } from '../eval/run-suite.ts';
import type { Thresholds } from '../eval/thresholds.ts';
import { createLlamaGenerator } from '../inference/llama-generate.ts';
import { inspectModelFile, type ModelFileInfo } from '../inference/model-file.ts';
import { createLogger } from '../log/logger.ts';
import { createSuggestionRuntime } from '../suggest/runtime.ts';
import { readGgufSummary } from './gguf-metadata.ts';
import type { PromotionEntry } from './promotion-log.ts';
import {
  ModelNameSchema,
  versionLabel,
  type ModelVersion,
  type RegistryFile,
  type StoredEvaluation,
} from './registry-schema.ts';
import type { RegistryStore } from './registry-store.ts';
import { servingVersion } from './serving-model.ts';

async function inspectInput(path: string, what: string, expectedSha256?: string): Promise<ModelFileInfo> {
  try {
    return await inspectModelFile(path, what, expectedSha256);
  } catch (error) {
    // A file given on the command line is input, not configuration.
    if (isAppError(error) && error.code === 'CONFIG')
      throw new AppError('INVALID_INPUT', error.message, { cause: error });
    throw error;
  }
}

/**
 * Finds a version by reference: `name@v3` (or `name@3`) exactly, `name` the latest version of that name.
 */
export function findVersion(registry: RegistryFile, ref: string): ModelVersion {
  const m = /^(.+?)(?:@v?(\d+))?$/.exec(ref);
  const name = m?.[1] ?? ref;
  if (!ModelNameSchema.safeParse(name).success)
    throw new AppError('INVALID_INPUT', 'model: must be NAME or NAME@vN (letters, digits, ".", "_", "-")');
  const versions = registry.models.filter((v) => v.name === name);
  const wanted = m?.[2] === undefined ? undefined : Number(m[2]);
  const found =
    wanted === undefined
      ? versions.sort((a, b) => b.version - a.version)[0]
      : versions.find((v) => v.version === wanted);
  if (found === undefined)
    throw new AppError('NOT_FOUND', `no model ${wanted === undefined ? name : `${name}@v${wanted}`} in the registry`);
  return found;
}

export interface AddModelOptions {
  ggufPath: string;
  loraPath?: string;
  name: string;
  /** Who adds it (OS user or `--by`). */
  by: string;
  now?: Date;
}

/**
 * Records a model file: SHA-256, size, GGUF metadata. Refuses a file that is not GGUF, and the same file (and
 * adapter) registered twice under one name. Files stay where they are; the registry keeps their absolute paths.
 */
export async function addModel(store: RegistryStore, options: AddModelOptions): Promise<ModelVersion> {
  const name = ModelNameSchema.safeParse(options.name);
  if (!name.success) throw new AppError('INVALID_INPUT', `--name: ${name.error.issues[0]?.message ?? 'invalid'}`);
  const ggufPath = resolve(options.ggufPath);
  const gguf = await inspectInput(ggufPath, 'model');
  const metadata = await readGgufSummary(ggufPath, gguf.fileName);
  const loraPath = options.loraPath === undefined ? undefined : resolve(options.loraPath);
  const lora = loraPath === undefined ? undefined : await inspectInput(loraPath, 'LoRA adapter');
  return store.update((registry) => {
    const same = registry.models.find(
      (v) => v.name === name.data && v.gguf.sha256 === gguf.sha256 && v.lora?.sha256 === lora?.sha256,
    );
    if (same) throw new AppError('INVALID_INPUT', `this file is already registered as ${versionLabel(same)}`);
    const version = Math.max(0, ...registry.models.filter((v) => v.name === name.data).map((v) => v.version)) + 1;
    const entry: ModelVersion = {
      name: name.data,
      version,
      addedAt: (options.now ?? new Date()).toISOString(),
      addedBy: options.by,
      gguf: { path: ggufPath, ...gguf, metadata },
      ...(lora && loraPath ? { lora: { path: loraPath, ...lora } } : {}),
      status: 'registered',
    };
    registry.models.push(entry);
    return entry;
  });
}

export interface EvaluateModelOptions {
  suiteDir: string;
  thresholds: Thresholds;
  /** Server configuration: terminology, de-identification, GPU and timeouts; backend and model are replaced. */
  config: Config;
  predictionsDir?: string;
  progress: EvalProgress;
  now?: () => Date;
}

function headline(report: EvalReport): Record<string, number> {
  const scores: Record<string, number> = {};
  for (const t of report.tasks) {
    for (const [metric, value] of Object.entries(t.metrics)) {
      if (typeof value === 'number' && metric !== 'n') scores[`${t.task}.${metric}`] = value;
    }
  }
  return scores;
}

const failedChecks = (report: Pick<EvalReport, 'gate'>): string[] =>
  report.gate.checks.filter((c) => c.status === 'fail').map((c) => `${c.task}.${c.metric}`);

/**
 * Runs the suite on a registered version (its SHA-256 checked first), stores the JSON and HTML reports under
 * `reports/<name>@v<n>/`, and records the evaluation with the version.
 */
export async function evaluateModel(
  store: RegistryStore,
  ref: string,
  options: EvaluateModelOptions,
): Promise<{ model: ModelVersion; report: EvalReport; evaluation: StoredEvaluation }> {
  const model = findVersion(await store.read(), ref);
  const label = versionLabel(model);
  await inspectModelFile(model.gguf.path, 'model', model.gguf.sha256);
  if (model.lora) await inspectModelFile(model.lora.path, 'LoRA adapter', model.lora.sha256);
  const gpu = options.config.modelGpu === 'auto' ? 'auto' : false;
  const config: Config = {
    ...options.config,
    backend: 'llama',
    model: model.gguf.path,
    ...(model.lora ? { modelLora: model.lora.path } : {}),
  };
  const report = await runSuite({
    dir: options.suiteDir,
    thresholds: options.thresholds,
    subject: {
      model: label,
      modelVersion: `llama:${model.gguf.fileName}@sha256:${model.gguf.sha256.slice(0, 12)}`,
      sha256: model.gguf.sha256,
    },
    // Exactly this version, never the registry's promoted one.
    openRuntime: () =>
      createSuggestionRuntime(config, createLogger({ level: 'silent' }), { model: servingVersion(model) }),
    openGenerator: () =>
      createLlamaGenerator({
        modelPath: model.gguf.path,
        expectedSha256: model.gguf.sha256,
        ...(model.lora ? { loraPath: model.lora.path } : {}),
        gpu,
        timeoutMs: Math.max(options.config.modelTimeoutMs, 60_000),
        logger: createLogger({ level: 'silent' }),
      }),
    ...(options.predictionsDir !== undefined ? { predictionsDir: options.predictionsDir } : {}),
    progress: options.progress,
    ...(options.now ? { now: options.now } : {}),
  });
  const { model: updated, evaluation } = await recordEvaluation(store, label, report, options.suiteDir);
  return { model: updated, report, evaluation };
}

/**
 * Stores a report under `reports/<name>@v<n>/` (JSON and HTML) and records it as the version's evaluation.
 * `evaluateModel` calls it after a run; a site may also record a report produced by `chartside eval`.
 */
export async function recordEvaluation(
  store: RegistryStore,
  ref: string,
  report: EvalReport,
  suiteDir: string,
): Promise<{ model: ModelVersion; evaluation: StoredEvaluation }> {
  const label = versionLabel(findVersion(await store.read(), ref));
  const stamp = report.createdAt.replace(/[:.]/g, '-');
  const jsonPath = `reports/${label}/${stamp}.json`;
  const htmlPath = `reports/${label}/${stamp}.html`;
  await store.writeReport(jsonPath, JSON.stringify(report, null, 2) + '\n');
  await store.writeReport(htmlPath, renderHtmlReport(report));
  const evaluation: StoredEvaluation = {
    at: report.createdAt,
    suite: basename(resolve(suiteDir)),
    report: jsonPath,
    html: htmlPath,
    gatePassed: report.gate.passed,
    scores: headline(report),
    failed: failedChecks(report),
  };
  const model = await store.update((registry) => {
    const current = findVersion(registry, label);
    current.evaluation = evaluation;
    if (current.status === 'registered') current.status = 'evaluated';
    return current;
  });
  return { model, evaluation };
}

export interface PromoteOptions {
  /** Serve it although the gate fails; the reason is logged. */
  override?: string;
  by: string;
  /** The thresholds in force now: the stored evaluation is re-gated with them. */
  thresholds: Thresholds;
  now?: Date;
}

/**
 * Makes a version the one the server serves. It must have been evaluated, its file must still hash to the
 * recorded SHA-256, and its stored evaluation must pass the gate in force now, unless `override` gives a
 * reason. Every promotion is appended to the promotion log in the same commit. Rolling back is promoting an earlier version.
 */
export async function promoteModel(
  store: RegistryStore,
  ref: string,
  options: PromoteOptions,
): Promise<{ model: ModelVersion; entry: PromotionEntry }> {
  const target = findVersion(await store.read(), ref);
  const label = versionLabel(target);
  if (target.evaluation === undefined)
    throw new AppError(
      'PRECONDITION_FAILED',
      `${label} has not been evaluated; run chartside models eval ${label} --suite DIR`,
    );
  await inspectModelFile(target.gguf.path, 'model', target.gguf.sha256);
  if (target.lora) await inspectModelFile(target.lora.path, 'LoRA adapter', target.lora.sha256);
  let stored: EvalReport;
  try {
    stored = JSON.parse(await store.readReport(target.evaluation.report)) as EvalReport;
  } catch (cause) {
    throw new AppError('CORRUPT_DATA', `the evaluation report of ${label} cannot be read`, { cause });
  }
  const gate = evaluateGate(stored.tasks, options.thresholds);
  const failed = failedChecks({ gate });
  const override = options.override?.trim();
  if (!gate.passed && !override) {
    const why = gate.checks
      .filter((c) => c.status === 'fail')
      .map((c) => `${c.task}.${c.metric} ${c.value ?? 'missing'} (needs ${c.bound})`);
    throw new AppError(
      'PRECONDITION_FAILED',
      `${label} fails the gate: ${why.length ? why.join(', ') : 'no gated metric was measured'}; add --override "reason" to serve it anyway (audited)`,
    );
  }
  const now = (options.now ?? new Date()).toISOString();
  return store.update(async (registry, tx) => {
    const model = findVersion(registry, label);
    if (model.gguf.sha256 !== target.gguf.sha256) throw new AppError('INTERNAL', `${label} changed while promoting`);
    const previous = registry.promoted
      ? registry.models.find((v) => v.name === registry.promoted?.name && v.version === registry.promoted.version)
      : undefined;
    if (previous && previous !== model) previous.status = 'retired';
    model.status = 'promoted';
    model.promotedAt = now;
    if (!gate.passed && override) model.override = { reason: override, by: options.by, at: now };
    else delete model.override;
    registry.promoted = { name: model.name, version: model.version };
    const entry = await tx.appendPromotion({
      at: now,
      action: gate.passed ? 'promote' : 'override',
      model: label,
      sha256: model.gguf.sha256,
      previous: previous ? versionLabel(previous) : null,
      by: options.by,
      ...(!gate.passed && override ? { reason: override } : {}),
      gatePassed: gate.passed,
      failed,
    });
    return { model, entry };
  });
}
