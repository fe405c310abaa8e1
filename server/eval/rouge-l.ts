import { metricTokens } from './text-tokens.ts';

/** Length of the longest common subsequence of two token lists (two-row dynamic programme). */
export function lcsLength(a: readonly string[], b: readonly string[]): number {
  if (a.length === 0 || b.length === 0) return 0;
  let previous = new Array<number>(b.length + 1).fill(0);
  let current = new Array<number>(b.length + 1).fill(0);
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      current[j] = a[i - 1] === b[j - 1] ? (previous[j - 1] ?? 0) + 1 : Math.max(previous[j] ?? 0, current[j - 1] ?? 0);
    }
    [previous, current] = [current, previous];
  }
  return previous[b.length] ?? 0;
}

/**
 * ROUGE-L F-measure of one case (Lin 2004, §3.1) with β = 1: precision = LCS / candidate tokens, recall =
 * LCS / reference tokens, F = 2PR / (P + R); 0 when either is empty. Tokens from {@link metricTokens}.
 * The corpus score is the mean over cases.
 */
export function rougeL(candidate: string, reference: string): number {
  const c = metricTokens(candidate);
  const r = metricTokens(reference);
  const lcs = lcsLength(c, r);
  if (lcs === 0) return 0;
  const precision = lcs / c.length;
  const recall = lcs / r.length;
  return (2 * precision * recall) / (precision + recall);
}
