import { CLINICAL_ABBREVIATIONS, CLINICAL_TERMS, EPONYMS, EPONYM_NOUNS, NAME_STOP_WORDS } from './clinical-lexicon.ts';
import { COMMON_WORDS, ENGLISH_WORDS, isNearEnglishWord, RARE_ENGLISH_WORDS } from './english-words.ts';
import { distinctiveNameKind, FREQUENT_GIVEN_NAMES, FREQUENT_SURNAMES, GIVEN_NAMES, SURNAMES } from './name-lexicon.ts';
import type { PhiSpan } from './phi-span.ts';
import { gapBetween, isCapitalized, isInitial, type WordToken } from './word-tokens.ts';

/*
 * Person names in free text, found by context first and by word lists second:
 * titles (Dr., Mrs.), relations (husband, daughter, caseworker), credentials after a signature
 * (", RRT"), name-list words that are not English words, and Synthea-style names with digits.
 */

export const TITLES: ReadonlySet<string> = new Set([
  'dr',
  'doctor',
  'mr',
  'mrs',
  'ms',
  'miss',
  'mx',
  'prof',
  'professor',
  'mister',
  'madam',
  'mme',
  'mlle',
  'sr',
  'sra',
  'srta',
  'rev',
  'fr',
  'hon',
  'dra',
  'drs',
]);
/**
 * Words of speech that name the person spoken to or quoted next: "per Okafor", "spoke with turna", "page
 * Ozkan". They are no relation: a name after them must be a name by the lists or by its shape.
 */
const SPEECH_CUES: ReadonlySet<string> = new Set(['per', 'page', 'paged', 'repage', 'repaged']);
/** Roles written between a word of speech and the name: "per md Maryadi". */
const SPOKEN_ROLES: ReadonlySet<string> = new Set([
  'md',
  'np',
  'rn',
  'pa',
  'resident',
  'attending',
  'fellow',
  'intern',
]);
/** Verbs whose "with" or "to" names a person next: "spoke with turna", "discussed w/ Okafor". */
const SPEECH_VERBS: ReadonlySet<string> = new Set(
  'spoke speak speaking spoken talked talk talking discussed discuss conferred met meeting consulted'.split(' '),
);
/** Both kinds of speech word in one set: one question per word of a text. */
const SPEECH_WORDS: ReadonlySet<string> = new Set([...SPEECH_CUES, ...SPEECH_VERBS]);
export const RELATIONS: ReadonlySet<string> = new Set(
  `husband wife son daughter dtr dau mother mom mum father dad sister sis brother bro sibling siblings aunt uncle
  niece nephew cousin grandson granddaughter grandmother grandfather grandma grandpa granny gm gf nana papa
  friend neighbor neighbour partner fiance fiancee spouse girlfriend boyfriend caseworker manager worker sw
  chaplain proxy hcp guardian reach reached stepdaughter stepson stepmother stepfather widow widower named name called
  husbands wife's daughters sons sisters brothers companion roommate landlord pcp attending resident intern
  fellow therapist nurse rn np pa staff coordinator ho rabbi pastor reverend imam deacon cantor caregiver
  caregivers godson goddaughter godmother godfather stepsister stepbrother contact person`
    .split(/\s+/)
    .filter(Boolean),
);
const AMBIGUOUS_TITLES = new Set(['mr', 'ms', 'mx', 'sr', 'fr', 'hon', 'rev']);
const CREDENTIALS = new Set(
  'rn rrt crt lpn cna msw licsw lcsw rd pharmd slp ccc bsn msn aprn crna dds rph emt phd md np pa do pt ot lvn cnm fnp anp acnp pac'.split(
    ' ',
  ),
);
/** Titles, relations and credentials in one set: the first question asked of every word. */
const CUE_WORDS: ReadonlySet<string> = new Set([...TITLES, ...RELATIONS, ...CREDENTIALS]);
const WEAK_CREDENTIALS = new Set(['md', 'np', 'pa', 'do', 'pt', 'ot', 'phd']);
/** Shifts and duties before a credential name a role, not a person: "day RN", "charge RN", "night MD". */
const SHIFTS: ReadonlySet<string> = new Set(
  'day days night nights evening evenings eve noc overnight charge float primary covering oncoming oncall'.split(' '),
);
/** Roles written in brackets after a name, as a credential is after a signature: "Dick Doney (resident)". */
const BRACKETED_ROLES = new Set(['resident', 'intern', 'fellow', 'attending', 'surgeon', 'nurse', 'ho']);

function plainWord(t: WordToken): boolean {
  return NAME_STOP_WORDS.has(t.bare) || CLINICAL_TERMS.has(t.bare) || CLINICAL_ABBREVIATIONS.has(t.bare);
}

/** Evidence that a token is a name on its own (no context needed). */
export function looksLikeNameByLists(t: WordToken): boolean {
  // Only a distinctive listed name can pass: ask the two lists first, as most words are in neither.
  const kind = distinctiveNameKind(t.bare);
  if (kind === undefined) return false;
  const surname = (kind & 1) === 1;
  if (t.bare.length < 2 || plainWord(t) || EPONYMS.has(t.bare)) return false;
  // Lab and gas symbols carry digits ("PaCO2", "sao2"); a name with digits is Synthea's "Donetta1".
  if (/\d/.test(t.text) && !/^[A-Z][a-z]+\d{1,4}$/.test(t.text)) return false;
  // In a mixed-case line a name is written with a capital: a lower-case or all-capital word there is a
  // misspelling ("stabel", "bowell") or an abbreviation ("RUA", "LIS"), whatever the census lists say.
  if (t.caseInformative && !isCapitalized(t)) return false;
  // Without case evidence, a three-letter word is far more often an abbreviation ("sev", "irr") than a
  // rare name; only the frequent given names stand on their own.
  if (!t.caseInformative && t.bare.length <= 3 && !FREQUENT_GIVEN_NAMES.has(t.bare)) return false;
  // Without case evidence, a rare surname one slip from an English word is far more often that word
  // mistyped ("BILOUS FLUID", "CREAN APPLIED", "cortis/pa") than a name nothing else points to.
  if (!t.caseInformative && !FREQUENT_SURNAMES.has(t.bare) && !GIVEN_NAMES.has(t.bare) && isNearEnglishWord(t.bare))
    return false;
  if (surname) return true;
  return !ENGLISH_WORDS.has(t.bare) || (t.caseInformative && isCapitalized(t));
}

/** Whether a token may be a name when context says a name is coming. */
function acceptableAfterCue(t: WordToken, first: boolean): boolean {
  const listedName = GIVEN_NAMES.has(t.bare) || SURNAMES.has(t.bare);
  if (t.caseInformative && isCapitalized(t) && !RELATIONS.has(t.bare)) {
    // "Dr. Art White", "Dr Will Cole": after a title, and after a name's first word, a capitalised word is
    // a name whatever else it means.
    if (first && (!NAME_STOP_WORDS.has(t.bare) || GIVEN_NAMES.has(t.bare))) return true;
    if (!first && listedName && !NAME_STOP_WORDS.has(t.bare)) return true;
  }
  if (plainWord(t) || /\d/.test(t.text)) return false;
  if (isInitial(t) || first) return true;
  if (t.caseInformative) {
    if (isCapitalized(t)) return !COMMON_WORDS.has(t.bare) || listedName;
    if (/^[A-Z]{2,}$/.test(t.text)) return false;
    // Lower-case word in a mixed-case line: a name only if no English word.
    return unknownWord(t);
  }
  if (listedName) return !COMMON_WORDS.has(t.bare);
  return unknownWord(t);
}

/** Whether the gap between two name parts keeps them in one name ("Dan A. Forman-Lyons"). */
/** A word no list knows: after a name, most likely more of it ("mary theresa kondouli"). */
function unknownWord(w: WordToken): boolean {
  return (
    !plainWord(w) &&
    w.bare.length > 2 &&
    !/\d/.test(w.text) &&
    w.bare
      .split('-')
      .every(
        (p) =>
          p.length > 1 &&
          !ENGLISH_WORDS.has(p) &&
          !RARE_ENGLISH_WORDS.has(p) &&
          !CLINICAL_TERMS.has(p) &&
          !CLINICAL_ABBREVIATIONS.has(p),
      )
  );
}

/**
 * A word with the shape of a name rather than of an abbreviation: a vowel, and no run of five consonants
 * ("Okafor", "Kowalczyk"; not "NSGY", "CTSX").
 */
export function nameShaped(bare: string): boolean {
  return bare.length >= 3 && /[aeiou]/.test(bare) && !/[^aeiouy'-]{5}/.test(bare);
}

/**
 * Whether the word after a word of speech ("per", "spoke with") is a person's name: a listed name that is no
 * everyday word (or is written as a name), or a word no list knows that has a name's shape and is no slip
 * of an everyday word ("per Okafor", "spoke with turna"; not "per protocol", "per NSGY", "spoke w/ famly").
 */
function spokenName(t: WordToken): boolean {
  if (t.bare.length < 3 || plainWord(t) || /\d/.test(t.text) || TITLES.has(t.bare) || RELATIONS.has(t.bare))
    return false;
  if (t.caseInformative && /^[A-Z]{2,}$/.test(t.text)) return false;
  const written = t.caseInformative && isCapitalized(t);
  if (GIVEN_NAMES.has(t.bare) || SURNAMES.has(t.bare)) return !COMMON_WORDS.has(t.bare) || written;
  if (t.caseInformative && !written && t.text !== t.bare) return false;
  return t.bare.length > 3 && unknownWord(t) && nameShaped(t.bare) && !isNearEnglishWord(t.bare);
}

function joins(gap: string, previous: WordToken): boolean {
  if (/^ +$/.test(gap) || gap === '') return true;
  if (/^\. +$/.test(gap) || gap === '.') return isInitial(previous);
  return false;
}

function isEponymUse(tokens: readonly WordToken[], i: number): boolean {
  const t = tokens[i];
  const next = tokens[i + 1];
  if (t === undefined || !EPONYMS.has(t.bare)) return false;
  if (/['’]s$/i.test(t.text)) return true;
  return next !== undefined && (EPONYM_NOUNS.has(next.bare) || EPONYMS.has(next.bare));
}

/**
 * Detects person names in `text` (already tokenized). `strong` spans come from titles and signatures and
 * win over the eponym rule; the others yield to it.
 */
export function detectNames(text: string, tokens: readonly WordToken[]): PhiSpan[] {
  const out: PhiSpan[] = [];
  const taken = new Uint8Array(tokens.length);
  const mark = (i: number): void => {
    const t = tokens[i];
    if (t === undefined || taken[i] === 1) return;
    taken[i] = 1;
    // The possessive ending is not part of the name ("Vasquez's" → "[NAME]'s").
    const end = /['’]s$/i.test(t.text) ? t.end - 2 : t.end;
    out.push({ start: t.start, end: end + (isInitial(t) && text[t.end] === '.' ? 1 : 0), category: 'NAME' });
  };
  // One letter before "/" is an abbreviation ("d/t", "w/bp", "s/p"), and a lone capital "I" without a
  // period is the pronoun, not an initial.
  const initialAt = (t: WordToken): boolean =>
    isInitial(t) && text[t.end] !== '/' && !(t.text === 'I' && text[t.end] !== '.');
  const takeAfter = (from: number, max: number, cueIsTitle: boolean, cueWord = ''): void => {
    let previous = tokens[from - 1];
    for (let j = from, n = 0; j < tokens.length && n < max; j++, n++) {
      const t = tokens[j];
      if (t === undefined || previous === undefined) return;
      const gap = gapBetween(text, previous, t);
      if (n === 0 ? !/^['’]?[\s.,:(-]{0,4}$/.test(gap) || /\n\s*\n/.test(gap) : !joins(gap, previous)) return;
      // "in SR.\nGiven 500 mg": a title's name stands on the title's line.
      if (n === 0 && cueIsTitle && gap.includes('\n')) return;
      // "responds to name, inconsistently": "name" names someone only as a label ("Name: …").
      if (n === 0 && cueWord === 'name' && !gap.includes(':')) return;
      // A relation names someone in the same sentence: "daughter Maria", not "… called.\nSee careview".
      if (n === 0 && !cueIsTitle && /[.\n]/.test(gap)) return;
      if (isInitial(t) && !initialAt(t)) return;
      if (TITLES.has(t.bare) || RELATIONS.has(t.bare)) return;
      // "called back", "son's wedding": in a mixed-case line a lower-case everyday word is not a name.
      const lowerCommon = t.caseInformative && !isCapitalized(t) && COMMON_WORDS.has(t.bare);
      // The census lists hold words too ("Friends", "Present"): an everyday word counts as a listed name
      // only when it is a frequent given name ("son bill") or written as a name in a line with case.
      const everyday = COMMON_WORDS.has(t.bare) && !(t.caseInformative && isCapitalized(t));
      const listed =
        n === 0 &&
        !plainWord(t) &&
        (!lowerCommon || (!cueIsTitle && FREQUENT_GIVEN_NAMES.has(t.bare))) &&
        (!everyday || FREQUENT_GIVEN_NAMES.has(t.bare)) &&
        (GIVEN_NAMES.has(t.bare) || SURNAMES.has(t.bare));
      const titled =
        n === 0 &&
        cueIsTitle &&
        !CLINICAL_ABBREVIATIONS.has(t.bare) &&
        (initialAt(t) || ((SURNAMES.has(t.bare) || GIVEN_NAMES.has(t.bare)) && !NAME_STOP_WORDS.has(t.bare)));
      if (!listed && !titled && !acceptableAfterCue(t, n === 0 && cueIsTitle)) return;
      if (!cueIsTitle && n === 0 && isEponymUse(tokens, j)) return;
      mark(j);
      previous = t;
    }
  };

  // "per Okafor", "spoke with turna", "discussed w/ Achterberg": the person spoken to, and more of the name.
  const takeSpoken = (i: number): void => {
    const cue = tokens[i] as WordToken;
    let j = i + 1;
    let t = tokens[j];
    if (t === undefined) return;
    if (SPEECH_VERBS.has(cue.bare)) {
      const joined = t.bare === 'with' || t.bare === 'to' || (t.bare === 'w' && text[t.end] === '/');
      if (!joined || !/^[ \t]+$/.test(gapBetween(text, cue, t))) return;
      j++;
      const next = tokens[j];
      if (next === undefined || !/^\/?[ \t]+$/.test(gapBetween(text, t, next))) return;
      t = next;
    } else if (!/^[ \t]+$/.test(gapBetween(text, cue, t))) return;
    // "per md Maryadi", "spoke with RN Okafor": the role before the name.
    const role = tokens[j + 1];
    if (SPOKEN_ROLES.has(t.bare) && role !== undefined && /^[ \t]+$/.test(gapBetween(text, t, role))) {
      j++;
      t = role;
    }
    if (!spokenName(t)) return;
    mark(j);
    const after = tokens[j + 1];
    if (after !== undefined && joins(gapBetween(text, t, after), t) && spokenName(after)) mark(j + 1);
  };

  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i];
    if (t === undefined) continue;
    if (SPEECH_WORDS.has(t.bare)) takeSpoken(i);
    // Cheap test first: a cue is a title, a relation or a credential ("wife's" and "son-in-law" included).
    if (!CUE_WORDS.has(t.bare) && !t.bare.includes('-')) continue;
    // "Drs' Okafor and Lindqvist": the plural title's apostrophe is no part of it.
    const lower = t.text.toLowerCase().replace(/^(drs)['’]$/, '$1');
    // "preop-?reasson-DR. Williams": a title at the end of words joined by dashes.
    const dashed = lower.lastIndexOf('-');
    if (
      dashed > 0 &&
      TITLES.has(lower.slice(dashed + 1)) &&
      text[t.end] === '.' &&
      !AMBIGUOUS_TITLES.has(lower.slice(dashed + 1))
    ) {
      takeAfter(i + 1, 3, true);
      continue;
    }
    if (TITLES.has(lower)) {
      // "MR d/t MVR", "MS: sedated": in a mixed-case line an all-capital title without its period is a
      // clinical abbreviation (mitral regurgitation, mental status).
      if (t.caseInformative && /^[A-Z]{2,}$/.test(t.text) && text[t.end] !== '.') continue;
      // "affect on MS. Verbal support": with its period too, unless a name written as one follows.
      if (t.caseInformative && /^[A-Z]{2,}$/.test(t.text) && AMBIGUOUS_TITLES.has(lower)) {
        const next = tokens[i + 1];
        const named =
          next !== undefined &&
          (/^[A-Z]{2,}$/.test(next.text) ||
            (isCapitalized(next) && (!COMMON_WORDS.has(next.bare) || FREQUENT_GIVEN_NAMES.has(next.bare))));
        if (!named) continue;
      }
      // "ms: lethargic", "MS, continue", "ms given": without its period, "Mr"/"Ms" is mental status,
      // morphine or mitral regurgitation unless a name-like word follows it directly.
      if (AMBIGUOUS_TITLES.has(lower) && text[t.end] !== '.') {
        const next = tokens[i + 1];
        if (next === undefined || !/^ +$/.test(gapBetween(text, t, next))) continue;
        const initialNext = isInitial(next) && text[next.end] === '.';
        if (
          !initialNext &&
          !(next.caseInformative ? isCapitalized(next) : looksLikeNameByLists(next) || unknownWord(next))
        )
          continue;
      }
      takeAfter(i + 1, 3, true);
      continue;
    }
    // "her daughter's wedding": a possessive relation owns what follows; it does not name it.
    if (/['’]s$/i.test(t.text) && lower !== "wife's") continue;
    if (dashed > 0 && RELATIONS.has(lower.slice(0, lower.indexOf('-')))) {
      // "DAUGHTER-KRISSY": a relation and a name joined by a dash into one word.
      const rest = t.text.slice(lower.indexOf('-') + 1);
      const restBare = rest.toLowerCase();
      if (
        /^[A-Za-z]{3,}$/.test(rest) &&
        !RELATIONS.has(restBare) &&
        !NAME_STOP_WORDS.has(restBare) &&
        !CLINICAL_TERMS.has(restBare) &&
        !CLINICAL_ABBREVIATIONS.has(restBare) &&
        (GIVEN_NAMES.has(restBare) || SURNAMES.has(restBare) || !ENGLISH_WORDS.has(restBare))
      )
        out.push({ start: t.end - rest.length, end: t.end, category: 'NAME' });
    }
    const bracketed = BRACKETED_ROLES.has(lower) && /\w ?\($/.test(text.slice(Math.max(0, t.start - 3), t.start));
    if (RELATIONS.has(t.bare) || RELATIONS.has(lower) || RELATIONS.has(t.bare.split('-')[0] ?? '')) {
      // "daughter is Maria", "husband, Rich Martino", "wife (Carol)".
      let from = i + 1;
      const next = tokens[from];
      if (next !== undefined && /^(?:is|was|named|called)$/i.test(next.text)) from++;
      takeAfter(from, 3, false, t.bare);
      // "RN", "NP", "PA" are relations of a sort ("RN Maria") and credentials after a signature too.
      if (!CREDENTIALS.has(lower) && !bracketed) continue;
    }
    if (
      bracketed ||
      (CREDENTIALS.has(lower.replace(/\./g, '')) && (t.text === t.text.toUpperCase() || !t.caseInformative))
    ) {
      // Walk back over the signature: "Dan A. Forman-Lyons, RRT", "q. lander rrt".
      const found: number[] = [];
      let after = t;
      for (let j = i - 1; j >= 0 && found.length < 4; j--) {
        const p = tokens[j];
        if (p === undefined) break;
        const gap = gapBetween(text, p, after);
        const ok =
          after === t
            ? /^,? {1,3}$|^, ?$/.test(gap) || (bracketed && /^ ?\($/.test(gap))
            : /^ +$/.test(gap) || (isInitial(p) && /^\. *$/.test(gap));
        const written = p.caseInformative ? isCapitalized(p) || isInitial(p) : true;
        const everyday =
          COMMON_WORDS.has(p.bare) &&
          !(p.caseInformative && isCapitalized(p)) &&
          !FREQUENT_GIVEN_NAMES.has(p.bare) &&
          !FREQUENT_SURNAMES.has(p.bare);
        const nameLike =
          written &&
          !everyday &&
          (isInitial(p) || GIVEN_NAMES.has(p.bare) || SURNAMES.has(p.bare) || !ENGLISH_WORDS.has(p.bare));
        if (!ok || plainWord(p) || /\d/.test(p.text) || !nameLike || TITLES.has(p.bare) || SHIFTS.has(p.bare)) break;
        found.push(j);
        after = p;
      }
      const needed = WEAK_CREDENTIALS.has(lower) || bracketed ? 2 : 1;
      if (found.filter((j) => !isInitial(tokens[j] as WordToken)).length >= needed) for (const j of found) mark(j);
    }
  }

  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i];
    if (t === undefined) continue;
    if (taken[i] === 1) {
      const next = tokens[i + 1];
      if (next !== undefined && taken[i + 1] !== 1 && joins(gapBetween(text, t, next), t) && unknownWord(next))
        mark(i + 1);
      continue;
    }
    // Synthea writes names with digits ("Sumiko254 Larue605").
    const last = t.text.charCodeAt(t.text.length - 1);
    if (
      last >= 48 &&
      last <= 57 &&
      /^[A-Z][a-z]{2,}\d{2,4}$/.test(t.text) &&
      !COMMON_WORDS.has(t.bare) &&
      !plainWord(t)
    ) {
      mark(i);
      continue;
    }
    if (looksLikeNameByLists(t) && !isEponymUse(tokens, i)) {
      mark(i);
      // A capitalised neighbour of a listed name is part of it ("Rich Martino", "Van Leeuwen").
      const next = tokens[i + 1];
      if (
        next !== undefined &&
        joins(gapBetween(text, t, next), t) &&
        (initialAt(next) || unknownWord(next) || (next.caseInformative && isCapitalized(next) && !plainWord(next)))
      )
        mark(i + 1);
      const prev = tokens[i - 1];
      if (
        prev !== undefined &&
        joins(gapBetween(text, prev, t), prev) &&
        prev.caseInformative &&
        isCapitalized(prev) &&
        !plainWord(prev) &&
        (GIVEN_NAMES.has(prev.bare) || !COMMON_WORDS.has(prev.bare))
      )
        mark(i - 1);
    }
  }
  // An initial just before a name belongs to it ("S. Dominico").
  for (let i = 1; i < tokens.length; i++) {
    const t = tokens[i];
    const prev = tokens[i - 1];
    if (t === undefined || prev === undefined || taken[i] !== 1 || taken[i - 1] === 1) continue;
    if (isInitial(prev) && /^\. ?$/.test(gapBetween(text, prev, t)) && /^[A-Za-z]$/.test(prev.text)) mark(i - 1);
  }
  return out;
}
