import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { appendFile, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { test } from 'node:test';
import { writeTinyGguf } from '../../fixtures/models/write-tiny-gguf.ts';
import { buildReport } from '../../server/eval/run-suite.ts';
import { DEFAULT_THRESHOLDS } from '../../server/eval/thresholds.ts';
import { AppError } from '../../server/errors/app-error.ts';
import { withFileLock } from '../../server/registry/file-lock.ts';
import { addModel, promoteModel, recordEvaluation } from '../../server/registry/model-registry.ts';
import { readPromotionLog } from '../../server/registry/promotion-log.ts';
import { FileRegistryStore } from '../../server/registry/file-registry-store.ts';
import { resolveServingModel } from '../../server/registry/serving-model.ts';
import { tempDir } from '../inference/tiny-model.ts';
import { codingReport, triageReport } from './gate-reports.ts';

const NOW = new Date('2026-03-01T12:00:00.000Z');

const coding = codingReport;
const triage = triageReport;

const rejects = (code: string, pattern: RegExp) => (error: unknown) =>
  error instanceof AppError && error.code === code && pattern.test(error.message);

async function setup(t: Parameters<typeof tempDir>[0]): Promise<{ store: FileRegistryStore; dir: string }> {
  const dir = await tempDir(t);
  return { store: new FileRegistryStore(join(dir, 'registry')), dir };
}

test('add records SHA-256, size and the GGUF metadata of the file', async (t) => {
  const { store, dir } = await setup(t);
  const info = await writeTinyGguf(join(dir, 'tiny.gguf'), { seed: 1 });
  const added = await addModel(store, { ggufPath: info.path, name: 'tiny', by: 'alice', now: NOW });
  assert.equal(added.version, 1);
  assert.equal(added.status, 'registered');
  assert.equal(
    added.gguf.sha256,
    createHash('sha256')
      .update(await readFile(info.path))
      .digest('hex'),
  );
  assert.equal(added.gguf.bytes, info.bytes);
  assert.deepEqual(added.gguf.metadata, {
    architecture: 'llama',
    modelName: 'chartside-tiny-random',
    // token_embd 64·262 + 2 blocks · 36 992 + output_norm 64 + output 64·262
    parameters: 107_584,
    quantization: 'ALL_F32',
    contextLength: 8192,
    chatTemplate: true,
  });
  assert.equal(added.addedBy, 'alice');
  assert.deepEqual((await store.read()).models.length, 1);
});

test('add refuses a file that is not GGUF, and the same file twice under one name', async (t) => {
  const { store, dir } = await setup(t);
  const fake = join(dir, 'model.gguf');
  await writeFile(fake, 'PK\u0003\u0004 definitely a zip file');
  await assert.rejects(
    addModel(store, { ggufPath: fake, name: 'x', by: 'a' }),
    rejects('INVALID_INPUT', /not a GGUF file/),
  );
  const info = await writeTinyGguf(join(dir, 'tiny.gguf'), { seed: 1 });
  await addModel(store, { ggufPath: info.path, name: 'tiny', by: 'a' });
  await assert.rejects(
    addModel(store, { ggufPath: info.path, name: 'tiny', by: 'a' }),
    rejects('INVALID_INPUT', /already registered as tiny@v1/),
  );
  await assert.rejects(
    addModel(store, { ggufPath: info.path, name: '../etc', by: 'a' }),
    rejects('INVALID_INPUT', /--name/),
  );
});

test('concurrent adds each get their own version and the registry stays valid', async (t) => {
  const { store, dir } = await setup(t);
  const files = await Promise.all(
    [1, 2, 3, 4, 5, 6].map((seed) => writeTinyGguf(join(dir, `m${seed}.gguf`), { seed })),
  );
  const added = await Promise.all(
    files.map((f) => addModel(new FileRegistryStore(store.dir), { ggufPath: f.path, name: 'tiny', by: 'a' })),
  );
  assert.deepEqual(added.map((a) => a.version).sort(), [1, 2, 3, 4, 5, 6]);
  const registry = await store.read();
  assert.deepEqual(registry.models.map((m) => m.version).sort(), [1, 2, 3, 4, 5, 6]);
});

test('a stale lock of a dead process is cleared; a live one makes others wait and then give up', async (t) => {
  const { store } = await setup(t);
  const lock = store.lockFile;
  await withFileLock(lock, () => Promise.resolve(undefined)); // creates the folder
  await writeFile(
    lock,
    JSON.stringify({ pid: 2 ** 22 + 12345, host: (await import('node:os')).hostname(), token: 'x' }),
  );
  assert.equal(await withFileLock(lock, () => Promise.resolve('ran')), 'ran');
  await withFileLock(lock, async () => {
    await assert.rejects(
      withFileLock(lock, () => Promise.resolve('never'), { timeoutMs: 50 }),
      rejects('IO', /locked by another chartside run/),
    );
  });
});

test('the gate: a passing model is promoted, a failing one refused, then overridden with a logged reason', async (t) => {
  const { store, dir } = await setup(t);
  const good = await writeTinyGguf(join(dir, 'good.gguf'), { seed: 1 });
  const bad = await writeTinyGguf(join(dir, 'bad.gguf'), { seed: 2 });
  await addModel(store, { ggufPath: good.path, name: 'tiny', by: 'a' });
  await addModel(store, { ggufPath: bad.path, name: 'tiny', by: 'a' });
  await assert.rejects(
    promoteModel(store, 'tiny@v1', { by: 'a', thresholds: DEFAULT_THRESHOLDS }),
    rejects('PRECONDITION_FAILED', /has not been evaluated/),
  );
  const passing = buildReport([coding(0.92), triage(0.96)], DEFAULT_THRESHOLDS, { modelVersion: 'v1' }, NOW);
  const failing = buildReport([coding(0.6, 0.01), triage(0.96)], DEFAULT_THRESHOLDS, { modelVersion: 'v2' }, NOW);
  assert.equal(passing.gate.passed, true);
  assert.equal(failing.gate.passed, false);
  await recordEvaluation(store, 'tiny@v1', passing, dir);
  await recordEvaluation(store, 'tiny@v2', failing, dir);

  const first = await promoteModel(store, 'tiny@v1', { by: 'alice', thresholds: DEFAULT_THRESHOLDS, now: NOW });
  assert.equal(first.entry.action, 'promote');
  assert.equal((await resolveServingModel(store))?.label, 'tiny@v1');

  await assert.rejects(
    promoteModel(store, 'tiny', { by: 'bob', thresholds: DEFAULT_THRESHOLDS }),
    rejects(
      'PRECONDITION_FAILED',
      /tiny@v2 fails the gate: coding\.top1 0\.6 \(needs ≥ 0\.9\), coding\.invalid 0\.01 \(needs ≤ 0\)/,
    ),
  );
  assert.equal((await resolveServingModel(store))?.label, 'tiny@v1');

  const forced = await promoteModel(store, 'tiny', {
    by: 'bob',
    override: 'pilot on one ward, coders review every code',
    thresholds: DEFAULT_THRESHOLDS,
    now: NOW,
  });
  assert.equal(forced.entry.action, 'override');
  assert.deepEqual(forced.entry.failed, ['coding.top1', 'coding.invalid']);
  const registry = await store.read();
  assert.deepEqual(
    registry.models.map((m) => [m.version, m.status]),
    [
      [1, 'retired'],
      [2, 'promoted'],
    ],
  );
  assert.equal(registry.models[1]?.override?.reason, 'pilot on one ward, coders review every code');

  // Rolling back is promoting the earlier version.
  await promoteModel(store, 'tiny@v1', { by: 'alice', thresholds: DEFAULT_THRESHOLDS, now: NOW });
  const serving = await resolveServingModel(store);
  assert.deepEqual(serving, {
    name: 'tiny',
    version: 1,
    label: 'tiny@v1',
    path: good.path,
    sha256: createHash('sha256')
      .update(await readFile(good.path))
      .digest('hex'),
  });
  const log = await readPromotionLog(store.promotionLog);
  assert.deepEqual(
    log.map((e) => [e.action, e.model, e.previous, e.by, e.reason ?? null]),
    [
      ['promote', 'tiny@v1', null, 'alice', null],
      ['override', 'tiny@v2', 'tiny@v1', 'bob', 'pilot on one ward, coders review every code'],
      ['promote', 'tiny@v1', 'tiny@v2', 'alice', null],
    ],
  );
});

test('site thresholds re-gate a stored evaluation at promotion', async (t) => {
  const { store, dir } = await setup(t);
  const info = await writeTinyGguf(join(dir, 'tiny.gguf'), { seed: 3 });
  await addModel(store, { ggufPath: info.path, name: 'site', by: 'a' });
  await recordEvaluation(
    store,
    'site',
    buildReport([coding(0.85)], DEFAULT_THRESHOLDS, { modelVersion: 'x' }, NOW),
    dir,
  );
  await assert.rejects(
    promoteModel(store, 'site', { by: 'a', thresholds: DEFAULT_THRESHOLDS }),
    rejects('PRECONDITION_FAILED', /coding\.top1/),
  );
  const lenient = { ...DEFAULT_THRESHOLDS, coding: { top1: { gte: 0.8 }, invalid: { lte: 0 } } };
  assert.equal((await promoteModel(store, 'site', { by: 'a', thresholds: lenient })).entry.action, 'promote');
});

test('a model file changed after it was added is refused at promotion; a tampered log is detected', async (t) => {
  const { store, dir } = await setup(t);
  const info = await writeTinyGguf(join(dir, 'tiny.gguf'), { seed: 4 });
  await addModel(store, { ggufPath: info.path, name: 'tiny', by: 'a' });
  await recordEvaluation(
    store,
    'tiny',
    buildReport([coding(0.95)], DEFAULT_THRESHOLDS, { modelVersion: 'x' }, NOW),
    dir,
  );
  await promoteModel(store, 'tiny', { by: 'a', thresholds: DEFAULT_THRESHOLDS });
  await appendFile(info.path, Buffer.from([0]));
  await assert.rejects(
    promoteModel(store, 'tiny', { by: 'a', thresholds: DEFAULT_THRESHOLDS }),
    (e: unknown) => e instanceof AppError && /does not match its configured SHA-256/.test(e.message),
  );
  const text = await readFile(store.promotionLog, 'utf8');
  await writeFile(store.promotionLog, text.replace('"by":"a"', '"by":"mallory"'));
  await assert.rejects(readPromotionLog(store.promotionLog), rejects('CORRUPT_DATA', /line 1: hash chain broken/));
});

test('resolveServingModel: nothing promoted or no registry → undefined; a damaged registry → CORRUPT_DATA', async (t) => {
  const { store } = await setup(t);
  assert.equal(await resolveServingModel(store), undefined);
  await withFileLock(store.lockFile, async () =>
    writeFile(store.file, '{"format":"chartside-registry/1","models":[]}'),
  );
  await assert.rejects(resolveServingModel(store), rejects('CORRUPT_DATA', /registry\.json/));
});
