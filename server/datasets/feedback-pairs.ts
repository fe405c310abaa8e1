import { z } from 'zod';

/**
 * One record of the CDS feedback store, as `chartside dataset build --feedback FILE` reads it (NDJSON):
 * the CDS Hooks feedback (§Feedback: card, accepted suggestions, override reason) together with the
 * suggestions the card offered and the text they were made from. Provisional: to be reconciled with the
 * store written by cds-hooks/.
 */
export const FeedbackRecordSchema = z.looseObject({
  cardUuid: z.string().min(1),
  outcome: z.enum(['accepted', 'overridden']).optional(),
  acceptedSuggestionIds: z.array(z.string()).default([]),
  overrideReason: z
    .union([
      z.string(),
      z.looseObject({
        reason: z.looseObject({ code: z.string().optional(), display: z.string().optional() }).optional(),
      }),
    ])
    .optional(),
  /** The case the card was made for (free text; de-identified again on the way in). */
  prompt: z.string().min(1),
  suggestions: z.array(z.looseObject({ uuid: z.string().min(1), label: z.string().min(1) })).min(1),
});
export type FeedbackRecord = z.infer<typeof FeedbackRecordSchema>;

/** A preference pair (DPO-style): the suggestion the clinician accepted over one they did not. */
export interface PreferencePair {
  readonly prompt: string;
  readonly chosen: string;
  readonly rejected: string;
}

/** Most pairs taken from one card, so that a card with many suggestions does not dominate. */
export const MAX_PAIRS_PER_CARD = 4;

/**
 * Pairs from one feedback record: each accepted suggestion against each one offered but not accepted.
 * A card overridden with nothing accepted says what was wrong, not what was right: no pair.
 */
export function pairsFrom(record: FeedbackRecord, prompt: string): PreferencePair[] {
  const accepted = new Set(record.acceptedSuggestionIds);
  const chosen = record.suggestions.filter((s) => accepted.has(s.uuid));
  const rejected = record.suggestions.filter((s) => !accepted.has(s.uuid));
  const pairs: PreferencePair[] = [];
  for (const c of chosen) {
    for (const r of rejected) {
      if (pairs.length >= MAX_PAIRS_PER_CARD) return pairs;
      pairs.push({ prompt, chosen: c.label, rejected: r.label });
    }
  }
  return pairs;
}
