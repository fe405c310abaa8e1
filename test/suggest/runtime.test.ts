import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { loadConfig } from '../../server/config.ts';
import { AppError } from '../../server/errors/app-error.ts';
import { createLogger } from '../../server/log/logger.ts';
import { createSuggestionRuntime } from '../../server/suggest/runtime.ts';
import { writeTinyGguf } from '../../fixtures/models/write-tiny-gguf.ts';
import { DEFAULT_THRESHOLDS } from '../../server/eval/thresholds.ts';
import { FileRegistryStore } from '../../server/registry/file-registry-store.ts';
import { addModel, promoteModel, recordEvaluation } from '../../server/registry/model-registry.ts';
import { servingVersion } from '../../server/registry/serving-model.ts';
import { tempDir } from '../inference/tiny-model.ts';
import { gateReport } from '../registry/gate-reports.ts';
import { testDir } from '../helpers/temp-dir.ts';

const logger = createLogger({ level: 'silent' });
const emptyRegistry = (): string => join(testDir('chartside-registry-'), 'registry');

test('in production the llama backend serves only a promoted registry version', async () => {
  const config = loadConfig({
    CHARTSIDE_MODE: 'production',
    CHARTSIDE_DEID_SECRET: 'x'.repeat(40),
    CHARTSIDE_BACKEND: 'llama',
    CHARTSIDE_MODEL: '/models/unvetted.gguf',
    CHARTSIDE_REGISTRY_DIR: emptyRegistry(),
  });
  await assert.rejects(
    createSuggestionRuntime(config, logger),
    (e) => e instanceof AppError && e.code === 'CONFIG' && /no model version is promoted/.test(e.message),
  );
});

test('in development, llama without a promoted version or a model path is a configuration error', async () => {
  const config = loadConfig({ CHARTSIDE_BACKEND: 'llama', CHARTSIDE_REGISTRY_DIR: emptyRegistry() });
  await assert.rejects(
    createSuggestionRuntime(config, logger),
    (e) => e instanceof AppError && e.code === 'CONFIG' && /CHARTSIDE_MODEL is required/.test(e.message),
  );
});

test('the rules backend needs no model and stamps its version', async () => {
  const runtime = await createSuggestionRuntime(loadConfig({}), logger);
  assert.match(runtime.pipeline.backend.modelVersion, /^rules:chartside-/);
  await runtime.close();
});

test('llama serves the promoted version, or exactly the version an evaluation names', async (t) => {
  const dir = await tempDir(t);
  const store = new FileRegistryStore(join(dir, 'registry'));
  for (const seed of [1, 2]) {
    await writeTinyGguf(join(dir, `tiny-${seed}.gguf`), { seed });
    await addModel(store, { ggufPath: join(dir, `tiny-${seed}.gguf`), name: 'tiny', by: 'it' });
    await recordEvaluation(store, `tiny@v${seed}`, gateReport(0.95), dir);
  }
  await promoteModel(store, 'tiny@v1', { by: 'it', thresholds: DEFAULT_THRESHOLDS });
  const config = loadConfig({
    CHARTSIDE_BACKEND: 'llama',
    CHARTSIDE_MODEL_GPU: 'off',
    CHARTSIDE_REGISTRY_DIR: store.dir,
    CHARTSIDE_REGISTRY_REFRESH_MS: '0',
  });
  const served = await createSuggestionRuntime(config, logger);
  t.after(() => served.close());
  assert.match(served.pipeline.backend.modelVersion, /^llama:tiny-1\.gguf@sha256:/);
  const v2 = (await store.read()).models.find((m) => m.version === 2);
  assert.ok(v2);
  const evaluated = await createSuggestionRuntime(config, logger, { model: servingVersion(v2) });
  t.after(() => evaluated.close());
  assert.match(evaluated.pipeline.backend.modelVersion, /^llama:tiny-2\.gguf@sha256:/);
});
