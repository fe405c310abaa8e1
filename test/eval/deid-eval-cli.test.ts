import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { test } from 'node:test';
import type { DeidCase } from '../../server/eval/deid-cases.ts';
import { caseErrors } from '../../server/eval/deid-errors.ts';
import { foldByPatient, patientOfCase, summariseFolds } from '../../server/eval/deid-folds.ts';
import { computeDeidMetrics } from '../../server/eval/deid-metrics.ts';
import { tempDir } from '../inference/tiny-model.ts';

const BIN = fileURLToPath(new URL('../../bin/chartside.js', import.meta.url));

function chartside(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, [BIN, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (c: Buffer) => (stdout += c.toString('utf8')));
  child.stderr.on('data', (c: Buffer) => (stderr += c.toString('utf8')));
  return new Promise((resolve) => child.on('close', (code) => resolve({ code, stdout, stderr })));
}

// Synthetic notes: invented names, two notes for each of four patients.
const note = (id: string, name: string): DeidCase => {
  const text = `Seen by Dr. ${name} on 3/14. Lasix given.`;
  const start = text.indexOf(name);
  return {
    id,
    text,
    phi: [
      { start, end: start + name.length, type: 'NAME' },
      { start: text.indexOf('3/14'), end: text.indexOf('3/14') + 4, type: 'DATE' },
    ],
  };
};
const CASES = [
  note('101-1', 'Quillfeather'),
  note('101-2', 'Quillfeather'),
  note('102-1', 'Marchetti'),
  note('102-2', 'Marchetti'),
  note('103-1', 'Oyelaran'),
  note('103-2', 'Oyelaran'),
  note('104-1', 'Brannigan'),
  note('104-2', 'Brannigan'),
];

test('folds keep every note of a patient together and deal patients round-robin', () => {
  assert.equal(patientOfCase({ id: '16-3' }), '16');
  assert.equal(patientOfCase({ id: 'abc_7' }), 'abc');
  assert.equal(patientOfCase({ id: 'x', patient: 'p9' }), 'p9');
  const folds = foldByPatient(CASES, 2);
  assert.deepEqual(
    folds.map((f) => f.map((c) => c.id)),
    [
      ['101-1', '101-2', '103-1', '103-2'],
      ['102-1', '102-2', '104-1', '104-2'],
    ],
  );
});

test('a fold summary gives the mean and the worst fold of each metric and type', () => {
  const a = { ...computeDeidMetrics([CASES[0] as DeidCase], [[{ start: 0, end: 60 }]]), patients: 1 };
  const b = { ...computeDeidMetrics([CASES[2] as DeidCase], [[]]), patients: 1 };
  const report = summariseFolds([a, b]);
  assert.deepEqual(report.tokenRecall, { mean: 0.5, worst: 0, worstFold: 1 });
  assert.deepEqual(report.byType.NAME, { mean: 0.5, worst: 0, worstFold: 1 });
});

test('case errors list missed and wrongly masked tokens, with text only when asked', () => {
  const c = CASES[0] as DeidCase;
  const lasix = c.text.indexOf('Lasix');
  const errors = caseErrors(c, [{ start: lasix, end: lasix + 5, category: 'NAME' }], false);
  assert.deepEqual(
    errors.missed.map((e) => e.type),
    ['NAME', 'DATE', 'DATE'],
  );
  assert.deepEqual(errors.wronglyMasked, [{ start: lasix, end: lasix + 5, type: 'NAME' }]);
  assert.equal(JSON.stringify(errors).includes('Quillfeather'), false);
  assert.equal(caseErrors(c, [], true).missed[0]?.text, 'Quillfeather');
});

test('eval deid --folds prints the cross-validation and --per-case writes offsets without text', async (t) => {
  const dir = await tempDir(t);
  const cases = join(dir, 'cases.jsonl');
  const perCase = join(dir, 'errors.jsonl');
  // One note whose gold span (an OTHER) no detector finds.
  const extra: DeidCase = { id: '104-3', text: 'Family visit planned.', phi: [{ start: 0, end: 6, type: 'OTHER' }] };
  await writeFile(cases, [...CASES, extra].map((c) => JSON.stringify(c)).join('\n') + '\n');
  const res = await chartside(['eval', 'deid', '--cases', cases, '--folds', '2', '--per-case', perCase]);
  assert.equal(res.code, 0, res.stderr);
  const out = JSON.parse(res.stdout) as { tokenRecall: number; crossValidation: ReturnType<typeof summariseFolds> };
  assert.equal(out.crossValidation.k, 2);
  assert.deepEqual(
    out.crossValidation.folds.map((f) => f.patients),
    [2, 2],
  );
  assert.equal(out.crossValidation.byType.NAME?.mean, 1);
  assert.equal(out.crossValidation.byType.OTHER?.worst, 0);
  const lines = (await readFile(perCase, 'utf8')).trim().split('\n');
  assert.deepEqual(JSON.parse(lines[0] ?? '{}'), {
    id: '104-3',
    missed: [{ start: 0, end: 6, type: 'OTHER' }],
    wronglyMasked: [],
  });
});

test('eval deid --swap-names scores the notes with other names in their place', async (t) => {
  const dir = await tempDir(t);
  const cases = join(dir, 'cases.jsonl');
  const perCase = join(dir, 'errors.jsonl');
  // A name no cue introduces and no list holds is missed as it is; swapped for a census surname, the
  // lists know it.
  const text = 'Plan reviewed; Zorbquist agrees.';
  const start = text.indexOf('Zorbquist');
  const c: DeidCase = { id: '201-1', text, phi: [{ start, end: start + 9, type: 'NAME' }] };
  await writeFile(cases, JSON.stringify(c) + '\n');
  const plain = await chartside(['eval', 'deid', '--cases', cases, '--per-case', perCase, '--per-case-text']);
  assert.equal(plain.code, 0, plain.stderr);
  assert.equal(JSON.parse(plain.stdout).tokenRecall, 0);
  assert.match(await readFile(perCase, 'utf8'), /"text":"Zorbquist"/);
  const swapped = await chartside(['eval', 'deid', '--cases', cases, '--swap-names', '--json']);
  assert.equal(swapped.code, 0, swapped.stderr);
  assert.equal(JSON.parse(swapped.stdout).tokenRecall, 1);
});

test('eval deid --swap-names unlisted: a name only a list knew is missed, a name in context is still found', async (t) => {
  const dir = await tempDir(t);
  const cases = join(dir, 'cases.jsonl');
  const listedOnly = 'Plan reviewed; Quattlebaum agrees.';
  const inContext = 'Plan reviewed with Dr. Quattlebaum.';
  const gold = (id: string, text: string): DeidCase => {
    const start = text.indexOf('Quattlebaum');
    return { id, text, phi: [{ start, end: start + 11, type: 'NAME' }] };
  };
  await writeFile(cases, JSON.stringify(gold('301-1', listedOnly)) + '\n');
  const plain = await chartside(['eval', 'deid', '--cases', cases, '--json']);
  assert.equal(JSON.parse(plain.stdout).tokenRecall, 1);
  const swapped = await chartside(['eval', 'deid', '--cases', cases, '--swap-names', 'unlisted']);
  assert.equal(swapped.code, 0, swapped.stderr);
  assert.equal(JSON.parse(swapped.stdout).tokenRecall, 0);
  await writeFile(cases, JSON.stringify(gold('302-1', inContext)) + '\n');
  const titled = await chartside(['eval', 'deid', '--cases', cases, '--swap-names', 'unlisted']);
  assert.equal(JSON.parse(titled.stdout).tokenRecall, 1);
  const bad = await chartside(['eval', 'deid', '--cases', cases, '--swap-names', 'others']);
  assert.equal(bad.code, 2);
  assert.equal(bad.stderr.trim(), 'chartside: --swap-names takes census or unlisted');
});

test('eval deid rejects a bad --folds in one line and a --per-case-text without --per-case', async (t) => {
  const dir = await tempDir(t);
  const cases = join(dir, 'cases.jsonl');
  await writeFile(cases, JSON.stringify(CASES[0]) + '\n');
  const bad = await chartside(['eval', 'deid', '--cases', cases, '--folds', '1']);
  assert.equal(bad.code, 2);
  assert.equal(bad.stderr.trim(), 'chartside: --folds must be a whole number from 2 to 20');
  const text = await chartside(['eval', 'deid', '--cases', cases, '--per-case-text']);
  assert.equal(text.code, 2);
  assert.equal(text.stderr.trim(), 'chartside: --per-case-text needs --per-case FILE');
});
