import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { AppError } from '../../server/errors/app-error.ts';
import { FEATURE_NAMES } from './rank-features.ts';

/** The shipped weights: fitted on the Alphabetic Index by `npx tsx test/bench/index-fit.ts`. */
export const RANKING_WEIGHTS_FILE = new URL('./ranking-weights.json', import.meta.url);
export const RANKING_WEIGHTS_FORMAT = 'chartside-ranking-weights';
export const RANKING_WEIGHTS_VERSION = 1;

export const RankingWeightsSchema = z.object({
  format: z.literal(RANKING_WEIGHTS_FORMAT),
  formatVersion: z.literal(RANKING_WEIGHTS_VERSION),
  /** Feature names in the order of `weights`; must equal the engine's features. */
  features: z.array(z.string()),
  weights: z.array(z.number().finite()),
  /** How the weights were fitted (data, folds, metric): provenance, not read by the engine. */
  fitted: z.record(z.string(), z.unknown()),
  /** SHA-256 of `JSON.stringify({ features, weights })`. */
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
});
export type RankingWeights = z.infer<typeof RankingWeightsSchema>;

/** The checksum a weights file carries over its features and weights. */
export function weightsChecksum(features: readonly string[], weights: readonly number[]): string {
  return createHash('sha256').update(JSON.stringify({ features, weights })).digest('hex');
}

/**
 * Checks a weights file: its format and version, that it names exactly the engine's features in order, and
 * its checksum. A mismatch is CORRUPT_DATA: ranking with weights meant for other features would be silently
 * wrong.
 */
export function parseRankingWeights(json: unknown, source = 'ranking weights'): Float32Array {
  const parsed = RankingWeightsSchema.safeParse(json);
  if (!parsed.success) {
    throw new AppError(
      'CORRUPT_DATA',
      `${source}: not a Chartside ranking weights file version ${RANKING_WEIGHTS_VERSION} (${parsed.error.issues[0]?.path.join('.') || 'shape'})`,
    );
  }
  const { features, weights, sha256 } = parsed.data;
  if (features.length !== FEATURE_NAMES.length || features.some((f, i) => f !== FEATURE_NAMES[i]))
    throw new AppError('CORRUPT_DATA', `${source}: its features are not the engine's (${FEATURE_NAMES.join(', ')})`);
  if (weights.length !== features.length)
    throw new AppError('CORRUPT_DATA', `${source}: ${weights.length} weights for ${features.length} features`);
  if (weightsChecksum(features, weights) !== sha256)
    throw new AppError('CORRUPT_DATA', `${source}: weights do not match their SHA-256 (edited by hand?)`);
  return Float32Array.from(weights);
}

let shipped: Float32Array | undefined;

/** The weights shipped beside the engine, read and checked once. */
export function shippedRankingWeights(): Float32Array {
  if (!shipped) {
    let json: unknown;
    try {
      json = JSON.parse(readFileSync(RANKING_WEIGHTS_FILE, 'utf8'));
    } catch {
      throw new AppError('CORRUPT_DATA', 'ranking-weights.json is missing or not valid JSON');
    }
    shipped = parseRankingWeights(json, 'ranking-weights.json');
  }
  return shipped;
}
