import { TRIAGE_LEVELS, type TriageLevel } from '../../inference/backend.ts';

/** The more urgent of two levels. */
export function moreUrgent(a: TriageLevel, b: TriageLevel): TriageLevel {
  return TRIAGE_LEVELS.indexOf(a) <= TRIAGE_LEVELS.indexOf(b) ? a : b;
}

/** 3 for EMERGENT down to 0 for NON-URGENT. */
export function urgencyRank(level: TriageLevel): number {
  return TRIAGE_LEVELS.length - 1 - TRIAGE_LEVELS.indexOf(level);
}
