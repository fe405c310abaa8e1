import { z } from 'zod';

/**
 * One line of the feedback store (`CHARTSIDE_FEEDBACK_LOG`, written by CDS Hooks feedback and the app):
 * ids and outcomes only, never content. `issued` links it to what was offered, when the same Chartside
 * issued the card.
 */
export const FeedbackLineSchema = z.looseObject({
  service: z.string().min(1),
  card: z.string().min(1),
  outcome: z.enum(['accepted', 'overridden']),
  acceptedSuggestions: z.array(z.string()).default([]),
  issued: z.looseObject({ hookInstance: z.string().min(1) }).optional(),
});
export type FeedbackLine = z.infer<typeof FeedbackLineSchema>;

/** One line of the training case store (`CHARTSIDE_TRAINING_CASES_LOG`): what one answer offered. */
export const TrainingCaseLineSchema = z.looseObject({
  service: z.string().min(1),
  hookInstance: z.string().min(1),
  text: z.string().min(1),
  suggestions: z.array(z.looseObject({ id: z.string().min(1), label: z.string().min(1) })).min(1),
});
export type TrainingCaseLine = z.infer<typeof TrainingCaseLineSchema>;

/** A preference pair (DPO-style): the suggestion the clinician accepted over one they did not. */
export interface PreferencePair {
  readonly prompt: string;
  readonly chosen: string;
  readonly rejected: string;
}

/** Most pairs taken from one answer, so that an answer with many suggestions does not dominate. */
export const MAX_PAIRS_PER_CARD = 4;

/** The app's service name in the feedback store; its feedback is per suggestion, not per card. */
export const APP_SERVICE = 'chartside-smart-app';

interface Verdict {
  readonly accepted: Set<string>;
  readonly rejected: Set<string>;
  matched: boolean;
}

/**
 * What the feedback says of each answer, by the key both stores share (service and hook instance, or the
 * app's suggestion set): ids only, so its memory is a few dozen bytes per answer with feedback.
 */
export class FeedbackIndex {
  readonly #verdicts = new Map<string, Verdict>();
  /** Feedback lines without the link to an issued answer (given to another Chartside, or after a restart). */
  unlinked = 0;

  add(line: FeedbackLine): void {
    if (line.issued === undefined) {
      this.unlinked++;
      return;
    }
    const key = `${line.service}\0${line.issued.hookInstance}`;
    let verdict = this.#verdicts.get(key);
    if (verdict === undefined) {
      verdict = { accepted: new Set(), rejected: new Set(), matched: false };
      this.#verdicts.set(key, verdict);
    }
    for (const id of line.acceptedSuggestions) verdict.accepted.add(id);
    // The app's feedback names one suggestion (`<set>:<suggestion>`); an overridden one was rejected.
    if (line.service === APP_SERVICE && line.outcome === 'overridden')
      verdict.rejected.add(line.card.slice(line.card.lastIndexOf(':') + 1));
  }

  /**
   * The pairs of one answer: each accepted suggestion over each rejected one. A CDS card's feedback covers
   * the whole card, so what it offered and was not accepted was passed over; the app's feedback covers one
   * suggestion at a time, so only what was explicitly rejected counts. Nothing accepted: no pair (an
   * override says what was wrong, not what was right).
   */
  pairsFor(answer: TrainingCaseLine, prompt: string): PreferencePair[] | undefined {
    const verdict = this.#verdicts.get(`${answer.service}\0${answer.hookInstance}`);
    if (verdict === undefined) return undefined;
    verdict.matched = true;
    const chosen = answer.suggestions.filter((s) => verdict.accepted.has(s.id));
    const rejected = answer.suggestions.filter((s) =>
      answer.service === APP_SERVICE ? verdict.rejected.has(s.id) : !verdict.accepted.has(s.id),
    );
    const pairs: PreferencePair[] = [];
    for (const c of chosen) {
      for (const r of rejected) {
        if (pairs.length >= MAX_PAIRS_PER_CARD) return pairs;
        pairs.push({ prompt, chosen: c.label, rejected: r.label });
      }
    }
    return pairs;
  }

  /** Answers with feedback that no training case matched (the case store was off when they were issued). */
  get withoutCase(): number {
    let n = 0;
    for (const v of this.#verdicts.values()) if (!v.matched) n++;
    return n;
  }
}
