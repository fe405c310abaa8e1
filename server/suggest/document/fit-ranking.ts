import { FEATURE_NAMES, type FeatureVector } from './features.ts';

/** One candidate of a training document: its features, and whether a coder coded it. */
export interface RankingExample {
  features: FeatureVector;
  gold: boolean;
}

export interface FitOptions {
  /** L2 penalty on every weight but the bias. */
  l2?: number;
  iterations?: number;
  rate?: number;
}

const sigmoid = (z: number): number => 1 / (1 + Math.exp(-z));

/**
 * Fits the ranking weights by L2-regularised logistic regression (full-batch gradient descent with Adam
 * steps): the probability that a coder codes a candidate. Deterministic (zero start, no sampling).
 */
export function fitRankingWeights(examples: readonly RankingExample[], options: FitOptions = {}): number[] {
  const d = FEATURE_NAMES.length;
  const l2 = options.l2 ?? 1e-3;
  const rate = options.rate ?? 0.05;
  const rows = examples.map((e) => Float64Array.from(FEATURE_NAMES, (n) => e.features[n]));
  const labels = examples.map((e) => (e.gold ? 1 : 0));
  const w = new Float64Array(d);
  const m = new Float64Array(d);
  const v = new Float64Array(d);
  const n = Math.max(1, rows.length);
  for (let t = 1; t <= (options.iterations ?? 600); t++) {
    const grad = new Float64Array(d);
    rows.forEach((x, i) => {
      let z = 0;
      for (let j = 0; j < d; j++) z += (w[j] ?? 0) * (x[j] ?? 0);
      const error = sigmoid(z) - (labels[i] ?? 0);
      for (let j = 0; j < d; j++) grad[j] = (grad[j] ?? 0) + error * (x[j] ?? 0);
    });
    for (let j = 0; j < d; j++) {
      const g = (grad[j] ?? 0) / n + (j === 0 ? 0 : l2 * (w[j] ?? 0));
      m[j] = 0.9 * (m[j] ?? 0) + 0.1 * g;
      v[j] = 0.999 * (v[j] ?? 0) + 0.001 * g * g;
      const mHat = (m[j] ?? 0) / (1 - 0.9 ** t);
      const vHat = (v[j] ?? 0) / (1 - 0.999 ** t);
      w[j] = (w[j] ?? 0) - (rate * mHat) / (Math.sqrt(vHat) + 1e-8);
    }
  }
  return [...w].map((x) => Math.round(x * 10_000) / 10_000);
}
