import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { FEATURE_NAMES, type FeatureName } from './features.ts';

/** The learned ranking weights of the document coder: a small versioned file beside the code. */
export const RankingWeightsSchema = z.object({
  version: z.string().min(1),
  /** What they were fitted on and how (no content: counts and the command). */
  fittedOn: z.string(),
  features: z.array(z.string()),
  weights: z.array(z.number()),
  /** Least probability a code needs to be suggested. */
  threshold: z.number().min(0).max(1),
});
export type RankingWeights = z.infer<typeof RankingWeightsSchema>;

export const RANKING_WEIGHTS_FILE = new URL('./ranking-weights.json', import.meta.url);

let shipped: RankingWeights | undefined;

/** The weights shipped with Chartside (checked against the feature list: a stale file is an error). */
export function shippedRankingWeights(): RankingWeights {
  if (shipped) return shipped;
  const parsed = RankingWeightsSchema.parse(JSON.parse(readFileSync(RANKING_WEIGHTS_FILE, 'utf8')));
  const expected = FEATURE_NAMES.join(',');
  if (parsed.features.join(',') !== expected || parsed.weights.length !== FEATURE_NAMES.length)
    throw new Error('ranking-weights.json does not match the feature list: refit it (chartside eval coding --fit-out)');
  shipped = parsed;
  return parsed;
}

/** The weight of each feature, by name. */
export function weightOf(weights: RankingWeights, name: FeatureName): number {
  return weights.weights[weights.features.indexOf(name)] ?? 0;
}
