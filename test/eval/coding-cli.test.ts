import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { test } from 'node:test';
import { tempDir } from '../inference/tiny-model.ts';

const BIN = fileURLToPath(new URL('../../bin/chartside.js', import.meta.url));

function chartside(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  // The embedded code set: these tests need no imported release.
  const env: NodeJS.ProcessEnv = { ...process.env, CHARTSIDE_BACKEND: 'rules' };
  delete env.CHARTSIDE_TERMINOLOGY;
  const child = spawn(process.execPath, [BIN, ...args], {
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (c: Buffer) => (stdout += c.toString('utf8')));
  child.stderr.on('data', (c: Buffer) => (stderr += c.toString('utf8')));
  return new Promise((resolve) => child.on('close', (code) => resolve({ code, stdout, stderr })));
}

const jsonl = (rows: object[]): string => rows.map((r) => JSON.stringify(r)).join('\n') + '\n';

const DOCUMENTS = [
  {
    id: 'd1',
    text: 'Assessment: essential hypertension. Type 2 diabetes mellitus without complications.',
    codes: ['I10', 'E11.9'],
  },
  { id: 'd2', text: 'Chronic obstructive pulmonary disease with acute exacerbation.', codes: ['J44.1', 'Z87.891'] },
  { id: 'd3', text: 'Acute cholecystitis.', codes: ['K81.0'] },
  { id: 'd4', text: 'Iron deficiency anemia.', codes: ['D50.9'] },
];

test('eval coding --folds prints every fold, the mean and the worst fold of the document metrics', async (t) => {
  const dir = await tempDir(t);
  const cases = join(dir, 'docs.jsonl');
  const perCase = join(dir, 'per-case.jsonl');
  await writeFile(cases, jsonl(DOCUMENTS));
  const run = await chartside(['eval', 'coding', '--cases', cases, '--folds', '2', '--per-case', perCase, '--json']);
  assert.equal(run.code, 0, run.stderr);
  const out = JSON.parse(run.stdout) as {
    k: number;
    folds: Record<string, number>[];
    mean: Record<string, number>;
    worst: Record<string, number>;
  };
  assert.equal(out.k, 2);
  assert.equal(out.folds.length, 2);
  assert.equal(out.mean.n, 4);
  for (const key of ['precision5', 'recall10', 'map', 'invalid']) assert.equal(typeof out.mean[key], 'number', key);
  assert.ok((out.worst.map ?? 1) <= (out.mean.map ?? 0));
  const records = (await readFile(perCase, 'utf8'))
    .trim()
    .split('\n')
    .map(
      (l) =>
        JSON.parse(l) as { id: string; fold: number; found: { code: string; evidence: string[] }[]; missed: string[] },
    );
  assert.deepEqual(
    records.map((r) => r.id),
    ['d1', 'd2', 'd3', 'd4'],
  );
  const d1 = records[0];
  assert.ok(d1?.found.some((f) => f.code === 'I10' && f.evidence.some((e) => /hypertension/i.test(e))));
  // Nothing in d2 says tobacco: its Z87.891 is missed.
  assert.ok(records[1]?.missed.includes('Z87.891'));
});

test('eval coding refuses more folds than cases in one line', async (t) => {
  const dir = await tempDir(t);
  const cases = join(dir, 'docs.jsonl');
  await writeFile(cases, jsonl(DOCUMENTS.slice(0, 2)));
  const run = await chartside(['eval', 'coding', '--cases', cases, '--folds', '3']);
  assert.equal(run.code, 2);
  assert.equal(run.stderr.trim().split('\n').length, 1);
  assert.match(run.stderr, /--folds 3 is more than the 2 cases/);
});
