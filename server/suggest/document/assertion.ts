import { isShortNote } from './short-note.ts';
import type { MentionContext } from '../clinical-text/mention-context.ts';

/**
 * How a mention is asserted (the i2b2 2010 assertion classes, as ConText extends NegEx): present for the
 * patient now, negated (including ruled out), possible, hypothetical (a condition that may arise: "return
 * if chest pain", "risk of falls", "prophylaxis of DVT"), about a family member, or history only.
 */
export type Assertion = 'present' | 'negated' | 'possible' | 'hypothetical' | 'family' | 'history';

/** ConText's hypothetical triggers: the condition is not (yet) the patient's. */
const HYPOTHETICAL =
  /\b(?:if (?:he|she|they|you|the patient)?\s*(?:develops?|has|have|experiences?|notices?)?|should (?:he|she|they|you) (?:develop|have|experience)|return (?:to the (?:ed|emergency department|clinic) )?(?:if|for|with)|call (?:if|for)|watch (?:for|out for)|monitor(?:ing)? for|in case of|(?:at )?risk (?:of|for)|to prevent|prevention of|prophyla(?:xis|ctic)(?: (?:of|for|against))?|screen(?:ing)? for|vaccinat\w* (?:against|for)|precautions? (?:for|against))\b/gi;
const STOP = /[.;:!?\n]|\bbut\b|\bhowever\b/gi;
/**
 * The same triggers after their condition: "stroke prevention", "DVT prophylaxis" (the two words before); in
 * short notes only (short-note.ts).
 */
const HYPOTHETICAL_AFTER = /\b(?:[a-z][\w-]*\s+){1,2}(?:prevention|prophylaxis)\b/gi;

/** The hypothetical scopes of a text: from a trigger to the end of its clause. */
export function hypotheticalScopes(text: string): { start: number; end: number }[] {
  const out: { start: number; end: number }[] = [];
  for (const match of text.matchAll(HYPOTHETICAL)) {
    STOP.lastIndex = match.index + match[0].length;
    const stop = STOP.exec(text);
    out.push({ start: match.index, end: stop ? stop.index : text.length });
  }
  if (isShortNote(text))
    for (const match of text.matchAll(HYPOTHETICAL_AFTER))
      out.push({ start: match.index, end: match.index + match[0].length });
  return out;
}

/**
 * The assertion of a mention made of the given spans: the status most of its words carry in the note's
 * context (family beats the rest, since a relative's condition is never the patient's), and hypothetical
 * where a hypothetical trigger governs it. `ignoreWithout` keeps "migraine without aura" present.
 */
export function assertionOf(
  context: MentionContext,
  hypothetical: readonly { start: number; end: number }[],
  spans: readonly { start: number; end: number }[],
  options: { ignoreWithout?: boolean } = {},
): Assertion {
  if (spans.length === 0) return 'present';
  const counts = new Map<string, number>();
  for (const span of spans) {
    const status = context.statusOf(span.start, span.end, options);
    counts.set(status, (counts.get(status) ?? 0) + 1);
  }
  if ((counts.get('family') ?? 0) > 0) return 'family';
  const half = spans.length / 2;
  if ((counts.get('negated') ?? 0) >= half) return 'negated';
  if (spans.some((s) => hypothetical.some((h) => s.start >= h.start && s.start < h.end))) return 'hypothetical';
  if ((counts.get('uncertain') ?? 0) >= half) return 'possible';
  if ((counts.get('historical') ?? 0) >= half) return 'history';
  return 'present';
}
