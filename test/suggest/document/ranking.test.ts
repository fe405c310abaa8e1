import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { DocumentCandidate } from '../../../server/suggest/document/document-logic.ts';
import { FEATURE_NAMES, emptyFeatures } from '../../../server/suggest/document/features.ts';
import { fitRankingWeights } from '../../../server/suggest/document/fit-ranking.ts';
import { rankCandidates } from '../../../server/suggest/document/ranking.ts';
import { shippedRankingWeights, type RankingWeights } from '../../../server/suggest/document/ranking-weights.ts';

function candidate(
  code: string,
  features: Partial<ReturnType<typeof emptyFeatures>>,
  extra: Partial<DocumentCandidate> = {},
): DocumentCandidate {
  return {
    code,
    display: code,
    billable: true,
    kind: 'condition',
    evidence: [{ text: code, start: 0, end: code.length }],
    mentions: [0],
    features: { ...emptyFeatures(), ...features },
    notes: [],
    codeFirst: [],
    additional: [],
    ...extra,
  };
}

test('the shipped ranking weights are versioned and name every feature in order', () => {
  const weights = shippedRankingWeights();
  assert.match(weights.version, /\S/);
  assert.deepEqual(weights.features, [...FEATURE_NAMES]);
  assert.equal(weights.weights.length, FEATURE_NAMES.length);
});

test('fitting learns a positive weight for what coders code and a negative one for what they do not', () => {
  const examples = Array.from({ length: 200 }, (_, i) => {
    const gold = i % 2 === 0;
    return {
      features: { ...emptyFeatures(), diagnosisSection: gold ? 1 : 0, findingSectionOnly: gold ? 0 : 1, score: 0.5 },
      gold,
    };
  });
  const w = fitRankingWeights(examples);
  assert.ok((w[FEATURE_NAMES.indexOf('diagnosisSection')] ?? 0) > 0.5);
  assert.ok((w[FEATURE_NAMES.indexOf('findingSectionOnly')] ?? 0) < -0.5);
  assert.deepEqual(fitRankingWeights(examples), w, 'deterministic');
});

test('ranking: the listed diagnosis is principal, a code-first partner precedes its code, the weak are cut', () => {
  const weights: RankingWeights = {
    version: 'test',
    fittedOn: 'test',
    features: [...FEATURE_NAMES],
    weights: FEATURE_NAMES.map((n) => (n === 'bias' ? -2 : n === 'score' ? 5 : 0)),
    threshold: 0.2,
  };
  const ranked = rankCandidates(
    [
      candidate('R50.9', { score: 0.95 }),
      candidate('I10', { score: 0.9 }),
      candidate('K35.80', { score: 0.7 }, { listedAt: 120 }),
      candidate('I50.9', { score: 0.85 }, { codeFirst: ['I11.0'] }),
      candidate('I11.0', { score: 0.6 }, { additional: ['I50.9'] }),
      candidate('Z00.00', { score: 0.05 }),
    ],
    weights,
  );
  assert.deepEqual(
    ranked.map((r) => r.code),
    ['K35.80', 'R50.9', 'I10', 'I11.0', 'I50.9'],
  );
  assert.equal(ranked[0]?.principal, true);
  assert.deepEqual(
    ranked.map((r) => r.rank),
    [1, 2, 3, 4, 5],
  );
});

test('the learned threshold cuts only the tail: the best five are offered even when all are below it', () => {
  const weights: RankingWeights = {
    version: 'test',
    fittedOn: 'test',
    features: [...FEATURE_NAMES],
    weights: FEATURE_NAMES.map((n) => (n === 'bias' ? -6 : n === 'score' ? 2 : 0)),
    threshold: 0.5,
  };
  const weak = ['C34.11', 'J18.9', 'I10', 'E11.9', 'K21.9', 'M54.50', 'R51.9'].map((code, i) =>
    candidate(code, { score: 0.4 - i * 0.05 }),
  );
  const ranked = rankCandidates(weak, weights);
  assert.deepEqual(
    ranked.map((r) => r.code),
    ['C34.11', 'J18.9', 'I10', 'E11.9', 'K21.9'],
  );
  assert.ok(ranked.every((r) => r.probability < 0.5));
  assert.deepEqual(
    rankCandidates(weak, weights, { minCodes: 1 }).map((r) => r.code),
    ['C34.11'],
  );
});
