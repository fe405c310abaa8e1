import { access } from 'node:fs/promises';
import { userInfo } from 'node:os';
import type { Command } from 'commander';
import { z } from 'zod';
import { loadConfig } from '../../config.ts';
import { parseOrThrow } from '../../errors/parse.ts';
import { stderrProgress } from '../../eval/eval-progress.ts';
import { loadThresholds, type Thresholds } from '../../eval/thresholds.ts';
import { addModel, evaluateModel, promoteModel } from '../../registry/model-registry.ts';
import { versionLabel, type ModelVersion } from '../../registry/registry-schema.ts';
import { openRegistryStore } from '../../registry/open-registry-store.ts';
import type { RegistryStore } from '../../registry/registry-store.ts';
import { createLogger } from '../../log/logger.ts';
import { action, printJson } from '../run-command.ts';

function whoami(): string {
  try {
    return userInfo().username;
  } catch {
    return 'unknown';
  }
}

/** `--thresholds FILE`, else the registry's `thresholds.json` when the site wrote one, else the defaults. */
async function thresholdsFor(store: RegistryStore, file: string | undefined): Promise<Thresholds> {
  if (file !== undefined) return loadThresholds(file);
  try {
    await access(store.thresholdsFile);
  } catch {
    return loadThresholds(undefined);
  }
  return loadThresholds(store.thresholdsFile);
}

/** The registry of the configuration (the shared database when CHARTSIDE_DATABASE_URL is set), closed after `fn`. */
async function withStore<T>(fn: (store: RegistryStore) => Promise<T>): Promise<T> {
  const store = await openRegistryStore(loadConfig(), createLogger({ level: 'silent' }));
  try {
    return await fn(store);
  } finally {
    await store.close();
  }
}

const By = z.string().trim().min(1).max(200).optional();
const AddFlags = z.object({
  gguf: z.string().min(1),
  lora: z.string().min(1).optional(),
  name: z.string().min(1),
  by: By,
  json: z.boolean().optional(),
});
const EvalFlags = z.object({
  suite: z.string().min(1),
  thresholds: z.string().min(1).optional(),
  predictions: z.string().min(1).optional(),
  json: z.boolean().optional(),
});
const PromoteFlags = z.object({
  override: z.string().trim().min(3, 'needs a reason of at least 3 characters').max(2000).optional(),
  by: By,
  thresholds: z.string().min(1).optional(),
  json: z.boolean().optional(),
});
const ListFlags = z.object({ json: z.boolean().optional() });

function describe(m: ModelVersion): string {
  const g = m.gguf.metadata;
  const params =
    g.parameters >= 1e9
      ? `${(g.parameters / 1e9).toFixed(1)}B`
      : g.parameters >= 1e6
        ? `${(g.parameters / 1e6).toFixed(1)}M`
        : `${g.parameters}`;
  return `${versionLabel(m)}  ${g.architecture} ${params} params ${g.quantization} ctx ${g.contextLength ?? '?'}${g.chatTemplate ? '' : ' (no chat template)'}  sha256:${m.gguf.sha256.slice(0, 12)}`;
}

/** `chartside models …`: the model registry and the promotion gate (issue 8). */
export function registerModelsCommands(program: Command): void {
  const models = program
    .command('models')
    .description(
      'Model registry: add GGUF versions, evaluate them, promote one to serve (registry: CHARTSIDE_DATABASE_URL when set, else CHARTSIDE_REGISTRY_DIR).',
    );

  models
    .command('add')
    .description('Record a GGUF model (SHA-256, size, GGUF metadata) as a new version of NAME; refuses non-GGUF files.')
    .requiredOption('--gguf <path>', 'the GGUF model file')
    .option('--lora <path>', 'a GGUF LoRA adapter applied on top')
    .requiredOption('--name <name>', 'model name (letters, digits, ".", "_", "-")')
    .option('--by <who>', 'who adds it (default: the OS user)')
    .option('--json', 'print the registered version as JSON')
    .action(
      action(async (raw: unknown) => {
        const flags = parseOrThrow(AddFlags, raw, 'flags');
        const added = await withStore((store) =>
          addModel(store, {
            ggufPath: flags.gguf,
            ...(flags.lora ? { loraPath: flags.lora } : {}),
            name: flags.name,
            by: flags.by ?? whoami(),
          }),
        );
        if (flags.json) printJson(added);
        else process.stdout.write(`added ${describe(added)}\n`);
      }),
    );

  models
    .command('eval')
    .description('Run the evaluation suite on a version (NAME = latest, or NAME@vN) and store the results with it.')
    .argument('<name>', 'NAME or NAME@vN')
    .requiredOption(
      '--suite <dir>',
      'folder of coding.jsonl, triage.jsonl, deid.jsonl, note.jsonl, discharge.jsonl, patient-comm.jsonl',
    )
    .option('--thresholds <file>', 'site thresholds (default: thresholds.json in the registry, else the built-in gate)')
    .option('--predictions <dir>', 'folder of <task>.predictions.jsonl ({"id","output"}) for generation tasks')
    .option('--json', 'print the whole report as JSON')
    .action(
      action(async (name: string, raw: unknown) => {
        const flags = parseOrThrow(EvalFlags, raw, 'flags');
        const config = loadConfig();
        const { model, report, evaluation, dir } = await withStore(async (registry) => ({
          ...(await evaluateModel(registry, name, {
            suiteDir: flags.suite,
            thresholds: await thresholdsFor(registry, flags.thresholds),
            config,
            ...(flags.predictions ? { predictionsDir: flags.predictions } : {}),
            progress: stderrProgress(),
          })),
          dir: registry.dir,
        }));
        if (flags.json) {
          printJson(report);
          return;
        }
        process.stdout.write(`${versionLabel(model)}: gate ${report.gate.passed ? 'PASSED' : 'FAILED'}\n`);
        for (const c of report.gate.checks)
          process.stdout.write(
            `  ${c.status.padEnd(13)} ${`${c.task}.${c.metric}`.padEnd(32)} ${c.value ?? '–'} (needs ${c.bound})\n`,
          );
        process.stdout.write(`report: ${dir}/${evaluation.html}\n`);
      }),
    );

  models
    .command('promote')
    .description('Serve this version: only if every gated metric passes, or with an audited --override "reason".')
    .argument('<name>', 'NAME or NAME@vN (promoting an earlier version is a rollback)')
    .option('--override <reason>', 'promote although the gate fails; the reason is logged')
    .option('--by <who>', 'who promotes (default: the OS user)')
    .option('--thresholds <file>', 'site thresholds (default: thresholds.json in the registry, else the built-in gate)')
    .option('--json', 'print the promotion log entry as JSON')
    .action(
      action(async (name: string, raw: unknown) => {
        const flags = parseOrThrow(PromoteFlags, raw, 'flags');
        const { model, entry } = await withStore(async (registry) =>
          promoteModel(registry, name, {
            ...(flags.override ? { override: flags.override } : {}),
            by: flags.by ?? whoami(),
            thresholds: await thresholdsFor(registry, flags.thresholds),
          }),
        );
        if (flags.json) printJson(entry);
        else
          process.stdout.write(
            `promoted ${versionLabel(model)}${entry.action === 'override' ? ' by override (logged)' : ''}${entry.previous ? `; ${entry.previous} retired` : ''}\n`,
          );
      }),
    );

  models
    .command('list')
    .description('Versions, status and headline scores.')
    .option('--json', 'print the registry as JSON')
    .action(
      action(async (raw: unknown) => {
        const flags = parseOrThrow(ListFlags, raw, 'flags');
        const registry = await withStore((store) => store.read());
        if (flags.json) {
          printJson(registry);
          return;
        }
        if (registry.models.length === 0) process.stdout.write('no models registered\n');
        for (const m of registry.models) {
          const e = m.evaluation;
          const scores = e
            ? Object.entries(e.scores)
                .filter(
                  ([k]) =>
                    /^(coding\.top1|triage\.emergentRecall|note\.bleu|discharge\.bleu|patient-comm\.gradeLevel)$/.test(
                      k,
                    ) || k.endsWith('hallucinatedDoses'),
                )
                .map(([k, v]) => `${k}=${v}`)
                .join(' ')
            : 'not evaluated';
          process.stdout.write(
            `${m.status.padEnd(10)} ${describe(m)}\n           ${e ? `gate ${e.gatePassed ? 'passed' : 'failed'} ${e.at}: ` : ''}${scores}${m.override ? `  [override: ${m.override.reason}]` : ''}\n`,
          );
        }
      }),
    );

  models
    .command('log')
    .description('The promotion log, oldest first: who promoted what, when, from which version, the gate result.')
    .option('--json', 'print the entries as JSON')
    .action(
      action(async (raw: unknown) => {
        const flags = parseOrThrow(ListFlags, raw, 'flags');
        const entries = await withStore((store) => store.promotions());
        if (flags.json) {
          printJson(entries);
          return;
        }
        if (entries.length === 0) process.stdout.write('no promotions\n');
        for (const e of entries)
          process.stdout.write(
            `${e.at}  ${e.action.padEnd(8)} ${e.previous ?? '(none)'} -> ${e.model}  by ${e.by}  gate ${e.gatePassed ? 'passed' : `failed (${e.failed.join(', ') || 'nothing measured'})`}${e.reason ? `  reason: ${e.reason}` : ''}\n`,
          );
      }),
    );
}
