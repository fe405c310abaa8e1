import { metricTokens } from './text-tokens.ts';

/** BLEU-4 with its parts, so reports can show why a score is low. */
export interface BleuScore {
  bleu: number;
  /** Modified n-gram precisions, n = 1..4. */
  precisions: [number, number, number, number];
  brevityPenalty: number;
  candidateLength: number;
  referenceLength: number;
}

const MAX_N = 4;

function ngramCounts(tokens: readonly string[], n: number): Map<string, number> {
  const counts = new Map<string, number>();
  for (let i = 0; i + n <= tokens.length; i++) {
    const key = tokens.slice(i, i + n).join('\u0001');
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return counts;
}

interface Stats {
  matches: number[];
  totals: number[];
  c: number;
  r: number;
}

function addStats(stats: Stats, candidate: readonly string[], reference: readonly string[]): void {
  stats.c += candidate.length;
  stats.r += reference.length;
  for (let n = 1; n <= MAX_N; n++) {
    const ref = ngramCounts(reference, n);
    let matched = 0;
    let total = 0;
    for (const [gram, count] of ngramCounts(candidate, n)) {
      total += count;
      matched += Math.min(count, ref.get(gram) ?? 0);
    }
    stats.matches[n - 1] = (stats.matches[n - 1] ?? 0) + matched;
    stats.totals[n - 1] = (stats.totals[n - 1] ?? 0) + total;
  }
}

function score(stats: Stats, epsilon: number): BleuScore {
  const precisions = [0, 0, 0, 0] as [number, number, number, number];
  let logSum = 0;
  let zero = false;
  for (let i = 0; i < MAX_N; i++) {
    const total = stats.totals[i] ?? 0;
    const matched = stats.matches[i] ?? 0;
    const p = total === 0 ? 0 : matched / total;
    precisions[i] = p;
    const smoothed = matched === 0 && total > 0 && epsilon > 0 ? epsilon / total : p;
    if (smoothed === 0) zero = true;
    else logSum += Math.log(smoothed);
  }
  const brevityPenalty = stats.c === 0 ? 0 : stats.c >= stats.r ? 1 : Math.exp(1 - stats.r / stats.c);
  const bleu = zero ? 0 : brevityPenalty * Math.exp(logSum / MAX_N);
  return { bleu, precisions, brevityPenalty, candidateLength: stats.c, referenceLength: stats.r };
}

/**
 * Corpus BLEU-4 (Papineni et al. 2002): n-gram matches and counts summed over all cases before the
 * geometric mean of the four modified precisions (uniform weights), times the brevity penalty
 * exp(1 − r/c) when the total candidate length c is below the total reference length r. No smoothing:
 * a corpus with no matching 4-gram scores 0. One reference per case; tokens from {@link metricTokens}.
 */
export function corpusBleu(candidates: readonly string[], references: readonly string[]): BleuScore {
  const stats: Stats = { matches: [], totals: [], c: 0, r: 0 };
  candidates.forEach((candidate, i) => addStats(stats, metricTokens(candidate), metricTokens(references[i] ?? '')));
  return score(stats, 0);
}

/**
 * Sentence BLEU-4 of one case, for per-case score distributions only (the gate reads corpus BLEU). Smoothed
 * with Chen & Cherry (2014) method 1: an n-gram order with no match counts ε = 0.1 matches, so a short
 * output is not scored 0 for lacking one 4-gram.
 */
export function sentenceBleu(candidate: string, reference: string): number {
  const stats: Stats = { matches: [], totals: [], c: 0, r: 0 };
  addStats(stats, metricTokens(candidate), metricTokens(reference));
  return score(stats, 0.1).bleu;
}
