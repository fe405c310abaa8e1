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
