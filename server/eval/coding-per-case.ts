import { scoreDocument } from './coding-metrics.ts';

/** One suggested code as the per-case report shows it. */
export interface RankedCode {
  code: string;
  /** 1-based rank among the suggestions. */
  rank: number;
  display: string;
  /** Verbatim quotes of the (de-identified) text. */
  evidence: string[];
  rationale: string;
  /** The ranking features of the hit, where the engine provides them. */
  features?: Record<string, number>;
}

/** Per document: what was found, missed and suggested wrongly (`chartside eval coding --per-case`). */
export interface PerCaseRecord {
  id: string;
  fold?: number;
  gold: string[];
  found: RankedCode[];
  missed: string[];
  notGold: RankedCode[];
  precision5: number;
  recall10: number;
  averagePrecision: number;
}

const round = (x: number): number => Math.round(x * 10_000) / 10_000;

/** Splits one case's ranked suggestions against its gold set. */
export function perCaseRecord(
  id: string,
  gold: readonly string[],
  suggestions: readonly RankedCode[],
  fold?: number,
): PerCaseRecord {
  const goldSet = new Set(gold.map((g) => g.trim().toUpperCase()));
  const seen = new Set<string>();
  const distinct = suggestions.filter((s) => !seen.has(s.code) && seen.add(s.code));
  const scores = scoreDocument(
    gold,
    distinct.map((s) => s.code),
  );
  return {
    id,
    ...(fold === undefined ? {} : { fold }),
    gold: [...goldSet],
    found: distinct.filter((s) => goldSet.has(s.code)),
    missed: [...goldSet].filter((g) => !seen.has(g)),
    notGold: distinct.filter((s) => !goldSet.has(s.code)),
    precision5: round(scores.precision5),
    recall10: round(scores.recall10),
    averagePrecision: round(scores.averagePrecision),
  };
}
