import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { loadConfig } from '../../server/config.ts';
import { AppError } from '../../server/errors/app-error.ts';
import { createLogger } from '../../server/log/logger.ts';
import { createSuggestionRuntime } from '../../server/suggest/runtime.ts';

const logger = createLogger({ level: 'silent' });
const emptyRegistry = (): string => join(mkdtempSync(join(tmpdir(), 'chartside-registry-')), 'registry');

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
