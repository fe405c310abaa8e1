import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { writeTinyGguf } from '../../fixtures/models/write-tiny-gguf.ts';
import { DEFAULT_THRESHOLDS } from '../../server/eval/thresholds.ts';
import type { InferenceBackend, ModelDecision } from '../../server/inference/backend.ts';
import { createLlamaBackend } from '../../server/inference/llama-backend.ts';
import { createSwappableBackend } from '../../server/inference/swappable-backend.ts';
import { FileRegistryStore } from '../../server/registry/file-registry-store.ts';
import { addModel, promoteModel, recordEvaluation } from '../../server/registry/model-registry.ts';
import { resolveServingModel, type ServingModel } from '../../server/registry/serving-model.ts';
import { watchServingModel } from '../../server/registry/serving-watcher.ts';
import { capturingLogger, request, tempDir } from '../inference/tiny-model.ts';
import { gateReport } from './gate-reports.ts';

const report = gateReport(0.95);

function fakeBackend(version: string): InferenceBackend & { closed: boolean; release(): void } {
  let release = (): void => undefined;
  const gate = new Promise<void>((resolve) => (release = resolve));
  const backend = {
    name: 'llama' as const,
    modelVersion: version,
    closed: false,
    release: () => release(),
    ready: () => !backend.closed,
    async decide(): Promise<ModelDecision> {
      await gate;
      return { codes: [] };
    },
    close() {
      backend.closed = true;
      return Promise.resolve();
    },
  };
  return backend;
}

test('a swapped backend answers new requests at once and closes the old one after its requests finish', async () => {
  const old = fakeBackend('v1');
  const next = fakeBackend('v2');
  next.release();
  const swappable = createSwappableBackend(old);
  const inFlight = swappable.decide(request('cough'), {});
  const swapped = swappable.swap(next);
  assert.equal(swappable.modelVersion, 'v2');
  await swappable.decide(request('fever'), {});
  assert.equal(old.closed, false);
  old.release();
  await inFlight;
  await swapped;
  assert.equal(old.closed, true);
  assert.equal(next.closed, false);
  await swappable.close();
  assert.equal(next.closed, true);
});

test('the watcher loads a newly promoted version after its SHA-256 check, and keeps serving when the file was altered', async (t) => {
  const dir = await tempDir(t);
  const store = new FileRegistryStore(join(dir, 'registry'));
  const files = [];
  for (const seed of [1, 2, 3]) {
    files.push(await writeTinyGguf(join(dir, `tiny-${seed}.gguf`), { seed }));
    await addModel(store, { ggufPath: join(dir, `tiny-${seed}.gguf`), name: 'tiny', by: 'it' });
    await recordEvaluation(store, `tiny@v${seed}`, report, dir);
  }
  await promoteModel(store, 'tiny@v1', { by: 'it', thresholds: DEFAULT_THRESHOLDS });
  const { logger, lines } = capturingLogger();
  const load = (m: ServingModel) =>
    createLlamaBackend({ modelPath: m.path, expectedSha256: m.sha256, gpu: false, threads: 1, logger });
  const first = (await resolveServingModel(store)) as ServingModel;
  const backend = createSwappableBackend(await load(first));
  t.after(() => backend.close());
  const watcher = watchServingModel({ store, backend, serving: first, load, everyMs: 3_600_000, logger });
  t.after(() => watcher.stop());

  await promoteModel(store, 'tiny@v2', { by: 'it', thresholds: DEFAULT_THRESHOLDS });
  await watcher.check();
  assert.match(backend.modelVersion, /^llama:tiny-2\.gguf@sha256:/);

  await promoteModel(store, 'tiny@v3', { by: 'it', thresholds: DEFAULT_THRESHOLDS });
  await writeTinyGguf(files[2]?.path ?? '', { seed: 42 });
  await watcher.check();
  assert.match(backend.modelVersion, /^llama:tiny-2\.gguf@sha256:/);
  assert.match(lines(), /the promoted model version could not be loaded; still serving the previous one/);
  assert.match(lines(), /"model":"tiny@v3"/);
  assert.equal(backend.ready(), true);
});
