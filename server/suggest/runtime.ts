import type { Config } from '../config.ts';
import { AppError } from '../errors/app-error.ts';
import type { Database } from '../db/database.ts';
import { createDeidentifier, resolveDeidSecret, type Deidentifier } from '../deid/index.ts';
import type { InferenceBackend } from '../inference/backend.ts';
import { createLlamaBackend } from '../inference/llama-backend.ts';
import { createOpenAiCompatibleBackend } from '../inference/openai-compatible-backend.ts';
import { createSwappableBackend } from '../inference/swappable-backend.ts';
import type { Logger } from '../log/logger.ts';
import { openRegistryStore } from '../registry/open-registry-store.ts';
import type { RegistryStore } from '../registry/registry-store.ts';
import { resolveServingModel, type ServingModel } from '../registry/serving-model.ts';
import { watchServingModel, type ServingWatcher } from '../registry/serving-watcher.ts';
import { loadTerminology } from '../../terminology/icd10cm/load.ts';
import type { Terminology } from '../../terminology/icd10cm/terminology.ts';
import { createSuggestionPipeline, type SuggestionPipeline } from './pipeline.ts';
import { createRulesBackend } from './rules-backend.ts';

export interface SuggestionRuntime {
  terminology: Terminology;
  deidentifier: Deidentifier;
  pipeline: SuggestionPipeline;
  /** Present when the server follows the registry's promotions (llama backend serving a promoted version). */
  servingWatcher?: ServingWatcher;
  close(): Promise<void>;
}

export interface RuntimeOptions {
  /** The model registry (files or database); opened from the configuration when a llama backend needs it. */
  registry?: RegistryStore;
  /** The shared database's pool, for a registry opened here. */
  database?: Database;
  /** Serve exactly this version (an evaluation of it), not the registry's promoted one. */
  model?: ServingModel;
}

function loadVersion(config: Config, logger: Logger, model: ServingModel): Promise<InferenceBackend> {
  return createLlamaBackend({
    modelPath: model.path,
    expectedSha256: model.sha256,
    ...(model.loraPath ? { loraPath: model.loraPath } : {}),
    ...(model.loraSha256 ? { expectedLoraSha256: model.loraSha256 } : {}),
    gpu: config.modelGpu === 'auto' ? 'auto' : false,
    timeoutMs: config.modelTimeoutMs,
    logger,
  });
}

interface CreatedBackend {
  backend: InferenceBackend;
  watcher?: ServingWatcher;
  close(): Promise<void>;
}

/** The backend the configuration names; a model that cannot load stops start-up with a clear error. */
async function openBackend(
  config: Config,
  terminology: Terminology,
  logger: Logger,
  options: RuntimeOptions,
): Promise<CreatedBackend> {
  const plain = (backend: InferenceBackend): CreatedBackend => ({ backend, close: () => backend.close() });
  switch (config.backend) {
    case 'rules':
      return plain(createRulesBackend(terminology));
    case 'llama': {
      if (options.model) return plain(await loadVersion(config, logger, options.model));
      // The server serves the registry's promoted version (checked against its SHA-256 at load); a model
      // named directly is for development and evaluation only.
      const own = options.registry === undefined;
      const registry = options.registry ?? (await openRegistryStore(config, logger, options.database));
      const closeRegistry = () => (own ? registry.close() : Promise.resolve());
      try {
        const serving = await resolveServingModel(registry);
        if (!serving && (config.model === undefined || config.mode === 'production')) {
          throw new AppError(
            'CONFIG',
            config.mode === 'production'
              ? 'invalid configuration: CHARTSIDE_BACKEND is llama but no model version is promoted (chartside models promote NAME)'
              : 'invalid configuration: CHARTSIDE_MODEL is required when CHARTSIDE_BACKEND is llama and no model is promoted',
          );
        }
        if (!serving) {
          logger.warn(
            { backend: 'llama' },
            'serving a model named by CHARTSIDE_MODEL, not a promoted registry version',
          );
          await closeRegistry();
          return plain(
            await createLlamaBackend({
              modelPath: config.model ?? '',
              ...(config.modelLora ? { loraPath: config.modelLora } : {}),
              gpu: config.modelGpu === 'auto' ? 'auto' : false,
              timeoutMs: config.modelTimeoutMs,
              logger,
            }),
          );
        }
        logger.info({ backend: 'llama', model: serving.label }, 'serving the promoted model version');
        const backend = createSwappableBackend(await loadVersion(config, logger, serving));
        const watcher =
          config.registryRefreshMs > 0
            ? watchServingModel({
                store: registry,
                backend,
                serving,
                load: (model) => loadVersion(config, logger, model),
                everyMs: config.registryRefreshMs,
                logger,
              })
            : undefined;
        return {
          backend,
          ...(watcher ? { watcher } : {}),
          async close() {
            await watcher?.stop();
            await backend.close();
            await closeRegistry();
          },
        };
      } catch (error) {
        await closeRegistry();
        throw error;
      }
    }
    case 'openai-compatible':
      return plain(
        createOpenAiCompatibleBackend({
          baseUrl: config.modelServerUrl ?? '',
          model: config.modelServerModel,
          allowedHosts: config.modelServerAllowedHosts,
          ...(config.modelServerApiKey ? { apiKey: config.modelServerApiKey } : {}),
          timeoutMs: config.modelTimeoutMs,
          logger,
        }),
      );
  }
}

/** Terminology, de-identifier, backend and pipeline, as the configuration says; shared by server, CLI and eval. */
export async function createSuggestionRuntime(
  config: Config,
  logger: Logger,
  options: RuntimeOptions = {},
): Promise<SuggestionRuntime> {
  const terminology = await loadTerminology(config.terminology);
  const secret = resolveDeidSecret({ secret: config.deidSecret, mode: config.mode });
  const deidentifier = createDeidentifier({ secret });
  const opened = await openBackend(config, terminology, logger, options);
  const rules = createRulesBackend(terminology);
  const pipeline = createSuggestionPipeline({
    terminology,
    deidentifier,
    backend: opened.backend,
    rulesVersion: rules.modelVersion,
    logger,
    modelTimeoutMs: config.modelTimeoutMs,
  });
  return {
    terminology,
    deidentifier,
    pipeline,
    ...(opened.watcher ? { servingWatcher: opened.watcher } : {}),
    close: () => opened.close(),
  };
}
