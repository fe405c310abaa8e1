import { createHash } from 'node:crypto';
import type { DocumentCandidate } from '../suggest/document/document-logic.ts';
import { FEATURE_NAMES } from '../suggest/document/features.ts';
import { fitRankingWeights } from '../suggest/document/fit-ranking.ts';
import { rankCandidates, type RankedDocumentCode } from '../suggest/document/ranking.ts';
import type { RankingWeights } from '../suggest/document/ranking-weights.ts';

/** Least probability a code needs to be suggested with fitted weights. */
const THRESHOLD = 0.1;

/** Ranking weights fitted on the candidates of some documents against their gold codes. */
export function fitWeights(
  candidates: readonly (readonly DocumentCandidate[])[],
  gold: readonly (readonly string[])[],
  fittedOn: string,
): RankingWeights {
  const examples = candidates.flatMap((forCase, i) => {
    const codes = new Set(gold[i] ?? []);
    return forCase.map((c) => ({ features: c.features, gold: codes.has(c.code) }));
  });
  const weights = fitRankingWeights(examples);
  const version = `doc-rank-${createHash('sha256').update(weights.join(',')).digest('hex').slice(0, 10)}`;
  return { version, fittedOn, features: [...FEATURE_NAMES], weights, threshold: THRESHOLD };
}

/**
 * Held-out rankings by cross-validation: each fold is ranked with weights fitted on the other folds only,
 * so no document is ranked by weights that saw its gold codes.
 */
export function rankHeldOut(
  candidates: readonly (readonly DocumentCandidate[])[],
  gold: readonly (readonly string[])[],
  folds: readonly number[],
  k: number,
  maxCodes: number,
): RankedDocumentCode[][] {
  const out: RankedDocumentCode[][] = candidates.map(() => []);
  for (let f = 0; f < k; f++) {
    const train = folds.flatMap((fold, i) => (fold === f ? [] : [i]));
    const weights = fitWeights(
      train.map((i) => candidates[i] ?? []),
      train.map((i) => gold[i] ?? []),
      `folds other than ${f}`,
    );
    folds.forEach((fold, i) => {
      if (fold === f) out[i] = rankCandidates(candidates[i] ?? [], weights, { maxCodes });
    });
  }
  return out;
}
