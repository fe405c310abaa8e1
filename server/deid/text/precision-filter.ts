import { COMMON_WORDS, isNearEverydayWord } from './english-words.ts';
import { DRUG_AND_DEVICE_NAMES } from './drug-device-names.ts';
import { FREQUENT_GIVEN_NAMES, FREQUENT_SURNAMES, GIVEN_NAMES, SURNAMES } from './name-lexicon.ts';
import { gazetteer } from './place-gazetteer.ts';
import type { PhiSpan } from './phi-span.ts';
import { isCapitalized, type WordToken } from './word-tokens.ts';

const FILTERED: ReadonlySet<string> = new Set(['NAME', 'LOCATION', 'ORGANIZATION']);
const TITLE_BEFORE = /\b(?:dr|doctor|mr|mrs|ms|miss|prof)\.?\s*$/i;

/**
 * The ensemble's one precision filter. Each detector proposes spans; a one-word name, place or organisation
 * is dropped when the word is a medicine, feed or device ("Kayexalate", "Bair Hugger", "Zoll"), or a typing
 * slip of an everyday word ("visisted", "tehn") that is not written as a name (capitalised in a line that
 * has case) and is no frequent name. A title before the word ("Dr. Zoll") keeps it. Spans of shaped
 * identifiers and dates, and names the record knows, never pass through here.
 */
export function filterSpans(text: string, tokens: readonly WordToken[], spans: readonly PhiSpan[]): PhiSpan[] {
  if (spans.length === 0) return [];
  const byStart = new Map<number, WordToken>();
  for (const t of tokens) byStart.set(t.start, t);
  return spans.filter((span) => {
    if (!FILTERED.has(span.category)) return true;
    const t = byStart.get(span.start);
    if (t === undefined || span.end < t.end - 2 || span.end > t.end + 1) return true;
    if (TITLE_BEFORE.test(text.slice(Math.max(0, t.start - 10), t.start))) return true;
    const bare = t.bare;
    if (DRUG_AND_DEVICE_NAMES.has(bare)) return false;
    if (FREQUENT_GIVEN_NAMES.has(bare) || FREQUENT_SURNAMES.has(bare) || COMMON_WORDS.has(bare)) return true;
    // A place or house named after a family ("Keeley House") is checked against the gazetteer and the lists.
    if (span.category !== 'NAME' && (gazetteer().names.has(bare) || GIVEN_NAMES.has(bare) || SURNAMES.has(bare)))
      return true;
    if (t.caseInformative && isCapitalized(t)) return true;
    return !isNearEverydayWord(bare);
  });
}
