import { CLINICAL_ABBREVIATIONS, CLINICAL_TERMS, EPONYMS, NAME_STOP_WORDS } from './clinical-lexicon.ts';
import { COMMON_WORDS, ENGLISH_WORDS, isNearEverydayWord, RARE_ENGLISH_WORDS } from './english-words.ts';
import { FREQUENT_GIVEN_NAMES, FREQUENT_SURNAMES, GIVEN_NAMES, SURNAMES } from './name-lexicon.ts';
import type { PhiSpan } from './phi-span.ts';
import { gapBetween, isCapitalized, type WordToken } from './word-tokens.ts';

/*
 * A context model for names no list holds: the shape around a capitalised word tells what it is.
 * - An initial before a surname: "E. Welsh aware", "J SMITH ORDERED", "d. renna and j. o'brien"; not a
 *   genus before its species ("E. coli", "S. aureus", "C. diff").
 * - A name before a verb said of people: "Grandone aware", "Radu Crosson contacted", "Holmes paged".
 * - Two capitalised words that no English or clinical list knows, standing together mid-sentence in a line
 *   written with case: "Lopie Certusi cell#".
 */

/** Species and genus words written after an initial ("E. coli"): organisms, not people. */
const SPECIES = new Set(
  `coli aureus epidermidis diff difficile difficle pylori aeruginosa pneumoniae pneumo pneumoniae influenzae
  flu fragilis catarrhalis albicans glabrata krusei faecalis faecium cloacae aerogenes marcescens mirabilis
  baumannii maltophilia cepacia monocytogenes perfringens tetani botulinum tuberculosis avium jirovecii carinii
  neoformans fumigatus vulgaris oxytoca freundii enterocolitica jejuni typhi sonnei gonorrhoeae meningitidis
  pyogenes agalactiae viridans mutans lugdunensis haemolyticus saprophyticus hominis capitis warneri acnes
  burgdorferi pallidum trachomatis vaginalis gondii`
    .split(/\s+/)
    .filter(Boolean),
);

/** Verbs notes say of a person just named: "Dr. X aware", "Grandone paged". */
const PERSON_VERBS = new Set(
  'aware notified paged informed updated contacted called phoned visited ordered consulted spoke made'.split(' '),
);

/** Words that name a role, not a person, before a person verb ("MD aware", "team notified"). */
const ROLES = new Set(
  `md mds do np pa rn rns ho hos resident residents intern interns fellow fellows attending attendings team
  staff nurse nurses doctor doctors physician physicians surgeon surgeons house officer family pt patient
  patients wife husband son daughter sister brother mother father dtr pcp cards renal neuro micu sicu ccu
  icu er ew ed pharmacy pharmacist dietician nutrition sw cm rt rrt np's md's service services
  everyone all both who charge covering primary`
    .split(/\s+/)
    .filter(Boolean),
);

function known(bare: string): boolean {
  return bare
    .split(/[-']/)
    .some(
      (p) =>
        ENGLISH_WORDS.has(p) ||
        RARE_ENGLISH_WORDS.has(p) ||
        CLINICAL_TERMS.has(p) ||
        CLINICAL_ABBREVIATIONS.has(p) ||
        NAME_STOP_WORDS.has(p),
    );
}

/** A surname-like word: listed (and not an everyday word unless written as a name), or no word at all. */
function surnameLike(t: WordToken): boolean {
  if (t.bare.length < 2 || /\d/.test(t.text) || SPECIES.has(t.bare) || ROLES.has(t.bare)) return false;
  if (CLINICAL_TERMS.has(t.bare) || CLINICAL_ABBREVIATIONS.has(t.bare) || NAME_STOP_WORDS.has(t.bare)) return false;
  if (t.caseInformative && !isCapitalized(t) && !/^[A-Z]{2,}$/.test(t.text) && t.text !== t.text.toLowerCase())
    return false;
  // An everyday word is a surname here only when it is a frequent one ("Miller", "White", not "See").
  if (COMMON_WORDS.has(t.bare))
    return (
      (FREQUENT_SURNAMES.has(t.bare) || FREQUENT_GIVEN_NAMES.has(t.bare)) &&
      (isCapitalized(t) || !t.caseInformative || /^[A-Z]{2,}$/.test(t.text))
    );
  if (SURNAMES.has(t.bare) || GIVEN_NAMES.has(t.bare)) return true;
  return t.bare.length > 2 && !known(t.bare);
}

/**
 * An initial: one letter after a space, a bracket or a dash, not at the start of a line (where "S.", "O.",
 * "A.", "P." head the parts of a SOAP note).
 */
function initial(t: WordToken, text: string): boolean {
  if (!/^[A-Za-z]$/.test(t.text) || t.text === 'I' || t.text === 'a' || t.text === 'A') return false;
  if (!/[ (-]$/.test(text.slice(Math.max(0, t.start - 1), t.start))) return false;
  return !/\n[ \t|]*$/.test(text.slice(Math.max(0, t.start - 8), t.start));
}

/**
 * A note that opens on its subject: "aanjaneya cervenkova is a 70 yr old female", "Okafor, Chinedu is an
 * 82 y/o man". Up to three words at the start of a line, then "is/was a(n)" and an age.
 */
const AGE_CLAUSE = /\b(?:is|was)[ \t]+an?[ \t]+\d{1,3}[ \t-]*(?:y\/?o|y\.o\.|yrs?|years?|year-old|yo)\b/gi;
/** What stands between the start of the line and the age clause: one to three words. */
const SUBJECT_WORDS = /^[ \t]*(?:[A-Za-z][A-Za-z'’-]*,?[ \t]+){1,3}$/;

function subjectWord(t: WordToken): boolean {
  if (t.bare.length < 2 || ROLES.has(t.bare) || /\d/.test(t.text)) return false;
  if (CLINICAL_TERMS.has(t.bare) || CLINICAL_ABBREVIATIONS.has(t.bare) || NAME_STOP_WORDS.has(t.bare)) return false;
  if (SURNAMES.has(t.bare) || GIVEN_NAMES.has(t.bare)) return !COMMON_WORDS.has(t.bare) || isCapitalized(t);
  return !known(t.bare);
}

/** Detects names by the shape of their context (see the module comment). */
export function detectNameContext(text: string, tokens: readonly WordToken[]): PhiSpan[] {
  const out: PhiSpan[] = [];
  AGE_CLAUSE.lastIndex = 0;
  for (let m = AGE_CLAUSE.exec(text); m !== null; m = AGE_CLAUSE.exec(text)) {
    // The age clause first (rare), then what opens its line.
    const start = text.lastIndexOf('\n', m.index - 1) + 1;
    if (!SUBJECT_WORDS.test(text.slice(start, m.index))) continue;
    const inside = tokens.filter((t) => t.start >= start && t.end <= m.index);
    // Every word must read as a name: "This pleasant woman is a 70 yo" names no one.
    if (inside.length > 0 && inside.every(subjectWord))
      for (const t of inside) out.push({ start: t.start, end: t.end, category: 'NAME' });
  }
  const mark = (t: WordToken, withPeriod = false): void => {
    const end = /['’]s$/i.test(t.text) ? t.end - 2 : t.end;
    out.push({ start: t.start, end: end + (withPeriod && text[t.end] === '.' ? 1 : 0), category: 'NAME' });
  };
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i];
    const next = tokens[i + 1];
    if (t === undefined || next === undefined) continue;
    // Cheap tests first: each rule below needs an initial, a person verb next, or two capitalised words.
    const oneLetter = t.text.length === 1;
    const verbNext = PERSON_VERBS.has(next.bare);
    if (
      !oneLetter &&
      !verbNext &&
      !(t.caseInformative && next.caseInformative && isCapitalized(t) && isCapitalized(next)) &&
      !(t.text === t.bare && FREQUENT_GIVEN_NAMES.has(t.bare))
    )
      continue;
    const gap = gapBetween(text, t, next);
    const after = tokens[i + 2];
    const verbAfter =
      after !== undefined && PERSON_VERBS.has(after.bare) && /^[ \t-]+$/.test(gapBetween(text, next, after));
    // An initial and a surname: with the initial's period anywhere, without it only before a person verb.
    if (initial(t, text) && text[t.start - 1] !== '/' && text[t.end] !== '/' && surnameLike(next)) {
      // "pt.got v.agitat": a lower-case letter glued by its period to a lower-case word is shorthand ("very").
      const glued = gap === '.' && t.text === t.bare && next.text === next.bare;
      const withPeriod = /^\. ?$/.test(gap) && !glued;
      if ((withPeriod && !SPECIES.has(next.bare)) || (/^ $/.test(gap) && verbAfter)) {
        mark(t, true);
        mark(next);
        continue;
      }
    }
    // A name before a person verb: one or two name-like words, no role.
    if (PERSON_VERBS.has(next.bare) && /^[ \t]+$/.test(gap) && surnameLike(t) && !EPONYMS.has(t.bare)) {
      const nameCase = t.caseInformative ? isCapitalized(t) : true;
      if (nameCase && (SURNAMES.has(t.bare) || GIVEN_NAMES.has(t.bare) || !known(t.bare))) {
        mark(t);
        const prev = tokens[i - 1];
        if (prev !== undefined && /^ $/.test(gapBetween(text, prev, t)) && (surnameLike(prev) || initial(prev, text)))
          mark(prev, true);
      }
    }
    // A frequent given name and a word no list knows, both in lower case: "consult with patty hoeller". The
    // second word must be a listed surname or no slip of an everyday word ("mary presnt"), and the first no
    // word of grammar.
    if (
      /^ $/.test(gap) &&
      FREQUENT_GIVEN_NAMES.has(t.bare) &&
      t.text === t.bare &&
      next.text === next.bare &&
      next.bare.length > 3 &&
      !NAME_STOP_WORDS.has(t.bare) &&
      !CLINICAL_TERMS.has(t.bare) &&
      !CLINICAL_ABBREVIATIONS.has(t.bare) &&
      !EPONYMS.has(t.bare) &&
      !ROLES.has(t.bare) &&
      !known(next.bare) &&
      !SPECIES.has(next.bare) &&
      /^[a-z]+$/.test(next.bare) &&
      (SURNAMES.has(next.bare) || !isNearEverydayWord(next.bare))
    ) {
      mark(t);
      mark(next);
      continue;
    }
    // Two unknown capitalised words together, not at the start of a sentence.
    if (
      t.caseInformative &&
      next.caseInformative &&
      /^ $/.test(gap) &&
      isCapitalized(t) &&
      isCapitalized(next) &&
      t.bare.length > 2 &&
      next.bare.length > 2 &&
      !known(t.bare) &&
      !known(next.bare) &&
      !EPONYMS.has(t.bare) &&
      !EPONYMS.has(next.bare) &&
      !/\d/.test(t.text + next.text)
    ) {
      mark(t);
      mark(next);
    }
  }
  return out;
}
