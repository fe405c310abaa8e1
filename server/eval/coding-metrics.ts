import { z } from 'zod';

/** `../shared/eval/README.md` §Coding: gold codes in dotted form, the first is the principal one. */
export const CodingCaseSchema = z.object({
  id: z.string(),
  text: z.string(),
  codes: z.array(z.string().min(3)).min(1),
});
export type CodingCase = z.infer<typeof CodingCaseSchema>;

export interface CodingMetrics {
  /** The first suggestion equals the first gold code. */
  top1: number;
  /** The first gold code is among the first five suggestions. */
  top5: number;
  /** Share of all gold codes found in the first five suggestions. */
  recall5: number;
  /** The first suggestion's 3-character category equals the first gold code's. */
  category1: number;
  /** Share of suggestions that are not valid ICD-10-CM codes (must be 0). */
  invalid: number;
  n: number;
}

/** The document metrics of `../shared/eval/README.md` §Coding (gold codes in no particular order). */
export interface DocumentCodingMetrics {
  /** Share of the first five suggestions that are gold codes, averaged over cases. */
  precision5: number;
  /** Share of all gold codes found in the first ten suggestions, averaged over cases. */
  recall10: number;
  /** Mean average precision of the ranked suggestions against the gold set (CLEF eHealth CodiEsp). */
  map: number;
}

/** What one ranked list scores against one gold set: the document metrics of a single case. */
export interface DocumentScores {
  precision5: number;
  recall10: number;
  averagePrecision: number;
}

/** A suggestion counts once (its first rank); a gold category matches itself only. */
function distinct(codes: readonly string[]): string[] {
  return [...new Set(codes.map(norm))];
}

/** Precision@5, recall@10 and average precision of one ranked list against one gold set. */
export function scoreDocument(gold: readonly string[], predicted: readonly string[]): DocumentScores {
  const goldSet = new Set(distinct(gold));
  const ranked = distinct(predicted);
  if (goldSet.size === 0) return { precision5: 0, recall10: 0, averagePrecision: 0 };
  let hits = 0;
  let sumPrecision = 0;
  ranked.forEach((code, k) => {
    if (!goldSet.has(code)) return;
    hits++;
    sumPrecision += hits / (k + 1);
  });
  return {
    precision5: ranked.slice(0, 5).filter((c) => goldSet.has(c)).length / 5,
    recall10: ranked.slice(0, 10).filter((c) => goldSet.has(c)).length / goldSet.size,
    averagePrecision: sumPrecision / goldSet.size,
  };
}

/** Precision@5, recall@10 and MAP over cases, exactly as the evaluation README defines them. */
export function computeDocumentMetrics(
  cases: readonly CodingCase[],
  predictions: readonly (readonly string[])[],
): DocumentCodingMetrics {
  let precision5 = 0;
  let recall10 = 0;
  let map = 0;
  cases.forEach((c, i) => {
    const s = scoreDocument(c.codes, predictions[i] ?? []);
    precision5 += s.precision5;
    recall10 += s.recall10;
    map += s.averagePrecision;
  });
  const n = cases.length;
  return n
    ? { precision5: round(precision5 / n), recall10: round(recall10 / n), map: round(map / n) }
    : { precision5: 0, recall10: 0, map: 0 };
}

const round = (x: number): number => Math.round(x * 10_000) / 10_000;
const norm = (code: string): string => code.trim().toUpperCase();

/** Computes the coding metrics exactly as the evaluation README defines them. */
export function computeCodingMetrics(
  cases: readonly CodingCase[],
  predictions: readonly (readonly string[])[],
  isValid: (code: string) => boolean,
): CodingMetrics {
  let top1 = 0;
  let top5 = 0;
  let category1 = 0;
  let goldFound = 0;
  let goldTotal = 0;
  let invalid = 0;
  let suggested = 0;
  cases.forEach((c, i) => {
    const predicted = (predictions[i] ?? []).map(norm);
    const gold = c.codes.map(norm);
    const principal = gold[0] ?? '';
    const first5 = predicted.slice(0, 5);
    if (predicted[0] === principal) top1++;
    if (first5.includes(principal)) top5++;
    if (predicted[0] !== undefined && predicted[0].slice(0, 3) === principal.slice(0, 3)) category1++;
    goldTotal += gold.length;
    goldFound += gold.filter((g) => first5.includes(g)).length;
    suggested += predicted.length;
    invalid += predicted.filter((p) => !isValid(p)).length;
  });
  const n = cases.length;
  return {
    top1: n ? round(top1 / n) : 0,
    top5: n ? round(top5 / n) : 0,
    recall5: goldTotal ? round(goldFound / goldTotal) : 0,
    category1: n ? round(category1 / n) : 0,
    invalid: suggested ? round(invalid / suggested) : 0,
    n,
  };
}
