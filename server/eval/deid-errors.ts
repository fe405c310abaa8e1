import type { DeidCase } from './deid-cases.ts';
import { tokenize, type MaskedSpan } from './deid-metrics.ts';

/** A token the engine got wrong: offsets into the case's text, and the text only when asked for. */
export interface TokenError {
  readonly start: number;
  readonly end: number;
  /** Gold type for a missed token; the engine's category for a wrongly masked one. */
  readonly type: string;
  readonly text?: string;
}

/** The errors of one case, for `eval deid --per-case`. */
export interface CaseErrors {
  readonly id: string;
  readonly missed: readonly TokenError[];
  readonly wronglyMasked: readonly TokenError[];
}

function covering<S extends { start: number; end: number }>(
  spans: readonly S[],
  start: number,
  end: number,
): S | undefined {
  for (const s of spans) if (s.start < end && s.end > start) return s;
  return undefined;
}

/**
 * The missed gold tokens and the wrongly masked tokens of a case, counted as `computeDeidMetrics` counts
 * them (a year left inside a DATE is not missed). `withText` adds each token's text: only for synthetic or
 * surrogate corpora, never for real notes, since the file would then hold PHI.
 */
export function caseErrors(
  c: DeidCase,
  masked: readonly (MaskedSpan & { readonly category?: string })[],
  withText: boolean,
): CaseErrors {
  const missed: TokenError[] = [];
  for (const gold of c.phi) {
    for (const t of tokenize(c.text, gold.start, gold.end)) {
      if (covering(masked, t.start, t.end) !== undefined) continue;
      if (gold.type === 'DATE' && /^\d{4}$/.test(t.text)) continue;
      missed.push({ start: t.start, end: t.end, type: gold.type, ...(withText ? { text: t.text } : {}) });
    }
  }
  const wronglyMasked: TokenError[] = [];
  for (const t of tokenize(c.text)) {
    const span = covering(masked, t.start, t.end);
    if (span === undefined || covering(c.phi, t.start, t.end) !== undefined) continue;
    wronglyMasked.push({
      start: t.start,
      end: t.end,
      type: span.category ?? 'PHI',
      ...(withText ? { text: t.text } : {}),
    });
  }
  return { id: c.id, missed, wronglyMasked };
}
