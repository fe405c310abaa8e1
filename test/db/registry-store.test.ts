import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { writeTinyGguf } from '../../fixtures/models/write-tiny-gguf.ts';
import { openDatabase, type Database } from '../../server/db/database.ts';
import { migrateDatabase } from '../../server/db/migrate.ts';
import { pgRegistryStore } from '../../server/db/pg-registry-store.ts';
import { AppError } from '../../server/errors/app-error.ts';
import { DEFAULT_THRESHOLDS } from '../../server/eval/thresholds.ts';
import { addModel, promoteModel, recordEvaluation } from '../../server/registry/model-registry.ts';
import type { RegistryStore } from '../../server/registry/registry-store.ts';
import { resolveServingModel } from '../../server/registry/serving-model.ts';
import { captureLogger } from '../helpers/app.ts';
import { startTestPostgres, type TestPostgres } from '../helpers/postgres.ts';
import { tempDir } from '../inference/tiny-model.ts';
import { gateReport } from '../registry/gate-reports.ts';

const BIN = fileURLToPath(new URL('../../bin/chartside.js', import.meta.url));
const NOW = new Date('2026-03-01T12:00:00.000Z');
const { logger } = captureLogger();
const scope: { fns: (() => Promise<void>)[]; after(fn: () => Promise<void>): void } = {
  fns: [],
  after(fn) {
    this.fns.push(fn);
  },
};

let cluster: TestPostgres;
let dbA: Database;
let dbB: Database;
let dir: string;
/** Two replicas' (or a replica's and an operator's CLI) views of one registry: separate pools, one database. */
let a: RegistryStore;
let b: RegistryStore;

before(async () => {
  cluster = await startTestPostgres();
  dbA = openDatabase({ url: cluster.url, maxConnections: 4, logger });
  dbB = openDatabase({ url: cluster.url, maxConnections: 4, logger });
  await migrateDatabase(dbA);
  dir = await tempDir(scope);
  a = pgRegistryStore(dbA, join(dir, 'registry-a'));
  b = pgRegistryStore(dbB, join(dir, 'registry-b'));
});
after(async () => {
  await dbA?.close();
  await dbB?.close();
  await cluster?.destroy();
  for (const fn of scope.fns) await fn();
});

function chartside(args: string[]) {
  const r = spawnSync(process.execPath, [BIN, ...args], {
    encoding: 'utf8',
    env: { ...process.env, CHARTSIDE_DATABASE_URL: cluster.url, CHARTSIDE_REGISTRY_DIR: join(dir, 'registry-cli') },
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

test('versions added concurrently through two stores on one database each get their own number', async () => {
  const files = await Promise.all([1, 2, 3, 4].map((seed) => writeTinyGguf(join(dir, `tiny-${seed}.gguf`), { seed })));
  const added = await Promise.all(
    files.map((f, i) => addModel(i % 2 ? a : b, { ggufPath: f.path, name: 'tiny', by: `op${i}`, now: NOW })),
  );
  assert.deepEqual(added.map((m) => m.version).sort(), [1, 2, 3, 4]);
  const seenByB = await b.read();
  assert.deepEqual(
    seenByB.models.map((m) => m.version),
    [1, 2, 3, 4].filter((v) => added.some((m) => m.version === v)).sort((x, y) => x - y),
  );
  assert.equal(seenByB.promoted, null);
  assert.deepEqual(await a.read(), seenByB);
});

test('a promotion through one store is what the other serves, and the promotion log is one chain', async () => {
  const passing = gateReport(0.95, NOW);
  const failing = gateReport(0.5, NOW);
  // Evaluated through A (reports in the database), promoted through B, which re-gates the stored report.
  await recordEvaluation(a, 'tiny@v1', passing, dir);
  await recordEvaluation(a, 'tiny@v2', failing, dir);
  await promoteModel(b, 'tiny@v1', { by: 'alice', thresholds: DEFAULT_THRESHOLDS, now: NOW });
  assert.equal((await resolveServingModel(a))?.label, 'tiny@v1');
  await assert.rejects(
    promoteModel(a, 'tiny@v2', { by: 'bob', thresholds: DEFAULT_THRESHOLDS }),
    (e) => e instanceof AppError && e.code === 'PRECONDITION_FAILED' && /tiny@v2 fails the gate/.test(e.message),
  );
  await promoteModel(a, 'tiny@v2', { by: 'bob', override: 'pilot ward', thresholds: DEFAULT_THRESHOLDS, now: NOW });
  assert.equal((await resolveServingModel(b))?.label, 'tiny@v2');
  await promoteModel(b, 'tiny@v1', { by: 'alice', thresholds: DEFAULT_THRESHOLDS, now: NOW });
  const registry = await a.read();
  assert.deepEqual(registry.promoted, { name: 'tiny', version: 1 });
  assert.deepEqual(
    registry.models.filter((m) => m.version <= 2).map((m) => [m.version, m.status]),
    [
      [1, 'promoted'],
      [2, 'retired'],
    ],
  );
  const log = await a.promotions();
  assert.deepEqual(
    log.map((e) => [e.action, e.previous, e.model, e.by, e.gatePassed]),
    [
      ['promote', null, 'tiny@v1', 'alice', true],
      ['override', 'tiny@v1', 'tiny@v2', 'bob', false],
      ['promote', 'tiny@v2', 'tiny@v1', 'alice', true],
    ],
  );
  assert.deepEqual(await b.promotions(), log);
});

test('chartside models list and log read the database when CHARTSIDE_DATABASE_URL is set', () => {
  const list = chartside(['models', 'list', '--json']);
  assert.equal(list.code, 0, list.stderr);
  const registry = JSON.parse(list.stdout) as { promoted: unknown; models: unknown[] };
  assert.deepEqual(registry.promoted, { name: 'tiny', version: 1 });
  assert.equal(registry.models.length, 4);
  const log = chartside(['models', 'log']);
  assert.equal(log.code, 0, log.stderr);
  assert.deepEqual(
    log.stdout
      .trim()
      .split('\n')
      .map((l) => l.replace(/^\S+\s+/, '').replace(/\s+/g, ' ')),
    [
      'promote (none) -> tiny@v1 by alice gate passed',
      'override tiny@v1 -> tiny@v2 by bob gate failed (coding.top1) reason: pilot ward',
      'promote tiny@v2 -> tiny@v1 by alice gate passed',
    ],
  );
});

test('a promotion whose log entry cannot be written leaves the serving version unchanged', async () => {
  await dbA.query(`CREATE FUNCTION refuse_promotion() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN RAISE EXCEPTION 'refused by test'; END $$`);
  await dbA.query(
    'CREATE TRIGGER refuse BEFORE INSERT ON model_promotions FOR EACH ROW EXECUTE FUNCTION refuse_promotion()',
  );
  try {
    await assert.rejects(promoteModel(a, 'tiny@v2', { by: 'eve', override: 'no log', thresholds: DEFAULT_THRESHOLDS }));
  } finally {
    await dbA.query('DROP TRIGGER refuse ON model_promotions');
    await dbA.query('DROP FUNCTION refuse_promotion()');
  }
  assert.equal((await resolveServingModel(b))?.label, 'tiny@v1');
  assert.equal((await b.promotions()).length, 3);
});

test('an edited promotion log entry fails its hash chain', async () => {
  await dbA.query(`UPDATE model_promotions SET line = replace(line, '"bob"', '"mallory"') WHERE seq = 2`);
  await assert.rejects(
    b.promotions(),
    (e) =>
      e instanceof AppError && e.code === 'CORRUPT_DATA' && /model_promotions #2: hash chain broken/.test(e.message),
  );
  const cli = chartside(['models', 'log']);
  assert.equal(cli.code, 3);
  assert.match(cli.stderr, /^chartside: model_promotions #2: hash chain broken\n$/);
});
