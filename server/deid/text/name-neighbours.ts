import { CLINICAL_ABBREVIATIONS, CLINICAL_TERMS, EPONYMS, NAME_STOP_WORDS } from './clinical-lexicon.ts';
import { RELATIONS, TITLES } from './detect-names.ts';
import { DRUG_AND_DEVICE_NAMES } from './drug-device-names.ts';
import { COMMON_WORDS, ENGLISH_WORDS, RARE_ENGLISH_WORDS } from './english-words.ts';
import { FREQUENT_GIVEN_NAMES, FREQUENT_SURNAMES, GIVEN_NAMES, SURNAMES } from './name-lexicon.ts';
import type { PhiSpan } from './phi-span.ts';
import { REGIONS } from './regions.ts';
import { isCapitalized, type WordToken } from './word-tokens.ts';

/*
 * Names grow from the names the ensemble found: a person's name is several words, and once one of them is
 * known its neighbours are judged as names ("Dick [Cucchiara]", "[Stella] Maris", "d. renna and j. o'brien",
 * "[Suzette] and Ank"). Irish O'-names are names wherever they stand ("O'Brien", "o'rourke").
 */

const O_NAME = /^[Oo][’'][A-Za-z]{2,}$/;

/** "O'Brien", not "o'clock"; character tests first, as this is asked of every word. */
function isOName(word: string): boolean {
  const c0 = word.charCodeAt(0);
  const c1 = word.charCodeAt(1);
  return (c0 === 79 || c0 === 111) && (c1 === 39 || c1 === 0x2019) && O_NAME.test(word) && !/^o['’]clock$/i.test(word);
}

function plainWord(t: WordToken): boolean {
  return (
    /\d/.test(t.text) ||
    NAME_STOP_WORDS.has(t.bare) ||
    RELATIONS.has(t.bare) ||
    TITLES.has(t.bare) ||
    REGIONS.has(t.bare) ||
    CLINICAL_TERMS.has(t.bare) ||
    CLINICAL_ABBREVIATIONS.has(t.bare) ||
    EPONYMS.has(t.bare) ||
    DRUG_AND_DEVICE_NAMES.has(t.bare)
  );
}

function unknownWord(t: WordToken): boolean {
  return (
    t.bare.length > 2 &&
    t.bare
      .split('-')
      .every((p) => p.length > 1 && !ENGLISH_WORDS.has(p) && !RARE_ENGLISH_WORDS.has(p) && !CLINICAL_TERMS.has(p))
  );
}

/** Whether a word beside a known name is more of it. */
function nameWord(t: WordToken): boolean {
  if (t.bare.length < 2 || plainWord(t)) return false;
  if (O_NAME.test(t.text)) return true;
  if (t.caseInformative) {
    // In a line with case: written as a name, or no word at all.
    if (!isCapitalized(t)) return t.text === t.text.toLowerCase() && unknownWord(t);
  }
  const listed = GIVEN_NAMES.has(t.bare) || SURNAMES.has(t.bare);
  if (listed && COMMON_WORDS.has(t.bare))
    return (t.caseInformative && isCapitalized(t)) || FREQUENT_GIVEN_NAMES.has(t.bare) || FREQUENT_SURNAMES.has(t.bare);
  return listed || unknownWord(t);
}

/** A word that may be a name coordinated with a known one: more of a name, and written as one in a line with case. */
function coordinable(t: WordToken): boolean {
  if (!nameWord(t) || (t.caseInformative && !isCapitalized(t))) return false;
  return t.bare.length > 2 && /[aeiou]/.test(t.bare);
}

/** An initial: one letter, after a space or bracket, with its period or a space after it. */
function initialAt(text: string, t: WordToken): boolean {
  return /^[A-Za-z]$/.test(t.text) && t.text !== 'I' && /[ (]/.test(text[t.start - 1] ?? ' ') && text[t.end] !== '/';
}

/** Adds the neighbours of found names that read as more of them (see the module comment). */
export function extendNames(text: string, tokens: readonly WordToken[], spans: readonly PhiSpan[]): PhiSpan[] {
  const out: PhiSpan[] = [];
  const name = new Uint8Array(tokens.length);
  let s = 0;
  const sorted = spans.filter((x) => x.category === 'NAME').sort((a, b) => a.start - b.start);
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i];
    if (t === undefined) continue;
    while (s < sorted.length && (sorted[s]?.end ?? 0) <= t.start) s++;
    const span = sorted[s];
    if (span !== undefined && span.start <= t.start && span.end >= t.end) name[i] = 1;
    else if (isOName(t.text)) {
      name[i] = 2;
      out.push({ start: t.start, end: t.end, category: 'NAME' });
    }
  }
  const add = (i: number, t: WordToken, withPeriod: boolean): void => {
    name[i] = 2;
    // The possessive ending is not part of the name.
    const end = /['’]s$/i.test(t.text) ? t.end - 2 : t.end + (withPeriod && text[t.end] === '.' ? 1 : 0);
    out.push({ start: t.start, end, category: 'NAME' });
  };
  // Backwards then forwards, so that a chain ("j. o'brien") grows from either end.
  for (let i = tokens.length - 1; i > 0; i--) {
    const t = tokens[i];
    const p = tokens[i - 1];
    if (t === undefined || p === undefined || name[i] === 0 || name[i - 1] !== 0) continue;
    const gap = text.slice(p.end, t.start);
    if ((gap === '. ' || gap === '.') && initialAt(text, p)) add(i - 1, p, true);
    else if (gap === ' ' && (GIVEN_NAMES.has(p.bare) || O_NAME.test(p.text)) && nameWord(p)) add(i - 1, p, false);
  }
  for (let i = 0; i + 1 < tokens.length; i++) {
    const t = tokens[i];
    const n = tokens[i + 1];
    if (t === undefined || n === undefined || name[i] === 0 || name[i + 1] !== 0) continue;
    const gap = text.slice(t.end, n.start);
    if (gap === ' ' && (SURNAMES.has(n.bare) || unknownWord(n) || O_NAME.test(n.text)) && nameWord(n)) {
      add(i + 1, n, false);
      continue;
    }
    // "Suzette and Ank", "d. renna and j. o'brien": a name coordinated with a known one.
    const after = tokens[i + 2];
    if ((gap !== ' ' && gap !== '. ') || n.text.toLowerCase() !== 'and' || after === undefined) continue;
    if (name[i + 2] !== 0) continue;
    const gap2 = text.slice(n.end, after.start);
    if (gap2 !== ' ') continue;
    if (initialAt(text, after)) {
      const surname = tokens[i + 3];
      const gap3 = surname === undefined ? '' : text.slice(after.end, surname.start);
      if (surname !== undefined && /^\. ?$/.test(gap3) && nameWord(surname)) {
        add(i + 2, after, true);
        add(i + 3, surname, false);
      }
    } else if (nameWord(after) && (GIVEN_NAMES.has(after.bare) || SURNAMES.has(after.bare) || unknownWord(after))) {
      add(i + 2, after, false);
    }
  }
  // "Ozkan and Hank", "Sons Kakkar, Shreya and Roger": a name-like word coordinated before a known name, or
  // listed between known names.
  for (let i = tokens.length - 3; i >= 0; i--) {
    const t = tokens[i];
    const n = tokens[i + 1];
    if (n === undefined || n.bare !== 'and') continue;
    const after = tokens[i + 2];
    if (t === undefined || after === undefined || name[i] !== 0) continue;
    // "Ozkaya and Dr. Whitcombe": past a title to the name.
    const titled = TITLES.has(after.bare) && name[i + 3] !== undefined && name[i + 3] !== 0;
    if (name[i + 2] === 0 && !titled) continue;
    const joined = text.slice(t.end, n.start) === ' ' && text.slice(n.end, after.start) === ' ';
    if (!joined || !coordinable(t)) continue;
    const p = tokens[i - 1];
    const listed = p !== undefined && name[i - 1] !== 0 && text.slice(p.end, t.start) === ', ';
    if (listed || GIVEN_NAMES.has(t.bare) || SURNAMES.has(t.bare) || unknownWord(t)) add(i, t, false);
  }
  return out;
}
