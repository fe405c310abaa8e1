import assert from 'node:assert/strict';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { test } from 'node:test';
import type { GenerationTaskReport } from '../../server/eval/eval-report.ts';
import { evaluateGate } from '../../server/eval/gate.ts';
import { acuityToLevel, readCodingSuiteCases } from '../../server/eval/suite-cases.ts';
import { DEFAULT_THRESHOLDS, loadThresholds } from '../../server/eval/thresholds.ts';
import { AppError } from '../../server/errors/app-error.ts';
import { tempDir } from '../inference/tiny-model.ts';

function note(bleu: number, hallucinatedDoses: number): GenerationTaskReport {
  return {
    task: 'note',
    metrics: {
      bleu,
      rougeL: 0.8,
      sectionCompleteness: 1,
      hallucinatedQuantities: hallucinatedDoses,
      hallucinatedDoses,
      hallucinatedMedications: 0,
      hallucinationFree: 1,
      n: 10,
    },
    distributions: { bleu: [], rougeL: [] },
    source: 'predictions',
  };
}

test('note BLEU must be strictly above 0.7 and hallucinated doses exactly zero; other tasks are not evaluated', () => {
  assert.equal(evaluateGate([note(0.71, 0)], DEFAULT_THRESHOLDS).passed, true);
  assert.equal(evaluateGate([note(0.7, 0)], DEFAULT_THRESHOLDS).passed, false);
  const doses = evaluateGate([note(0.9, 1)], DEFAULT_THRESHOLDS);
  assert.equal(doses.passed, false);
  assert.deepEqual(
    doses.checks.filter((c) => c.task === 'note').map((c) => [c.metric, c.status]),
    [
      ['bleu', 'pass'],
      ['hallucinatedDoses', 'fail'],
    ],
  );
  assert.equal(doses.checks.find((c) => c.task === 'coding')?.status, 'not-evaluated');
  assert.equal(evaluateGate([], DEFAULT_THRESHOLDS).passed, false); // nothing measured
});

test('a site thresholds file replaces or drops defaults and names a bad metric', async (t) => {
  const dir = await tempDir(t);
  const file = join(dir, 'thresholds.json');
  await writeFile(
    file,
    JSON.stringify({ note: { bleu: null, rougeL: { gte: 0.5 } }, coding: { top1: { gte: 0.85 } } }),
  );
  const site = await loadThresholds(file);
  assert.deepEqual(site.note, { hallucinatedDoses: { lte: 0 }, rougeL: { gte: 0.5 } });
  assert.deepEqual(site.coding, { top1: { gte: 0.85 }, invalid: { lte: 0 } });
  await writeFile(file, JSON.stringify({ triage: { sensitivity: { gte: 0.9 } } }));
  await assert.rejects(
    loadThresholds(file),
    (e: unknown) =>
      e instanceof AppError && e.message === 'thresholds.triage.sensitivity: is not a gateable metric of this task',
  );
});

test("suite files may use the dataset builder's instruction/input/output shape", async (t) => {
  assert.equal(acuityToLevel('1'), 'EMERGENT');
  assert.equal(acuityToLevel('ESI 2'), 'EMERGENT');
  assert.equal(acuityToLevel('3'), 'URGENT');
  assert.equal(acuityToLevel('semi urgent'), 'SEMI-URGENT');
  assert.equal(acuityToLevel('5'), 'NON-URGENT');
  assert.equal(acuityToLevel('routine'), undefined);
  const dir = await tempDir(t);
  const file = join(dir, 'coding.jsonl');
  await writeFile(
    file,
    [
      JSON.stringify({
        instruction: 'Assign codes.',
        input: 'COPD exacerbation',
        output: 'J441 COPD with exacerbation\nI10 Hypertension',
      }),
      JSON.stringify({ id: 'x', text: 'pneumonia', codes: ['J18.9'] }),
    ].join('\n'),
  );
  assert.deepEqual(await readCodingSuiteCases(file), [
    { id: '#1', text: 'COPD exacerbation', codes: ['J44.1', 'I10'] },
    { id: 'x', text: 'pneumonia', codes: ['J18.9'] },
  ]);
});
