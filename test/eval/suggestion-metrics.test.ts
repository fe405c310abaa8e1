import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  computeCodingMetrics,
  computeDocumentMetrics,
  scoreDocument,
  type CodingCase,
} from '../../server/eval/coding-metrics.ts';
import { assignFolds, summarizeFolds } from '../../server/eval/cross-validation.ts';
import { computeTriageMetrics, wilson95, type TriageCase } from '../../server/eval/triage-metrics.ts';

test('coding metrics match hand-computed values', () => {
  const cases: CodingCase[] = [
    { id: 'a', text: '', codes: ['J44.1', 'I10'] },
    { id: 'b', text: '', codes: ['E11.9'] },
    { id: 'c', text: '', codes: ['K81.0'] },
    { id: 'd', text: '', codes: ['J18.9', 'R05.9'] },
  ];
  const predictions = [
    ['J44.1', 'I10', 'J44.9'], // top1, both gold in top 5
    ['E11.65', 'E11.9'], // top5 only, same category
    ['XX9.9', 'K80.20', 'K81.9', 'K81.1', 'K82.0', 'K81.0'], // principal at rank 6: misses top5; one invalid
    [], // nothing
  ];
  const valid = (code: string): boolean => code !== 'XX9.9';
  assert.deepEqual(computeCodingMetrics(cases, predictions, valid), {
    top1: 0.25, // a
    top5: 0.5, // a, b
    recall5: 0.5, // J44.1, I10, E11.9 of 6 gold codes → 3/6
    category1: 0.5, // a (J44), b (E11)
    invalid: 0.0909, // 1 of 11 suggestions
    n: 4,
  });
});

test('triage metrics on mixed four- and three-level cases match hand-computed values', () => {
  const cases: TriageCase[] = [
    { id: '1', text: '', level: 'EMERGENT' },
    { id: '2', text: '', level: 'EMERGENT' },
    { id: '3', text: '', level: 'URGENT' },
    { id: '4', text: '', level: 'NON-URGENT' },
    { id: '5', text: '', urgency3: 'em' },
    { id: '6', text: '', urgency3: 'sc' },
  ];
  const m = computeTriageMetrics(cases, ['EMERGENT', 'URGENT', 'URGENT', 'SEMI-URGENT', 'EMERGENT', 'SEMI-URGENT']);
  assert.equal(m.n, 6);
  assert.equal(m.accuracy, 0.5); // 1, 3, 5
  assert.equal(m.emergentRecall, 0.6667); // 1 and 5 of 1, 2, 5
  assert.equal(m.underTriage, 0.1667); // 2
  assert.equal(m.overTriage, 0.3333); // 4 (SEMI over NON), 6 (ne over sc)
  assert.deepEqual(m.confusion, {
    EMERGENT: { EMERGENT: 1, URGENT: 1 },
    URGENT: { URGENT: 1 },
    'NON-URGENT': { 'SEMI-URGENT': 1 },
    em: { em: 1 },
    sc: { ne: 1 },
  });
});

test('the Wilson interval matches the textbook value', () => {
  // 36 of 36: lower bound 0.9036 (Wilson, z = 1.96).
  assert.deepEqual(wilson95(36, 36), [0.9036, 1]);
  assert.deepEqual(wilson95(0, 0), [0, 0]);
});

test('document metrics: precision@5, recall@10 and MAP match hand-computed values', () => {
  const cases: CodingCase[] = [
    { id: 'a', text: '', codes: ['R51', 'I10', 'E11.9'] },
    { id: 'b', text: '', codes: ['J18.9', 'R05.9'] },
  ];
  const predictions = [
    // gold at ranks 1 and 3; a repeat counts once; R51.9 is not the gold category R51.
    ['R51', 'R51.9', 'I10', 'R51', 'K21.9', 'X', 'Y', 'Z', 'W', 'V', 'E11.9'],
    ['A00.0', 'J18.9'],
  ];
  // a: distinct ranking R51, R51.9, I10, K21.9, X, Y, Z, W, V, E11.9 → gold at ranks 1, 3, 10.
  //   precision@5 = 2/5, recall@10 = 3/3, AP = (1/1 + 2/3 + 3/10) / 3.
  // b: gold at rank 2 → precision@5 = 1/5, recall@10 = 1/2, AP = (1/2) / 2.
  const m = computeDocumentMetrics(cases, predictions);
  assert.equal(m.precision5, 0.3);
  assert.equal(m.recall10, 0.75);
  assert.equal(m.map, Math.round((((1 + 2 / 3 + 3 / 10) / 3 + 0.25) / 2) * 10_000) / 10_000);
  assert.deepEqual(scoreDocument(['I10'], []), { precision5: 0, recall10: 0, averagePrecision: 0 });
});

test('folds are balanced, independent of case order and deterministic', () => {
  const ids = Array.from({ length: 23 }, (_, i) => `doc-${i}`);
  const folds = assignFolds(ids, 5);
  const sizes = [0, 1, 2, 3, 4].map((f) => folds.filter((x) => x === f).length);
  assert.ok(Math.max(...sizes) - Math.min(...sizes) <= 1);
  const reversed = assignFolds([...ids].reverse(), 5).reverse();
  assert.deepEqual(reversed, folds);
  const summary = summarizeFolds([
    { map: 0.5, invalid: 0, n: 10 },
    { map: 0.3, invalid: 0.1, n: 12 },
  ]);
  assert.deepEqual(summary.mean, { map: 0.4, invalid: 0.05, n: 22 });
  assert.deepEqual(summary.worst, { map: 0.3, invalid: 0.1 });
});
