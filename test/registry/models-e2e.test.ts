import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { test } from 'node:test';
import { markDeidentified } from '../../server/deid/deidentified.ts';
import { createLlamaBackend } from '../../server/inference/llama-backend.ts';
import { createLogger } from '../../server/log/logger.ts';
import { readPromotionLog } from '../../server/registry/promotion-log.ts';
import { FileRegistryStore } from '../../server/registry/file-registry-store.ts';
import { resolveServingModel } from '../../server/registry/serving-model.ts';
import { tempDir, tinyModel } from '../inference/tiny-model.ts';

const BIN = fileURLToPath(new URL('../../bin/chartside.js', import.meta.url));
/** PHI canaries (issue 20) in the evaluation suite: never in what `models …` prints or keeps in the registry. */
const CANARIES = ['Ottilie', 'Vandersnoot', 'MRN12121212', '617-555-0111'];
const WHO = 'Ottilie Vandersnoot (MRN12121212, tel 617-555-0111)';
const printed: string[] = [];

function chartside(
  args: string[],
  env: Record<string, string>,
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, [BIN, ...args], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (c: Buffer) => (stdout += c.toString('utf8')));
  child.stderr.on('data', (c: Buffer) => (stderr += c.toString('utf8')));
  return new Promise((resolve) =>
    child.on('close', (code) => {
      printed.push(stdout, stderr);
      resolve({ code, stdout, stderr });
    }),
  );
}

test('tiny GGUF end to end: add → eval → promote refused → override (logged) → served with its SHA-256', async (t) => {
  const dir = await tempDir(t);
  const model = await tinyModel(t, 7);
  const suite = join(dir, 'suite');
  const registryDir = join(dir, 'registry');
  // A short model budget: the random model's slow answers fall back to rules (counted as fallbacks).
  const env = {
    CHARTSIDE_REGISTRY_DIR: registryDir,
    CHARTSIDE_MODEL_GPU: 'off',
    CHARTSIDE_LOG_LEVEL: 'silent',
    CHARTSIDE_MODEL_TIMEOUT_MS: '1500',
  };
  await (await import('node:fs/promises')).mkdir(suite);
  await writeFile(
    join(suite, 'coding.jsonl'),
    [
      { id: 'c1', text: `${WHO}: community acquired pneumonia of the right lower lobe.`, codes: ['J18.9'] },
      { id: 'c2', text: 'Essential hypertension, well controlled on lisinopril.', codes: ['I10'] },
      { id: 'c3', text: 'Type 2 diabetes mellitus without complications.', codes: ['E11.9'] },
      // A gold code nothing in the text supports: top-1 stays below 90% whatever answers, so the gate fails.
      { id: 'c4', text: 'Routine visit, no complaints today.', codes: ['S52.501A'] },
    ]
      .map((c) => JSON.stringify(c))
      .join('\n') + '\n',
  );
  await writeFile(
    join(suite, 'triage.jsonl'),
    [
      {
        id: 't1',
        text: `${WHO}, 68M crushing chest pain radiating to the left arm, diaphoretic, BP 84/50`,
        level: 'EMERGENT',
      },
      { id: 't2', text: 'Mild sore throat for two days, no fever, eating and drinking well', level: 'NON-URGENT' },
      // The dataset builder's shape: ESI 2 → EMERGENT.
      {
        instruction: 'Assign the triage acuity.',
        input: 'Presenting complaint: stroke symptoms\nAge: 71',
        output: '2',
      },
    ]
      .map((c) => JSON.stringify(c))
      .join('\n') + '\n',
  );

  const added = await chartside(['models', 'add', '--gguf', model.path, '--name', 'tiny', '--by', 'ci', '--json'], env);
  assert.equal(added.code, 0, added.stderr);
  const version = JSON.parse(added.stdout) as { version: number; gguf: { sha256: string } };
  assert.equal(version.version, 1);

  const evaluated = await chartside(['models', 'eval', 'tiny', '--suite', suite, '--json'], env);
  assert.equal(evaluated.code, 0, evaluated.stderr);
  const report = JSON.parse(evaluated.stdout) as {
    gate: { passed: boolean };
    tasks: { task: string; metrics: { n: number } }[];
    subject: { model: string; sha256: string };
  };
  assert.deepEqual(
    report.tasks.map((x) => [x.task, x.metrics.n]),
    [
      ['coding', 4],
      ['triage', 3],
    ],
  );
  assert.equal(report.subject.model, 'tiny@v1');
  assert.equal(report.subject.sha256, version.gguf.sha256);
  assert.equal(report.gate.passed, false);
  const listed = await chartside(['models', 'list', '--json'], env);
  const registry = JSON.parse(listed.stdout) as {
    models: { status: string; evaluation?: { gatePassed: boolean; html: string } }[];
  };
  assert.equal(registry.models[0]?.status, 'evaluated');
  const gatePassed = registry.models[0]?.evaluation?.gatePassed;
  assert.equal(gatePassed, report.gate.passed);
  const html = await readFile(join(registryDir, registry.models[0]?.evaluation?.html ?? ''), 'utf8');
  assert.match(html, /data-plot="confusion-matrix"/);

  const refused = await chartside(['models', 'promote', 'tiny'], env);
  assert.equal(refused.code, 1);
  assert.match(
    refused.stderr,
    /^chartside: tiny@v1 fails the gate: coding\.top1 0\.\d+ \(needs ≥ 0\.9\).*--override "reason"/,
  );
  assert.equal(await resolveServingModel(new FileRegistryStore(registryDir)), undefined);

  const forced = await chartside(
    ['models', 'promote', 'tiny', '--override', 'tiny test model, never for patients', '--by', 'ci'],
    env,
  );
  assert.equal(forced.code, 0, forced.stderr);
  const log = await readPromotionLog(new FileRegistryStore(registryDir).promotionLog);
  assert.equal(log.length, 1);
  assert.equal(log[0]?.by, 'ci');
  assert.equal(log[0]?.action, 'override');
  assert.equal(log[0]?.reason, 'tiny test model, never for patients');

  const listText = await chartside(['models', 'list'], env);
  assert.match(listText.stdout, /^promoted +tiny@v1 +llama .*ALL_F32 ctx 8192/m);

  // Nothing of the suite's patients in what the commands printed or what the registry keeps (reports, log).
  for (const c of CANARIES) {
    assert.ok(!printed.join('\n').includes(c), `models … printed ${c}`);
    for (const f of await readdir(registryDir, { recursive: true, withFileTypes: true })) {
      if (f.isFile()) {
        const text = await readFile(join(f.parentPath, f.name), 'utf8');
        assert.ok(!text.includes(c), `${f.name} in the registry holds ${c}`);
      }
    }
  }

  // Serve: the promoted file, checked against its SHA-256 at load.
  const serving = await resolveServingModel(new FileRegistryStore(registryDir));
  assert.equal(serving?.label, 'tiny@v1');
  assert.equal(serving?.sha256, version.gguf.sha256);
  const backend = await createLlamaBackend({
    modelPath: serving?.path ?? '',
    expectedSha256: serving?.sha256 ?? '',
    gpu: false,
    threads: 1,
    maxTokens: 2048,
    answerLimits: { evidenceChars: 40, rationaleChars: 40 },
    logger: createLogger({ level: 'silent' }),
  });
  t.after(() => backend.close());
  assert.ok(backend.modelVersion.includes(`@sha256:${version.gguf.sha256.slice(0, 12)}`));
  const decision = await backend.decide(
    {
      text: markDeidentified('cough and fever'),
      candidates: [{ code: 'J18.9', display: 'Pneumonia' }],
      wantTriage: true,
      maxCodes: 1,
    },
    {},
  );
  assert.ok(decision.triage !== undefined);
});
