import { termStems } from '../../terminology/icd10cm/text-normalize.ts';
import type { Terminology } from '../../terminology/icd10cm/terminology.ts';

/** An axis of a code the chart must support (ICD-10-CM Guidelines I.B.13, I.C.4.a, I.C.6.d, I.C.19.a). */
export type SpecificityAxis = 'laterality' | 'intractability' | 'complication' | 'diabetes-type' | 'episode-of-care';

export interface SpecificityResult {
  /** The code to offer: the one asked, or the sibling the chart supports, or its header when none fits. */
  code: string;
  /** False when the code says something the chart contradicts and no fitting code exists. */
  keep: boolean;
  /** "document laterality", …: what the chart is silent on. */
  prompts: string[];
  /** Axes on which the code was changed to fit the chart. */
  changed: SpecificityAxis[];
}

const PROMPT: Record<SpecificityAxis, string> = {
  laterality: 'document laterality',
  intractability: 'document whether intractable',
  complication: 'document the complication',
  'diabetes-type': 'document the type of diabetes',
  'episode-of-care': 'document the episode of care (initial, subsequent, sequela)',
};

type Side = 'right' | 'left' | 'bilateral';
const SIDE_WORDS: Record<Side, RegExp> = {
  right: /\b(?:right|rt)\b/i,
  left: /\b(?:left|lt)\b/i,
  bilateral: /\b(?:bilateral(?:ly)?|both)\b/i,
};

function sidesIn(text: string): Set<Side> {
  return new Set((Object.keys(SIDE_WORDS) as Side[]).filter((s) => SIDE_WORDS[s].test(text)));
}

function sideOfTitle(title: string): Side | undefined {
  if (/\bbilateral\b/i.test(title)) return 'bilateral';
  if (/\bright\b/i.test(title)) return 'right';
  if (/\bleft\b/i.test(title)) return 'left';
  return undefined;
}

/** The sibling of a code whose title is the given one, among the billable codes of its category. */
function siblingTitled(terminology: Terminology, code: string, title: string): string | undefined {
  const category = code.slice(0, 3);
  const wanted = title.toLowerCase();
  return terminology
    .billableDescendants(category, 2000)
    .find((c) => c !== code && terminology.display(c)?.toLowerCase() === wanted);
}

const INTRACTABLE = /\b(?<!not |non-?)intractable\b|\brefractory\b|\bpharmacoresistant\b|\bpoorly controlled\b/i;
const NOT_INTRACTABLE = /\b(?:not intractable|non-?intractable|without (?:mention of )?intractab\w*)\b/i;

const TYPE1 = /\btype (?:1|i|one)\b|\bt1dm?\b|\biddm\b|\bjuvenile(?: onset)? diabetes\b|\bdm ?(?:1|i)\b/i;
const TYPE2 = /\btype (?:2|ii|two)\b|\bt2dm?\b|\bniddm\b|\bdm ?(?:2|ii)\b/i;

const GENERIC = new Set([
  'diabetic',
  'diabetes',
  'mellitus',
  'type',
  'unspecified',
  'other',
  'specified',
  'complication',
  'complications',
  'with',
  'without',
  'and',
  'or',
  'of',
  'the',
  'in',
  'due',
  'to',
]);

/** Content words of a title's "with …" part: the complication it claims. */
function complicationWords(title: string): string[] {
  const m = /\bwith (.+)$/i.exec(title);
  if (!m?.[1]) return [];
  return (m[1].toLowerCase().match(/[a-z]{3,}/g) ?? []).filter((w) => !GENERIC.has(w));
}

function supported(words: string[], support: string): boolean {
  if (words.length === 0) return true;
  const text = support.toLowerCase();
  // Through the terminology's analyser too: "CKD" says "chronic kidney disease".
  const stems = new Set(termStems(support));
  const found = words.filter(
    (w) => text.includes(w.slice(0, Math.min(w.length, 6))) || termStems(w).every((s) => stems.has(s)),
  );
  return found.length * 2 >= words.length;
}

export const WITHOUT_COMPLICATIONS = /\bwithout complications?\b/i;

/** A title's content words (the generic ones of a category's titles left out). */
function contentWords(title: string): string[] {
  return (title.toLowerCase().match(/[a-z]{3,}/g) ?? []).filter((w) => !GENERIC.has(w));
}

/** What a sentence affirms: lower-cased, with what it negates ("no", "without", "denies" … to the clause end) left out. */
function affirmedPart(support: string): string {
  return support
    .toLowerCase()
    .replace(/\b(?:no|not|without|denies|denied|negative for|free of|absence of)\b[^.;,:\n]*/g, ' ');
}

/** The nearest ancestor whose title no longer makes the claim (a header: valid, flagged as needing specificity). */
function ancestorWithout(terminology: Terminology, code: string, claim: RegExp): string | undefined {
  for (let c = terminology.parentOf(code); c !== undefined; c = terminology.parentOf(c)) {
    if (!claim.test(terminology.display(c) ?? '')) return c;
  }
  return undefined;
}

/**
 * Checks a code's axes against what the chart says where the code comes from (`support`: the sentence
 * or chart line of its evidence). A side, an intractability, a complication, a diabetes type or an
 * episode the chart does not state is not claimed: the unspecified sibling is offered with a
 * documentation prompt, or a sibling that matches what the chart does say; a code that contradicts
 * the chart and has no fitting sibling is not kept.
 */
export function checkSpecificity(terminology: Terminology, code: string, support: string): SpecificityResult {
  let current = code;
  const prompts: string[] = [];
  const changed: SpecificityAxis[] = [];
  const title = (): string => terminology.display(current) ?? '';
  let keep = true;

  // Laterality: only where the category has sided siblings.
  const side = sideOfTitle(title());
  if (side !== undefined) {
    const stated = sidesIn(support);
    if (!stated.has(side)) {
      const other = [...stated][0];
      const replaceSide = (to: string): string | undefined =>
        siblingTitled(terminology, current, title().replace(new RegExp(`\\b${side}\\b`, 'i'), to));
      const target = other !== undefined && stated.size === 1 ? replaceSide(other) : replaceSide('unspecified');
      const fallback = target ?? ancestorWithout(terminology, current, /\b(?:right|left|bilateral)\b/i);
      if (fallback !== undefined) {
        current = fallback;
        changed.push('laterality');
      } else keep = false;
      if (other === undefined) prompts.push(PROMPT.laterality);
    }
  }

  // A header whose codes differ by side, on a chart that names none: say what would make it billable.
  if (side === undefined && !terminology.isBillable(current) && sidesIn(support).size === 0) {
    const sided = terminology
      .billableDescendants(current, 50)
      .some((c) => sideOfTitle(terminology.display(c) ?? '') !== undefined);
    if (sided) prompts.push(PROMPT.laterality);
  }

  // Intractability (G43 migraine, G40 epilepsy): "not intractable" is the default when the chart is silent.
  const t = title();
  if (/\bintractable\b/i.test(t)) {
    const codeSaysNot = /\bnot intractable\b/i.test(t);
    const chartSaysNot = NOT_INTRACTABLE.test(support);
    const chartSays = !chartSaysNot && INTRACTABLE.test(support);
    if (codeSaysNot && chartSays) {
      const target =
        siblingTitled(terminology, current, t.replace(/\bnot intractable\b/i, 'intractable')) ??
        ancestorWithout(terminology, current, /\bintractable\b/i);
      if (target !== undefined) {
        current = target;
        changed.push('intractability');
      } else keep = false;
    } else if (!codeSaysNot && !chartSays) {
      const target =
        siblingTitled(terminology, current, t.replace(/\bintractable\b/i, 'not intractable')) ??
        ancestorWithout(terminology, current, /\bintractable\b/i);
      if (target !== undefined) {
        current = target;
        changed.push('intractability');
      } else keep = false;
      if (!chartSaysNot) prompts.push(PROMPT.intractability);
    } else if (codeSaysNot && !chartSaysNot) prompts.push(PROMPT.intractability);
  }

  // Diabetes type (E10 type 1, E11 type 2; E11 is the default for diabetes not otherwise specified).
  if (/^E1[01]\./.test(current)) {
    const type1 = TYPE1.test(support);
    const type2 = TYPE2.test(support);
    const want = type1 && !type2 ? 'E10' : type2 && !type1 ? 'E11' : undefined;
    if (want !== undefined && !current.startsWith(want)) {
      const target = `${want}${current.slice(3)}`;
      if (terminology.isBillable(target)) {
        current = target;
        changed.push('diabetes-type');
      } else keep = false;
    } else if (want === undefined && current.startsWith('E10')) {
      const target = `E11${current.slice(3)}`;
      if (terminology.isBillable(target)) current = target;
      changed.push('diabetes-type');
      prompts.push(PROMPT['diabetes-type']);
    } else if (want === undefined) prompts.push(PROMPT['diabetes-type']);
  }

  // With a complication: the complication must be in the chart (Guidelines I.A.15 "with" links only what is documented).
  const withTitle = title();
  if (/^E(?:0[89]|1[013])\./.test(current) && /\bwith\b/i.test(withTitle) && !/\bwithout\b/i.test(withTitle)) {
    // "With unspecified complications" (E11.8) names none: the chart must affirm that there are some.
    const claimed = complicationWords(withTitle);
    const documented = claimed.length > 0 ? supported(claimed, support) : /\bcomplicat/.test(affirmedPart(support));
    if (!documented) {
      const without = terminology
        .billableDescendants(current.slice(0, 3), 200)
        .find((c) => /without complications/i.test(terminology.display(c) ?? ''));
      if (without !== undefined) {
        current = without;
        changed.push('complication');
        prompts.push(PROMPT.complication);
      } else keep = false;
    }
  }

  // "Without complications" (E11.9, B02.9, H70.00-…) claims that nothing else is wrong: a complication the
  // same sentence or chart line states (a sibling's own words, or "complicated by") contradicts it. The
  // sibling the chart states is offered instead; with none that fits, the code is not offered.
  const withoutTitle = title();
  if (WITHOUT_COMPLICATIONS.test(withoutTitle)) {
    const affirmed = affirmedPart(support);
    const own = new Set(contentWords(withoutTitle));
    const stated = terminology
      .billableDescendants(current.slice(0, 3), 400)
      .filter((c) => c !== current && !/\bwithout\b/i.test(terminology.display(c) ?? ''))
      .map((c) => ({ c, words: contentWords(terminology.display(c) ?? '').filter((w) => !own.has(w)) }))
      .filter((x) => x.words.length > 0 && x.words.every((w) => new RegExp(`\\b${w.slice(0, 6)}`).test(affirmed)))
      .sort((a, b) => b.words.length - a.words.length)[0];
    if (stated !== undefined) {
      current = stated.c;
      changed.push('complication');
    } else if (/\bcomplicated\b|\bwith complications?\b/.test(affirmed)) keep = false;
  }

  // Episode of care (7th character of injuries): subsequent or sequela only when the chart says so.
  const episodeTitle = title();
  const episode = /, (initial encounter|subsequent encounter|sequela)\b/i.exec(episodeTitle)?.[1]?.toLowerCase();
  if (episode !== undefined && current.length === 8) {
    const chart = /\bsequela\w*|\blate effect/i.test(support)
      ? 'S'
      : /\bfollow[- ]?up\b|\bsubsequent\b|\brecheck\b|\bhealing\b|\bcast check\b|\bsuture removal\b/i.test(support)
        ? 'D'
        : /\binitial\b|\bacute\b|\bnew\b|\btoday\b|\bjust\b/i.test(support)
          ? 'A'
          : undefined;
    const seventh = current[7];
    if (chart !== undefined && seventh !== chart && seventh !== undefined) {
      const target = `${current.slice(0, 7)}${chart}`;
      if (terminology.isBillable(target)) {
        current = target;
        changed.push('episode-of-care');
      } else keep = false;
    } else if (chart === undefined) prompts.push(PROMPT['episode-of-care']);
  }
  return { code: current, keep, prompts, changed };
}

/** The sentence or chart line around a span: what a code found there may claim. */
export function supportAround(text: string, start: number, end: number): string {
  const before = text.slice(0, start);
  const from = Math.max(before.lastIndexOf('\n'), before.lastIndexOf('. ')) + 1;
  const after = text.slice(end).search(/\n|\.(?:\s|$)/);
  return text.slice(from, after < 0 ? text.length : end + after);
}
