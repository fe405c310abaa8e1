import { addCount, type PhiCategory, type PhiCounts } from '../phi-category.ts';
import { CLINICAL_TERMS, EPONYMS, NAME_STOP_WORDS } from './clinical-lexicon.ts';
import { detectDates } from './detect-dates.ts';
import { detectFacilities } from './detect-facilities.ts';
import { detectIdentifiers } from './detect-identifiers.ts';
import { detectLocations } from './detect-locations.ts';
import { detectNameContext } from './detect-name-context.ts';
import { detectNames } from './detect-names.ts';
import { detectRegions } from './detect-regions.ts';
import { COMMON_WORDS } from './english-words.ts';
import type { KnownIdentifierFinder } from './known-identifiers.ts';
import { categoryPriority, mergeSpans, type PhiSpan } from './phi-span.ts';
import { extendNames } from './name-neighbours.ts';
import { filterSpans } from './precision-filter.ts';
import { replaceSpans, type ReplaceOptions } from './replace-spans.ts';
import type { ReidentificationMap } from './reidentification-map.ts';
import { tokenizeWords, type WordToken } from './word-tokens.ts';

const PROPAGATED: ReadonlySet<PhiCategory> = new Set(['NAME', 'LOCATION', 'ORGANIZATION']);

/**
 * Once a word is found to be a name or place somewhere in a note, its other occurrences are too
 * ("Mr. Nicholson" … "nicholson had a good night"), unless the word is ordinary English or clinical, or an
 * eponym standing by its clinical noun.
 */
function propagate(text: string, tokens: readonly WordToken[], spans: readonly PhiSpan[]): PhiSpan[] {
  const forms = new Map<string, PhiCategory>();
  let s = 0;
  const sorted = [...spans].sort((a, b) => a.start - b.start);
  for (const t of tokens) {
    while (s < sorted.length && (sorted[s]?.end ?? 0) <= t.start) s++;
    for (let k = s; k < sorted.length && (sorted[k]?.start ?? Infinity) < t.end; k++) {
      const span = sorted[k];
      if (span === undefined || !PROPAGATED.has(span.category)) continue;
      if (span.start > t.start || span.end < t.end) continue;
      const short = t.bare.length < 3 && !/^[A-Z]{2}$/.test(t.text);
      if (
        short ||
        EPONYMS.has(t.bare) ||
        COMMON_WORDS.has(t.bare) ||
        NAME_STOP_WORDS.has(t.bare) ||
        CLINICAL_TERMS.has(t.bare)
      )
        continue;
      // The first detector's category for a word stands unless a more specific one also found it.
      const known = forms.get(t.bare);
      if (known === undefined || categoryPriority(span.category) > categoryPriority(known))
        forms.set(t.bare, span.category);
    }
  }
  if (forms.size === 0) return [];
  const out: PhiSpan[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i];
    if (t === undefined) continue;
    const category = forms.get(t.bare);
    if (category === undefined) continue;
    out.push({ start: t.start, end: t.end, category });
  }
  void text;
  return out;
}

export interface DetectOptions {
  readonly known?: KnownIdentifierFinder | undefined;
}

/** Finds the PHI spans of a free text: merged, sorted, non-overlapping. */
export function detectPhi(text: string, options: DetectOptions = {}): PhiSpan[] {
  const tokens = tokenizeWords(text);
  // The ensemble: the union of every detector's spans, through one precision filter; then the names the
  // record knows, which are always masked.
  const spans: PhiSpan[] = filterSpans(text, tokens, [
    ...detectIdentifiers(text),
    ...detectDates(text),
    ...detectNames(text, tokens),
    ...detectNameContext(text, tokens),
    ...detectLocations(text, tokens),
    ...detectFacilities(text, tokens),
    ...detectRegions(text, tokens),
  ]);
  spans.push(...(options.known?.find(text) ?? []));
  spans.push(...extendNames(text, tokens, spans));
  spans.push(...propagate(text, tokens, spans));
  return mergeSpans(spans);
}

export interface ScrubResult {
  readonly text: string;
  readonly counts: PhiCounts;
  readonly spans: readonly PhiSpan[];
  readonly map: ReidentificationMap | undefined;
}

/** Detects and replaces the PHI of a free text. */
export function scrubText(text: string, detect: DetectOptions, replace: ReplaceOptions): ScrubResult {
  const spans = detectPhi(text, detect);
  const counts: PhiCounts = {};
  for (const span of spans) addCount(counts, span.category);
  const { text: out, map } = replaceSpans(text, spans, replace);
  return { text: out, counts, spans, map };
}
