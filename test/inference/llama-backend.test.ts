import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { before, after, describe, test } from 'node:test';
import { isAppError } from '../../server/errors/app-error.ts';
import { TRIAGE_LEVELS, type DecisionRequest, type ModelDecision } from '../../server/inference/backend.ts';
import {
  createLlamaBackend,
  type LlamaBackend,
  type LlamaBackendOptions,
} from '../../server/inference/llama-backend.ts';
import { createLogger } from '../../server/log/logger.ts';
import { capturingLogger, CANDIDATES, request, tempDir, tinyModel } from './tiny-model.ts';

const quiet = createLogger({ level: 'silent' });
/** Short free-text bounds keep a random model's answers (which always run to the bound) quick on 2 CPU cores. */
const TEST_OPTIONS = {
  gpu: false,
  threads: 1,
  contextSize: 4096,
  maxTokens: 2048,
  answerLimits: { evidenceChars: 40, rationaleChars: 40 },
  logger: quiet,
} satisfies Omit<LlamaBackendOptions, 'modelPath'>;

function assertValidDecision(decision: ModelDecision, req: DecisionRequest): void {
  const allowed = new Set(req.candidates.map((c) => c.code));
  assert.ok(decision.codes.length <= req.maxCodes, 'no more codes than asked');
  assert.equal(new Set(decision.codes.map((c) => c.code)).size, decision.codes.length, 'no duplicate codes');
  for (const c of decision.codes) {
    assert.ok(allowed.has(c.code), 'every code is a candidate');
    assert.ok(c.confidence >= 0 && c.confidence <= 1);
    assert.equal(typeof c.evidence, 'string');
    assert.ok([...c.evidence].length <= 40);
    assert.equal(typeof c.rationale, 'string');
  }
  if (req.wantTriage) assert.ok(decision.triage && TRIAGE_LEVELS.includes(decision.triage.level));
  else assert.equal(decision.triage, undefined);
}

describe('llama backend on a random-weight tiny GGUF', () => {
  let modelPath = '';
  let sampling: LlamaBackend;

  const cleanups: (() => Promise<void>)[] = [];
  before(async () => {
    modelPath = (await tinyModel({ after: (fn) => cleanups.push(fn) }, 1)).path;
    // Sampling at temperature 1 over near-flat logits walks many grammar paths; seeded, so the run is reproducible.
    sampling = await createLlamaBackend({ ...TEST_OPTIONS, modelPath, temperature: 1, seed: 3 });
  });
  after(async () => {
    await sampling.close();
    for (const cleanup of cleanups) await cleanup();
  });

  test('loads the model through prebuilt llama.cpp and names it by file and SHA-256', async () => {
    const sha = createHash('sha256')
      .update(await readFile(modelPath))
      .digest('hex');
    assert.equal(sampling.modelVersion, `llama:tiny.gguf@sha256:${sha.slice(0, 12)}`);
    assert.equal(sampling.modelFile.sha256, sha);
    assert.equal(sampling.name, 'llama');
    assert.equal(sampling.ready(), true);
  });

  test('every answer holds only candidate codes, within maxCodes, and a valid triage level when asked', async () => {
    const cases: DecisionRequest[] = [
      request('Productive cough and fever for three days. CXR: right lower lobe consolidation.'),
      request('Known hypertension, BP 162/98 today. No chest pain.', { wantTriage: false, maxCodes: 2 }),
      request('Fell on outstretched right hand; deformity of the distal radius.', { candidates: CANDIDATES.slice(3) }),
      request('A1c 8.1 %, on metformin.', { candidates: CANDIDATES.slice(4, 5), maxCodes: 1, wantTriage: false }),
      request('Température 38,9 °C, toux — patient très fatigué.', { candidates: CANDIDATES.slice(0, 3) }),
      request('Routine follow-up, no complaints.', { candidates: [], wantTriage: true }),
      request('Cough.', { candidates: CANDIDATES.slice(1, 2), maxCodes: 1 }),
      request('Fever and cough, elderly, confused.', { maxCodes: 3, wantTriage: false }),
    ];
    let codesSeen = 0;
    for (const req of cases) {
      const decision = await sampling.decide(req, {});
      assertValidDecision(decision, req);
      codesSeen += decision.codes.length;
      assert.ok(decision.stats && decision.stats.outputTokens !== undefined && decision.stats.outputTokens > 0);
    }
    assert.ok(codesSeen > 0, 'the grammar paths with codes were exercised');
  });

  test('a request with no candidates and no triage is answered without the model', async () => {
    const decision = await sampling.decide(request('Anything.', { candidates: [], wantTriage: false }), {});
    assert.deepEqual(decision, { codes: [] });
  });

  test('an invalid request is refused as INVALID_INPUT before any generation', async () => {
    await assert.rejects(sampling.decide(request('Cough.', { maxCodes: 0 }), {}), (e) => {
      assert.ok(isAppError(e));
      assert.equal(e.code, 'INVALID_INPUT');
      assert.match(e.message, /decision\.maxCodes/);
      return true;
    });
  });

  test('a caller abort rejects with UPSTREAM_MODEL and the backend answers the next request', async () => {
    const controller = new AbortController();
    const pending = sampling.decide(request('Fever and cough.'), { signal: controller.signal });
    controller.abort();
    await assert.rejects(pending, (e) => {
      assert.ok(isAppError(e));
      assert.equal(e.code, 'UPSTREAM_MODEL');
      assert.equal(e.message, 'model request was cancelled');
      return true;
    });
    const req = request('Fever and cough.');
    assertValidDecision(await sampling.decide(req, {}), req);
  });
});

test('greedy decoding (the default) answers the same request identically', async (t) => {
  const { path } = await tinyModel(t, 2);
  const backend = await createLlamaBackend({ ...TEST_OPTIONS, modelPath: path });
  t.after(() => backend.close());
  const req = request('Productive cough and fever for three days.');
  const first = await backend.decide(req, {});
  const second = await backend.decide(req, {});
  assertValidDecision(first, req);
  assert.deepEqual({ ...second, stats: undefined }, { ...first, stats: undefined });
});

test('a file that is not GGUF is refused with a CONFIG error naming the file, before llama.cpp sees it', async (t) => {
  const path = join(await tempDir(t), 'model.gguf');
  await writeFile(path, '<!doctype html><title>Sign in</title>');
  await assert.rejects(createLlamaBackend({ ...TEST_OPTIONS, modelPath: path }), (e) => {
    assert.ok(isAppError(e));
    assert.equal(e.code, 'CONFIG');
    assert.equal(e.message, 'model file model.gguf is not a GGUF file (bad magic bytes)');
    return true;
  });
});

test('a missing model file and a SHA-256 mismatch (model or LoRA adapter) are refused with CONFIG errors', async (t) => {
  const { path } = await tinyModel(t, 1);
  await assert.rejects(createLlamaBackend({ ...TEST_OPTIONS, modelPath: `${path}.missing` }), {
    code: 'CONFIG',
    message: 'model file tiny.gguf.missing cannot be opened',
  });
  await assert.rejects(createLlamaBackend({ ...TEST_OPTIONS, modelPath: path, expectedSha256: '0'.repeat(64) }), {
    code: 'CONFIG',
    message: 'model file tiny.gguf does not match its configured SHA-256',
  });
  // The registry's LoRA adapter is checked too, before llama.cpp reads either file.
  await assert.rejects(
    createLlamaBackend({ ...TEST_OPTIONS, modelPath: path, loraPath: path, expectedLoraSha256: 'f'.repeat(64) }),
    { code: 'CONFIG', message: 'LoRA adapter file tiny.gguf does not match its configured SHA-256' },
  );
});

test('a request that outlives timeoutMs rejects with "model timed out" and frees its slot', async (t) => {
  const { path } = await tinyModel(t, 1);
  const backend = await createLlamaBackend({ ...TEST_OPTIONS, modelPath: path, timeoutMs: 1 });
  t.after(() => backend.close());
  for (let i = 0; i < 2; i++) {
    await assert.rejects(backend.decide(request('Fever and cough.'), {}), (e) => {
      assert.ok(isAppError(e));
      assert.equal(e.code, 'UPSTREAM_MODEL');
      assert.equal(e.message, 'model timed out after 1 ms');
      return true;
    });
  }
});

test('beyond poolSize + maxQueue concurrent requests, the extra ones are refused at once', async (t) => {
  const { path } = await tinyModel(t, 1);
  const backend = await createLlamaBackend({ ...TEST_OPTIONS, modelPath: path, poolSize: 1, maxQueue: 1 });
  t.after(() => backend.close());
  const reqs = [request('Cough.'), request('Fever.'), request('Cough and fever.'), request('Hypertension.')];
  const results = await Promise.allSettled(reqs.map((r) => backend.decide(r, {})));
  assert.deepEqual(
    results.map((r) => r.status),
    ['fulfilled', 'fulfilled', 'rejected', 'rejected'],
  );
  for (const r of results) {
    if (r.status === 'rejected')
      assert.deepEqual(
        { code: r.reason.code, message: r.reason.message },
        { code: 'UPSTREAM_MODEL', message: 'model queue is full (1 waiting)' },
      );
  }
});

test('neither logs nor errors carry the case text (PHI canary)', async (t) => {
  const { path } = await tinyModel(t, 1);
  const { logger, lines } = capturingLogger();
  const backend = await createLlamaBackend({ ...TEST_OPTIONS, modelPath: path, logger, timeoutMs: 1 });
  const canary = 'Zebulon Quartermaine MRN 00424242';
  const error = await backend.decide(request(`${canary} has a cough.`), {}).catch((e: unknown) => e);
  await backend.close();
  assert.ok(isAppError(error));
  assert.ok(!error.message.includes('Zebulon') && !JSON.stringify(error).includes('Zebulon'));
  assert.ok(lines().includes('model decision failed'));
  assert.ok(!lines().includes('Zebulon') && !lines().includes('00424242'));
  assert.equal(backend.ready(), false);
  await assert.rejects(backend.decide(request('Cough.'), {}), {
    code: 'UPSTREAM_MODEL',
    message: 'model backend is closed',
  });
});
