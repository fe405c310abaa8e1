import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { writeTinyGguf, type TinyGgufInfo } from '../../fixtures/models/write-tiny-gguf.ts';
import { openDatabase, type Database } from '../../server/db/database.ts';
import { migrateDatabase } from '../../server/db/migrate.ts';
import { pgRegistryStore } from '../../server/db/pg-registry-store.ts';
import { DEFAULT_THRESHOLDS } from '../../server/eval/thresholds.ts';
import { addModel, promoteModel, recordEvaluation } from '../../server/registry/model-registry.ts';
import type { RegistryStore } from '../../server/registry/registry-store.ts';
import { startServer, type RunningServer } from '../../server/start.ts';
import { captureLogger, testConfig } from '../helpers/app.ts';
import { startTestPostgres, type TestPostgres } from '../helpers/postgres.ts';
import { tempDir } from '../inference/tiny-model.ts';
import { gateReport } from '../registry/gate-reports.ts';

const BIN = fileURLToPath(new URL('../../bin/chartside.js', import.meta.url));
const { logger } = captureLogger();
const cleanups: (() => Promise<void>)[] = [];
let cluster: TestPostgres;
let db: Database;
let store: RegistryStore;
let dir: string;
const models: TinyGgufInfo[] = [];
const running: RunningServer[] = [];

const passing = gateReport(0.95);

before(async () => {
  cluster = await startTestPostgres();
  db = openDatabase({ url: cluster.url, maxConnections: 2, logger });
  await migrateDatabase(db);
  dir = await tempDir({ after: (fn) => cleanups.push(fn) });
  store = pgRegistryStore(db, join(dir, 'registry'));
  // The GGUF files are on a path every replica reads (here one folder); the database keeps paths and SHA-256.
  for (const seed of [1, 2, 3]) {
    const info = await writeTinyGguf(join(dir, `tiny-${seed}.gguf`), { seed });
    models.push(info);
    await addModel(store, { ggufPath: info.path, name: 'tiny', by: 'it' });
    await recordEvaluation(store, `tiny@v${seed}`, passing, dir);
  }
  await promoteModel(store, 'tiny@v1', { by: 'it', thresholds: DEFAULT_THRESHOLDS });
});
after(async () => {
  for (const r of running) await r.close({ drain: false });
  await db?.close();
  await cluster?.destroy();
  for (const fn of cleanups) await fn();
});

function chartside(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, [BIN, ...args], {
    env: { ...process.env, CHARTSIDE_DATABASE_URL: cluster.url, CHARTSIDE_REGISTRY_DIR: join(dir, 'registry-cli') },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (c: Buffer) => (stdout += c.toString('utf8')));
  child.stderr.on('data', (c: Buffer) => (stderr += c.toString('utf8')));
  return new Promise((resolve) => child.on('close', (code) => resolve({ code, stdout, stderr })));
}

async function replica(): Promise<RunningServer> {
  const server = await startServer(
    testConfig({
      databaseUrl: cluster.url,
      registryDir: join(dir, 'registry'),
      backend: 'llama',
      modelGpu: 'off',
      registryRefreshMs: 200,
      shutdownDrainMs: 0,
      logLevel: 'silent',
    }),
    captureLogger().logger,
  );
  running.push(server);
  return server;
}

/** What /readyz says the replica serves: `llama:<file>@sha256:<12 hex>`. */
async function served(r: RunningServer): Promise<string> {
  const body = (await (await fetch(`${r.url}/readyz`)).json()) as { checks: { model: { version: string } } };
  return body.checks.model.version;
}

const sha12 = async (v: number): Promise<string> => {
  const m = (await store.read()).models.find((x) => x.version === v);
  return m?.gguf.sha256.slice(0, 12) ?? 'none';
};

test('chartside models promote on the shared database is served by both replicas within their refresh', async () => {
  const a = await replica();
  const b = await replica();
  const v1 = await sha12(1);
  assert.match(await served(a), new RegExp(`tiny-1\\.gguf@sha256:${v1}$`));
  assert.match(await served(b), new RegExp(`tiny-1\\.gguf@sha256:${v1}$`));

  // The operator promotes v2 with the CLI, on the shared database (from any machine with the URL).
  const promoted = await chartside(['models', 'promote', 'tiny@v2', '--by', 'ops']);
  assert.equal(promoted.code, 0, promoted.stderr);
  assert.equal(promoted.stdout, 'promoted tiny@v2; tiny@v1 retired\n');
  const v2 = await sha12(2);
  const seen: string[] = [];
  for (let i = 0; i < 300; i++) {
    seen.push(await served(b));
    if (seen.at(-1)?.endsWith(v2)) break;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  assert.match(seen.at(-1) ?? '', new RegExp(`tiny-2\\.gguf@sha256:${v2}$`));
  for (let i = 0; i < 300 && !(await served(a)).endsWith(v2); i++)
    await new Promise((resolve) => setTimeout(resolve, 100));
  assert.match(await served(a), new RegExp(`tiny-2\\.gguf@sha256:${v2}$`));
  assert.equal((await fetch(`${b.url}/readyz`)).status, 200);

  // One promotion log for every replica and operator.
  assert.deepEqual(
    (await store.promotions()).map((e) => [e.previous, e.model, e.by]),
    [
      [null, 'tiny@v1', 'it'],
      ['tiny@v1', 'tiny@v2', 'ops'],
    ],
  );
  for (const r of running.splice(0)) await r.close({ drain: false });
});

test('a promoted GGUF file altered after promotion is refused at load: the replica does not start', async () => {
  await promoteModel(store, 'tiny@v3', { by: 'it', thresholds: DEFAULT_THRESHOLDS });
  const file = models[2]?.path ?? '';
  await writeTinyGguf(file, { seed: 99 });
  await assert.rejects(replica(), (e: { code?: string; message?: string }) => {
    return e.code === 'CONFIG' && /tiny-3\.gguf does not match its configured SHA-256/.test(e.message ?? '');
  });
});
