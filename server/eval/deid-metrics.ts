import type { DeidCase } from './deid-cases.ts';

/** A masked stretch of a case's text (UTF-16 offsets, end exclusive), as the engine found it. */
export interface MaskedSpan {
  readonly start: number;
  readonly end: number;
}

/** The metrics of `../shared/eval/README.md` §De-identification. */
export interface DeidMetrics {
  /** Share of gold PHI tokens masked in any way (a four-digit year inside a DATE left unmasked is not missed). */
  tokenRecall: number;
  /** Share of masked tokens that are gold PHI tokens. */
  tokenPrecision: number;
  /** Share of gold spans wholly masked. */
  spanRecall: number;
  /** tokenRecall per gold type. */
  byType: Record<string, number>;
  n: number;
}

interface Token {
  start: number;
  end: number;
  text: string;
}

/** Tokens: maximal runs of letters and digits (the text split on whitespace and punctuation). */
export function tokenize(text: string, start = 0, end = text.length): Token[] {
  const out: Token[] = [];
  const re = /[\p{L}\p{N}]+/gu;
  const slice = text.slice(start, end);
  for (const m of slice.matchAll(re))
    out.push({ start: start + m.index, end: start + m.index + m[0].length, text: m[0] });
  return out;
}

function overlaps(spans: readonly MaskedSpan[], start: number, end: number): boolean {
  for (const s of spans) if (s.start < end && s.end > start) return true;
  return false;
}

/** Computes the metrics over cases, given the engine's masked spans for each case. */
export function computeDeidMetrics(
  cases: readonly DeidCase[],
  masked: readonly (readonly MaskedSpan[])[],
): DeidMetrics {
  let goldTokens = 0;
  let goldHit = 0;
  let maskedTokens = 0;
  let maskedGold = 0;
  let spans = 0;
  let spansHit = 0;
  const byTypeTotal: Record<string, number> = {};
  const byTypeHit: Record<string, number> = {};
  cases.forEach((c, i) => {
    const predicted = masked[i] ?? [];
    for (const gold of c.phi) {
      let whole = true;
      for (const t of tokenize(c.text, gold.start, gold.end)) {
        const hit = overlaps(predicted, t.start, t.end);
        if (!hit && gold.type === 'DATE' && /^\d{4}$/.test(t.text)) continue;
        goldTokens++;
        byTypeTotal[gold.type] = (byTypeTotal[gold.type] ?? 0) + 1;
        if (hit) {
          goldHit++;
          byTypeHit[gold.type] = (byTypeHit[gold.type] ?? 0) + 1;
        } else whole = false;
      }
      spans++;
      if (whole) spansHit++;
    }
    for (const t of tokenize(c.text)) {
      if (!overlaps(predicted, t.start, t.end)) continue;
      maskedTokens++;
      if (overlaps(c.phi, t.start, t.end)) maskedGold++;
    }
  });
  const byType: Record<string, number> = {};
  for (const type of Object.keys(byTypeTotal).sort()) byType[type] = (byTypeHit[type] ?? 0) / (byTypeTotal[type] ?? 1);
  return {
    tokenRecall: goldTokens === 0 ? 1 : goldHit / goldTokens,
    tokenPrecision: maskedTokens === 0 ? 1 : maskedGold / maskedTokens,
    spanRecall: spans === 0 ? 1 : spansHit / spans,
    byType,
    n: cases.length,
  };
}
