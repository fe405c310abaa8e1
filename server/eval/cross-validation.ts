import { createHash } from 'node:crypto';

/**
 * Deterministic k-fold assignment by document: ids are ordered by their SHA-256 and dealt round-robin, so
 * folds are balanced, independent of the file's order, and the same on every machine.
 */
export function assignFolds(ids: readonly string[], k: number): number[] {
  const order = ids
    .map((id, i) => ({ i, key: createHash('sha256').update(id).digest('hex') }))
    .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : a.i - b.i));
  const folds = new Array<number>(ids.length).fill(0);
  order.forEach((entry, rank) => {
    folds[entry.i] = rank % k;
  });
  return folds;
}

/** Metrics where less is better; every other metric is better when larger. */
const LOWER_IS_BETTER = new Set(['invalid', 'unsupportedEvidence']);

export interface FoldSummary {
  folds: Record<string, number>[];
  mean: Record<string, number>;
  /** Per metric, the worst fold's value (lowest, or highest for error rates). */
  worst: Record<string, number>;
}

/** Mean and worst fold of each numeric metric (`n` is summed, not averaged). */
export function summarizeFolds(folds: readonly Record<string, number>[]): FoldSummary {
  const mean: Record<string, number> = {};
  const worst: Record<string, number> = {};
  const keys = [...new Set(folds.flatMap((f) => Object.keys(f)))];
  for (const key of keys) {
    const values = folds.map((f) => f[key]).filter((v): v is number => typeof v === 'number');
    if (values.length === 0) continue;
    if (key === 'n') {
      mean.n = values.reduce((a, b) => a + b, 0);
      continue;
    }
    mean[key] = Math.round((values.reduce((a, b) => a + b, 0) / values.length) * 10_000) / 10_000;
    worst[key] = LOWER_IS_BETTER.has(key) ? Math.max(...values) : Math.min(...values);
  }
  return { folds: folds.map((f) => ({ ...f })), mean, worst };
}
