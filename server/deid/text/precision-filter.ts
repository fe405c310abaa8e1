import { COMMON_WORDS, isNearEverydayWord } from './english-words.ts';
import { DRUG_AND_DEVICE_NAMES } from './drug-device-names.ts';
import { FREQUENT_GIVEN_NAMES, FREQUENT_SURNAMES, GIVEN_NAMES, SURNAMES } from './name-lexicon.ts';
import { gazetteer } from './place-gazetteer.ts';
import type { PhiSpan } from './phi-span.ts';
import { REGIONS } from './regions.ts';
import { isCapitalized, type WordToken } from './word-tokens.ts';

const FILTERED: ReadonlySet<string> = new Set(['NAME', 'LOCATION', 'ORGANIZATION']);
const TITLE_BEFORE = /\b(?:dr|doctor|mr|mrs|ms|miss|prof)\.?\s*$/i;
/** A relation just before a word names it: "daughter raymon called", "BROTHER MARKUS VIA SW". */
const RELATION_BEFORE =
  /\b(?:wife|husband|son|daughter|dtr|dau|mother|father|sister|brother|niece|nephew|aunt|uncle|cousin|grandson|granddaughter|friend|neighbou?r|fiancee?|partner|rabbi|pastor|chaplain)[ \t]*[-:,]?[ \t]*$/i;
/** "M. Peppler", "j o'brien": an initial just before the word. */
const INITIAL_BEFORE = /(?:^|[\s(,-])[A-Za-z]\.? ?$/;
/** Words after a place's name that make it an institution's ("Mackerer campus", "Baltmore rehab"). */
const FACILITY_AFTER =
  /^[ \t-]+(?:hospital|hosp|campus|rehab|rehabilitation|clinic|center|centre|medical|memorial|nursing|hospice|manor|house|pavilion|building|bldg|tower|wing)\b/i;

/** Names of God that patients call on: a person only with a title, a relation or another name beside them. */
const DEITIES: ReadonlySet<string> = new Set(['jesus', 'god', 'christ', 'allah', 'jehovah', 'lord']);
/** Words after a name that make it a scale's, a score's or a device's ("Boston scale", "Bear Hugger"). */
const INSTRUMENT_AFTER = /^[ \t]+(?:(?:bowel[ \t]+)?(?:prep[ \t]+)?(?:scale|score|criteria|classification)|hugger)\b/i;

/**
 * The ensemble's one precision filter. Each detector proposes spans; a one-word name, place or organisation
 * is dropped when the word is a medicine, feed or device ("Kayexalate", "Bair Hugger", "Zoll"), or a typing
 * slip of an everyday word ("visisted", "tehn") that is not written as a name (capitalised in a line that
 * has case), is no frequent name, and has no context that names it (a title or an initial before it, another
 * name beside it, an institution's word after it). A place that is a state, a country or a continent is
 * dropped too: Safe Harbor keeps them. Spans of shaped identifiers and dates, and names the record knows,
 * never pass through here.
 */
export function filterSpans(text: string, tokens: readonly WordToken[], spans: readonly PhiSpan[]): PhiSpan[] {
  if (spans.length === 0) return [];
  // Tokens are in text order: the token a span starts at is found by halving, not by a map of them all.
  const tokenAt = (start: number): WordToken | undefined => {
    let lo = 0;
    let hi = tokens.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const t = tokens[mid] as WordToken;
      if (t.start === start) return t;
      if (t.start < start) lo = mid + 1;
      else hi = mid - 1;
    }
    return undefined;
  };
  const nameEnds = new Set<number>();
  const nameStarts = new Set<number>();
  const placeStarts = new Set<number>();
  for (const s of spans) {
    if (s.category === 'LOCATION') placeStarts.add(s.start);
    if (s.category !== 'NAME') continue;
    nameEnds.add(s.end);
    nameStarts.add(s.start);
  }
  // Another name span touching this one across a space or an initial's period: part of a longer name.
  const besideName = (t: WordToken): boolean =>
    nameEnds.has(t.start - 1) || (nameEnds.has(t.start - 2) && text[t.start - 2] === '.') || nameStarts.has(t.end + 1);
  return spans.filter((span) => {
    if (!FILTERED.has(span.category)) return true;
    if (span.category !== 'ORGANIZATION') {
      const words = text.slice(span.start, span.end).toLowerCase().replace(/\s+/g, ' ');
      // "Florida" is a census given name too: a region that a place detector also found is the region.
      if (
        REGIONS.has(words) &&
        (span.category === 'LOCATION' || !GIVEN_NAMES.has(words) || placeStarts.has(span.start))
      )
        return false;
    }
    const t = tokenAt(span.start);
    if (t === undefined || span.end < t.end - 2 || span.end > t.end + 1) return true;
    const before = text.slice(Math.max(0, t.start - 16), t.start);
    // After a relation, a listed name is a name even where it is one slip from a word ("mose").
    const related =
      span.category === 'NAME' && (GIVEN_NAMES.has(t.bare) || SURNAMES.has(t.bare)) && RELATION_BEFORE.test(before);
    if (TITLE_BEFORE.test(before) || related) return true;
    const bare = t.bare;
    if (DRUG_AND_DEVICE_NAMES.has(bare)) return false;
    // "Jesus, help me", "thank God": a name of God alone is a prayer or an oath, not a person.
    if (DEITIES.has(bare) && !besideName(t)) return false;
    // "Boston scale", "Bear Hugger": a word naming a scale, a score or a device by the word after it.
    if (INSTRUMENT_AFTER.test(text.slice(t.end, t.end + 16))) return false;
    if (FREQUENT_GIVEN_NAMES.has(bare) || FREQUENT_SURNAMES.has(bare) || COMMON_WORDS.has(bare)) return true;
    // A place or house named after a family ("Keeley House") is checked against the gazetteer and the lists.
    if (span.category !== 'NAME' && (gazetteer().names.has(bare) || GIVEN_NAMES.has(bare) || SURNAMES.has(bare)))
      return true;
    if (t.caseInformative && isCapitalized(t)) return true;
    if (!isNearEverydayWord(bare)) return true;
    return (
      besideName(t) ||
      (span.category === 'NAME' && INITIAL_BEFORE.test(text.slice(Math.max(0, t.start - 4), t.start))) ||
      FACILITY_AFTER.test(text.slice(t.end, t.end + 16))
    );
  });
}
