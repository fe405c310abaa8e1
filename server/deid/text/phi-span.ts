import type { PhiCategory } from '../phi-category.ts';

/** A stretch of text found to be PHI: UTF-16 offsets, `end` exclusive. */
export interface PhiSpan {
  readonly start: number;
  readonly end: number;
  readonly category: PhiCategory;
}

// When spans overlap, the more specific detector names the merged span.
const PRIORITY: Partial<Record<PhiCategory, number>> = {
  EMAIL: 9,
  URL: 9,
  IP: 9,
  SSN: 8,
  PHONE: 7,
  FAX: 7,
  MRN: 7,
  HEALTH_PLAN: 7,
  ACCOUNT: 7,
  LICENSE: 7,
  VEHICLE: 7,
  DEVICE: 7,
  ADDRESS: 6,
  DATE: 5,
  AGE: 5,
  ZIP: 4,
  // A facility's name is an organisation even when its word is also a surname ("Calvert Hospital").
  ORGANIZATION: 3.5,
  NAME: 3,
  LOCATION: 3,
};

/** How specific a category is: the more specific names a merged span. */
export function categoryPriority(category: PhiCategory): number {
  return PRIORITY[category] ?? 1;
}

/** Sorts spans and merges overlapping or touching ones into single spans. */
export function mergeSpans(spans: readonly PhiSpan[]): PhiSpan[] {
  const sorted = spans.filter((s) => s.end > s.start).sort((a, b) => a.start - b.start || b.end - a.end);
  const out: PhiSpan[] = [];
  for (const span of sorted) {
    const last = out[out.length - 1];
    if (last !== undefined && span.start < last.end) {
      const category = (PRIORITY[span.category] ?? 1) > (PRIORITY[last.category] ?? 1) ? span.category : last.category;
      out[out.length - 1] = { start: last.start, end: Math.max(last.end, span.end), category };
    } else {
      out.push(span);
    }
  }
  return out;
}
