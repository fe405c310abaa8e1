import { z } from 'zod';
import { TRIAGE_LEVELS, type TriageLevel } from '../inference/backend.ts';

/** `../shared/eval/README.md` §Triage: a four-level `level` or a three-level `urgency3`. */
export const TriageCaseSchema = z.union([
  z.object({ id: z.string(), text: z.string(), level: z.enum(TRIAGE_LEVELS) }),
  z.object({ id: z.string(), text: z.string(), urgency3: z.enum(['em', 'ne', 'sc']) }),
]);
export type TriageCase = z.infer<typeof TriageCaseSchema>;

export type Urgency3 = 'em' | 'ne' | 'sc';

/** EMERGENT → em, URGENT and SEMI-URGENT → ne, NON-URGENT → sc. */
export function toUrgency3(level: TriageLevel): Urgency3 {
  return level === 'EMERGENT' ? 'em' : level === 'NON-URGENT' ? 'sc' : 'ne';
}

const SCALE4: readonly string[] = TRIAGE_LEVELS;
const SCALE3: readonly string[] = ['em', 'ne', 'sc'];

export interface TriageMetrics {
  /** Share of cases predicted at the gold level, on the case's own scale. */
  accuracy: number;
  /** Share of gold EMERGENT/em cases predicted EMERGENT. */
  emergentRecall: number;
  /** Wilson 95% confidence interval of emergentRecall. */
  emergentRecallCI95: [number, number];
  /** Share of cases predicted less urgent than gold. */
  underTriage: number;
  /** Share of cases predicted more urgent than gold. */
  overTriage: number;
  n: number;
  /** gold → predicted → count, on each case's own scale. */
  confusion: Record<string, Record<string, number>>;
}

const round = (x: number): number => Math.round(x * 10_000) / 10_000;

/** Wilson score interval (z = 1.96) for k successes in n trials. */
export function wilson95(k: number, n: number): [number, number] {
  if (n === 0) return [0, 0];
  const z = 1.96;
  const p = k / n;
  const denominator = 1 + (z * z) / n;
  const centre = (p + (z * z) / (2 * n)) / denominator;
  const half = (z * Math.sqrt((p * (1 - p)) / n + (z * z) / (4 * n * n))) / denominator;
  return [round(Math.max(0, centre - half)), round(Math.min(1, centre + half))];
}

/** Computes the triage metrics exactly as the evaluation README defines them. */
export function computeTriageMetrics(cases: readonly TriageCase[], predicted: readonly TriageLevel[]): TriageMetrics {
  let correct = 0;
  let under = 0;
  let over = 0;
  let emergent = 0;
  let emergentHit = 0;
  const confusion: Record<string, Record<string, number>> = {};
  cases.forEach((c, i) => {
    const level = predicted[i] ?? 'NON-URGENT';
    const [gold, guess, scale] = 'level' in c ? [c.level, level, SCALE4] : [c.urgency3, toUrgency3(level), SCALE3];
    const row = (confusion[gold] ??= {});
    row[guess] = (row[guess] ?? 0) + 1;
    const g = scale.indexOf(gold);
    const p = scale.indexOf(guess);
    if (g === p) correct++;
    else if (p > g) under++;
    else over++;
    if (gold === 'EMERGENT' || gold === 'em') {
      emergent++;
      if (level === 'EMERGENT') emergentHit++;
    }
  });
  const n = cases.length;
  return {
    accuracy: n ? round(correct / n) : 0,
    emergentRecall: emergent ? round(emergentHit / emergent) : 0,
    emergentRecallCI95: wilson95(emergentHit, emergent),
    underTriage: n ? round(under / n) : 0,
    overTriage: n ? round(over / n) : 0,
    n,
    confusion,
  };
}
