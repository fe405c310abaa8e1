import type { CodingTaskReport, EvalReport, TriageTaskReport } from '../../server/eval/eval-report.ts';
import { buildReport } from '../../server/eval/run-suite.ts';
import { DEFAULT_THRESHOLDS } from '../../server/eval/thresholds.ts';

/** A coding task result with every headline metric at `top1`. */
export function codingReport(top1: number, invalid = 0): CodingTaskReport {
  return {
    task: 'coding',
    metrics: { top1, top5: top1, recall5: top1, category1: top1, invalid, n: 50, unsupportedEvidence: 0 },
    perCategory: { J: { n: 50, top1 } },
    fallbacks: 0,
  };
}

/** A triage task result with the given emergent recall. */
export function triageReport(emergentRecall: number): TriageTaskReport {
  return {
    task: 'triage',
    metrics: {
      accuracy: 0.8,
      emergentRecall,
      emergentRecallCI95: [0.9, 1],
      underTriage: 0.05,
      overTriage: 0.15,
      n: 40,
      confusion: { EMERGENT: { EMERGENT: 19, URGENT: 1 } },
    },
    fallbacks: 0,
  };
}

/** A report under the default gate: it passes when `top1` ≥ 0.9 (emergent recall 0.97). */
export function gateReport(top1: number, at = new Date('2026-03-01T12:00:00.000Z')): EvalReport {
  return buildReport([codingReport(top1), triageReport(0.97)], DEFAULT_THRESHOLDS, { modelVersion: 'tiny' }, at);
}
