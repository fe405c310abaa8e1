import type { Config } from '../config.ts';
import { AppError } from '../errors/app-error.ts';
import { resolveServingModel } from '../registry/serving-model.ts';
import { createDeidentifier, resolveDeidSecret, type Deidentifier } from '../deid/index.ts';
import type { InferenceBackend } from '../inference/backend.ts';
import { createLlamaBackend } from '../inference/llama-backend.ts';
import { createOpenAiCompatibleBackend } from '../inference/openai-compatible-backend.ts';
import type { Logger } from '../log/logger.ts';
import { loadTerminology } from '../../terminology/icd10cm/load.ts';
import type { Terminology } from '../../terminology/icd10cm/terminology.ts';
import { createSuggestionPipeline, type SuggestionPipeline } from './pipeline.ts';
import { createRulesBackend } from './rules-backend.ts';

export interface SuggestionRuntime {
  terminology: Terminology;
  deidentifier: Deidentifier;
  pipeline: SuggestionPipeline;
  close(): Promise<void>;
}

/** The backend the configuration names; a model that cannot load stops start-up with a clear error. */
export async function createBackend(
  config: Config,
  terminology: Terminology,
  logger: Logger,
): Promise<InferenceBackend> {
  switch (config.backend) {
    case 'rules':
      return createRulesBackend(terminology);
    case 'llama': {
      // The server serves the registry's promoted version (checked against its SHA-256 at load); a model
      // named directly is for development and evaluation only.
      const serving = await resolveServingModel(config);
      if (!serving && (config.model === undefined || config.mode === 'production')) {
        throw new AppError(
          'CONFIG',
          config.mode === 'production'
            ? 'invalid configuration: CHARTSIDE_BACKEND is llama but no model version is promoted (chartside models promote NAME)'
            : 'invalid configuration: CHARTSIDE_MODEL is required when CHARTSIDE_BACKEND is llama and no model is promoted',
        );
      }
      if (!serving)
        logger.warn({ backend: 'llama' }, 'serving a model named by CHARTSIDE_MODEL, not a promoted registry version');
      else logger.info({ backend: 'llama', model: serving.label }, 'serving the promoted model version');
      const lora = serving ? serving.loraPath : config.modelLora;
      return createLlamaBackend({
        modelPath: serving?.path ?? config.model ?? '',
        ...(serving ? { expectedSha256: serving.sha256 } : {}),
        ...(lora ? { loraPath: lora } : {}),
        gpu: config.modelGpu === 'auto' ? 'auto' : false,
        timeoutMs: config.modelTimeoutMs,
        logger,
      });
    }
    case 'openai-compatible':
      return createOpenAiCompatibleBackend({
        baseUrl: config.modelServerUrl ?? '',
        model: config.modelServerModel,
        allowedHosts: config.modelServerAllowedHosts,
        ...(config.modelServerApiKey ? { apiKey: config.modelServerApiKey } : {}),
        timeoutMs: config.modelTimeoutMs,
        logger,
      });
  }
}

/** Terminology, de-identifier, backend and pipeline, as the configuration says; shared by server, CLI and eval. */
export async function createSuggestionRuntime(config: Config, logger: Logger): Promise<SuggestionRuntime> {
  const terminology = await loadTerminology(config.terminology);
  const secret = resolveDeidSecret({ secret: config.deidSecret, mode: config.mode });
  const deidentifier = createDeidentifier({ secret });
  const backend = await createBackend(config, terminology, logger);
  const rules = createRulesBackend(terminology);
  const pipeline = createSuggestionPipeline({
    terminology,
    deidentifier,
    backend,
    rulesVersion: rules.modelVersion,
    logger,
    modelTimeoutMs: config.modelTimeoutMs,
  });
  return { terminology, deidentifier, pipeline, close: () => backend.close() };
}
