import { CARDINAL_WORDS, ORDINAL_WORDS, wordAlternation } from '../clinical-text/number-words.ts';

/**
 * The height of a fall, read from text ("fell about 2 feet off the step", "a 3 m fall", "fell from the
 * second floor", "fell down 6 stairs"), for the height thresholds of trauma triage: the ACS-COT National
 * Guideline for the Field Triage of Injured Patients (2021: a fall from more than 10 feet, any age, is a
 * high-risk mechanism) and the dangerous mechanism of the Canadian CT Head Rule and NICE NG232 (an
 * elevation of 3 feet / 1 m or five stairs). A storey counts as 10 feet, a stair as 7 inches.
 */
export interface FallHeight {
  feet: number;
  stairs?: number;
  start: number;
  end: number;
}

const WORD_NUMBERS: Readonly<Record<string, number>> = { ...CARDINAL_WORDS, ...ORDINAL_WORDS };

const NUMBER = String.raw`(\d+(?:\.\d+)?|${wordAlternation(Object.keys(WORD_NUMBERS))})`;
const UNIT = String.raw`(feet|foot|ft|'|metres?|meters?|m|stor(?:e?y|ies)|floors?|stairs|steps)`;
const FALL = String.raw`\b(?:fell|falls?|fallen|falling|jumped|dropped|tumbled|came off|slipped (?:off|down))\b`;
const QUALIFIER = String.raw`(?:about |around |approximately |roughly |maybe |nearly |almost |over |more than |at least |only |just |less than |under )?`;

/** "fell ... N unit", "an N-foot fall", "fell down a flight of stairs". */
const PATTERNS: readonly RegExp[] = [
  new RegExp(`${FALL}[^.;\\n]{0,40}?\\b${QUALIFIER}${NUMBER}[- ]?${UNIT}(?![a-z])`, 'gi'),
  new RegExp(`\\b${QUALIFIER}${NUMBER}[- ](feet|foot|ft|metres?|meters?|m|stor(?:e?y|ies))[- ](?:fall|drop)\\b`, 'gi'),
];
const FLIGHT =
  /\b(?:fell|falls?|fallen|tumbled|slipped)\b[^.;\n]{0,20}?\bdown (?:a |the |an entire |a whole )?(?:full )?flight of stairs\b/gi;

function toNumber(raw: string): number {
  const n = Number(raw);
  return Number.isFinite(n) ? n : (WORD_NUMBERS[raw.toLowerCase()] ?? NaN);
}

function toFeet(n: number, unit: string): { feet: number; stairs?: number } {
  const u = unit.toLowerCase();
  if (u === "'" || (u.startsWith('f') && !u.startsWith('floor'))) return { feet: n };
  if (u.startsWith('m')) return { feet: n * 3.28 };
  if (u.startsWith('stor') || u.startsWith('floor')) return { feet: n * 10 };
  return { feet: (n * 7) / 12, stairs: n };
}

/** A cheap pre-test: the words a stated fall height needs. */
const MAY_STATE_FALL = /\b(?:fell|fall|jump|drop|tumbl|came off|slipped)/i;

/**
 * The greatest fall height the text states, with its span; undefined when none is stated. `accept`
 * drops a span its caller reads as negated or hypothetical ("did not fall", "no fall from the ladder").
 */
export function readFallHeight(
  text: string,
  accept: (start: number, end: number) => boolean = () => true,
): FallHeight | undefined {
  if (!MAY_STATE_FALL.test(text)) return undefined;
  let best: FallHeight | undefined;
  const consider = (h: FallHeight): void => {
    if (!accept(h.start, h.end)) return;
    if (!best || h.feet > best.feet) best = h;
  };
  for (const pattern of PATTERNS) {
    for (const m of text.matchAll(pattern)) {
      const n = toNumber(m[1] ?? '');
      if (!Number.isFinite(n) || n <= 0 || n > 500) continue;
      // "the second floor" names a storey: the fall is from one storey below it (ground floor = 0).
      const storey = /floor|stor/i.test(m[2] ?? '') && /^(?:first|second|third|fourth|fifth)$/i.test(m[1] ?? '');
      const { feet, stairs } = toFeet(storey ? n - 1 || 0.5 : n, m[2] ?? '');
      consider({ feet, ...(stairs !== undefined ? { stairs } : {}), start: m.index, end: m.index + m[0].length });
    }
  }
  for (const m of text.matchAll(FLIGHT)) consider({ feet: 7, stairs: 12, start: m.index, end: m.index + m[0].length });
  return best;
}
