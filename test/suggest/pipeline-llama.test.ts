import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createDeidentifier } from '../../server/deid/index.ts';
import { createLlamaBackend } from '../../server/inference/llama-backend.ts';
import { createSuggestionPipeline } from '../../server/suggest/pipeline.ts';
import { createRulesBackend } from '../../server/suggest/rules-backend.ts';
import { loadTerminology } from '../../terminology/icd10cm/load.ts';
import { captureLogger } from '../helpers/app.ts';
import { tinyModel } from '../inference/tiny-model.ts';

test('a random-weight GGUF through the whole pipeline answers only valid, retrieved codes and a safe level', async (t) => {
  const model = await tinyModel(t, 7);
  const { logger } = captureLogger();
  const backend = await createLlamaBackend({
    modelPath: model.path,
    gpu: false,
    threads: 1,
    timeoutMs: 120_000,
    maxTokens: 3000,
    contextSize: 8192,
    logger,
  });
  t.after(() => backend.close());
  const terminology = await loadTerminology();
  const rules = createRulesBackend(terminology);
  const pipeline = createSuggestionPipeline({
    terminology,
    deidentifier: createDeidentifier({ secret: 'test-secret-0123456789abcdef0123456789' }),
    backend,
    rulesVersion: rules.modelVersion,
    logger,
    modelTimeoutMs: 120_000,
  });
  const s = await pipeline.suggest(
    { text: 'Community acquired pneumonia. Type 2 diabetes without complications. SpO2 87% on room air.' },
    { wantCodes: true, wantTriage: true },
  );
  assert.equal(s.engine.backend, 'llama');
  assert.match(s.engine.modelVersion, /^llama:tiny\.gguf@sha256:[0-9a-f]{12}/);
  assert.ok(s.codes.every((c) => terminology.has(c.code) && c.source === 'llama'));
  assert.ok(s.codes.every((c) => c.evidence.every((e) => s.text.slice(e.start, e.end) === e.text)));
  assert.equal(s.triage?.level, 'EMERGENT', 'SpO2 87% sets the floor whatever the model says');
});
