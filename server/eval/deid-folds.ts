import type { DeidCase } from './deid-cases.ts';
import type { DeidMetrics } from './deid-metrics.ts';

/**
 * The patient a case belongs to: its `patient` field when the file has one, else the part of its id
 * before the first `-` or `_` (the PhysioNet corpus numbers notes `<patient>-<note>`). Splitting by this
 * key keeps every note of a patient in one fold, so a fold's patients are unseen by rules written from
 * the others.
 */
export function patientOfCase(c: Pick<DeidCase, 'id'> & { patient?: unknown }): string {
  if (typeof c.patient === 'string' || typeof c.patient === 'number') return String(c.patient);
  const match = /^([^-_]+)[-_]/.exec(c.id);
  return match?.[1] ?? c.id;
}

/**
 * Splits cases into `k` folds by patient: patients sorted (numerically when they are numbers) and dealt
 * round-robin, so folds are stable across runs and similar in size.
 */
export function foldByPatient<C extends Pick<DeidCase, 'id'>>(cases: readonly C[], k: number): C[][] {
  const patients = [...new Set(cases.map((c) => patientOfCase(c)))].sort((a, b) => {
    const na = Number(a);
    const nb = Number(b);
    return Number.isFinite(na) && Number.isFinite(nb) ? na - nb : a.localeCompare(b);
  });
  const foldOf = new Map(patients.map((p, i) => [p, i % k]));
  const folds: C[][] = Array.from({ length: k }, () => []);
  for (const c of cases) folds[foldOf.get(patientOfCase(c)) ?? 0]?.push(c);
  return folds;
}

/** A metric's mean over folds and its worst fold. */
export interface FoldSummary {
  readonly mean: number;
  readonly worst: number;
  readonly worstFold: number;
}

/** Cross-validated metrics: every fold, and per metric and per type the mean and the worst fold. */
export interface FoldReport {
  readonly k: number;
  readonly folds: readonly (DeidMetrics & { readonly patients: number })[];
  readonly tokenRecall: FoldSummary;
  readonly tokenPrecision: FoldSummary;
  readonly spanRecall: FoldSummary;
  readonly byType: Record<string, FoldSummary>;
}

function summarise(values: readonly (number | undefined)[]): FoldSummary {
  const present = values.flatMap((v, i) => (v === undefined ? [] : [{ v, i }]));
  const mean = present.reduce((s, x) => s + x.v, 0) / Math.max(1, present.length);
  let worst = present[0] ?? { v: 1, i: 0 };
  for (const x of present) if (x.v < worst.v) worst = x;
  return { mean, worst: worst.v, worstFold: worst.i };
}

/** Summarises the metrics of each fold (in fold order) as mean and worst fold. */
export function summariseFolds(folds: readonly (DeidMetrics & { readonly patients: number })[]): FoldReport {
  const types = [...new Set(folds.flatMap((f) => Object.keys(f.byType)))].sort();
  const byType: Record<string, FoldSummary> = {};
  for (const type of types) byType[type] = summarise(folds.map((f) => f.byType[type]));
  return {
    k: folds.length,
    folds,
    tokenRecall: summarise(folds.map((f) => f.tokenRecall)),
    tokenPrecision: summarise(folds.map((f) => f.tokenPrecision)),
    spanRecall: summarise(folds.map((f) => f.spanRecall)),
    byType,
  };
}
