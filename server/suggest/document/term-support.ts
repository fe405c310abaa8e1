import { termGroups, termStems } from '../../../terminology/icd10cm/text-normalize.ts';
import { ANATOMICAL_ADJECTIVES } from '../../../terminology/icd10cm/synonym-tables.ts';
import { isSiteWord } from './modifiers.ts';

/**
 * How well the words of a mention support one reading of it: whether the text says what the matched
 * Index term or Tabular title says, or only shares a word with it. A coder reads "X-ray" as a test, not as
 * radiodermatitis (reached only through another word); "hemoglobin" as a lab name, not as "Hemoglobin, S"
 * (sickle-cell trait: the term's essential "S" is not in the text); "examination" as what was done, not as
 * a reason for an encounter. Words are compared through the terminology's own analyser (stems, synonyms,
 * abbreviations), so "COPD" says "Disease, lung, obstructive"; words in parentheses are nonessential
 * (the Index's convention, Guidelines I.A.1).
 */
export interface TermSupport {
  /** The mention is a single word. */
  oneWord: boolean;
  /** Share of the term's essential words that no word of the mention says (0: all said). */
  termUncovered: number;
  /** No word of the mention is a word of the term or of the code's title. */
  synonymOnly: boolean;
  /** Share of the code title's essential words the mention says. */
  titleCovered: number;
  /**
   * Share of the mention's words that neither the term nor the title says: the text is more specific than
   * the code ("acute exacerbation of COPD" read as J44.9 leaves two words out; J44.1 none).
   */
  mentionUncovered: number;
  /** A single word that is an adjective or a participle ("hemorrhagic", "repeated"): a modifier, not a condition. */
  modifierOnly: boolean;
  /** A single word naming a body part ("liver", "hepatic", "thyroid"): a site, not a condition. */
  siteOnly: boolean;
  /**
   * The term or title states as absent what the mention affirms: "GERD with esophagitis" read as K21.9
   * "…without esophagitis". A mention that states an absence itself ("without aura") is not contradicted.
   */
  contradicted: boolean;
}

/** "37-year-old", "6 months old": an age, not the Index's "Old". */
const AGE_BEFORE = /\b(?:years?|yrs?|months?|weeks?|days?)[\s-]*$/i;

/** Adjective and participle endings (English derivational morphology); "-ing" nouns (bleeding) are not among them. */
const MODIFIER_ENDING = /(?:[^e]ed|ic|al|ous|ary|ory|ive|ful|less|able|ible|ent|ant)$/;
const ANATOMY = new Set([...Object.keys(ANATOMICAL_ADJECTIVES), ...Object.values(ANATOMICAL_ADJECTIVES)]);

/** Two stems say the same word: equal, or one the other's start of at least five letters (asthen-ia, asthen-ic). */
function sameStem(a: string, b: string): boolean {
  if (a === b) return true;
  const [short, long] = a.length <= b.length ? [a, b] : [b, a];
  return short.length >= 5 && long.startsWith(short);
}

/** One-letter words ("Hemoglobin, S", "Hepatitis, B"), which the analyser drops, outside parentheses. */
function letters(text: string): string[] {
  return text
    .replace(/\([^)]*\)|\[[^\]]*\]/g, ' ')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter((w) => w.length === 1);
}

interface TermWords {
  essential: string[];
  optional: string[];
  /**
   * What the term states as absent ("without aura", "not intractable"), with the negating word: a mention
   * that says "without aura" is said by "Migraine without aura", not only by "Migraine, unspecified".
   */
  negated: string[];
}

/** The stems of the words that state an absence in a title ("without", "no"; "not" is a stop word). */
const NEGATING_STEMS = termStems('without no');

/** Analysed terms and titles: a document reads the same few hundred many times. */
const analysed = new Map<string, TermWords>();
const MAX_ANALYSED = 20_000;

/** A term's essential stems (with its one-letter words) and optional ones. */
function termWords(term: string): TermWords {
  let words = analysed.get(term);
  if (!words) {
    const groups = termGroups(term);
    words = {
      essential: [...new Set([...groups.essential, ...letters(term)])],
      optional: groups.optional,
      negated: groups.negated.length > 0 ? [...groups.negated, ...NEGATING_STEMS] : [],
    };
    if (analysed.size >= MAX_ANALYSED) analysed.clear();
    analysed.set(term, words);
  }
  return words;
}

function coveredShare(stems: readonly string[], said: readonly string[]): number {
  if (stems.length === 0) return 1;
  return stems.filter((t) => said.some((s) => sameStem(s, t))).length / stems.length;
}

/** The stems a mention says (one-letter words too), analysed once per text. */
function saidStems(mention: string): string[] {
  const key = `\u0000${mention}`;
  let words = analysed.get(key);
  if (!words) {
    words = { essential: [...new Set([...termStems(mention), ...letters(mention)])], optional: [], negated: [] };
    if (analysed.size >= MAX_ANALYSED) analysed.clear();
    analysed.set(key, words);
  }
  return words.essential;
}

/** How well a mention's words support a reading matched by `term`, whose code is titled `title`. */
export function termSupport(mention: string, term: string, title: string): TermSupport {
  const words = mention.trim().split(/\s+/);
  const oneWord = words.length <= 1;
  const said = saidStems(mention);
  const ofTerm = termWords(term);
  const ofTitle = termWords(title);
  const named = [...ofTerm.essential, ...ofTitle.essential];
  const word = (words[0] ?? '').toLowerCase().replace(/[^a-z-]/g, '');
  return {
    oneWord,
    termUncovered: 1 - coveredShare(ofTerm.essential, said),
    synonymOnly: !said.some((s) => named.some((t) => sameStem(s, t))),
    titleCovered: coveredShare(ofTitle.essential, said),
    mentionUncovered:
      1 -
      coveredShare(said, [...named, ...ofTerm.optional, ...ofTitle.optional, ...ofTerm.negated, ...ofTitle.negated]),
    modifierOnly: oneWord && word.length > 3 && MODIFIER_ENDING.test(word) && !ANATOMY.has(word),
    siteOnly: oneWord && (ANATOMY.has(word) || isSiteWord(word)),
    contradicted:
      (!MENTION_NEGATES.test(mention) &&
        [...ofTerm.negated, ...ofTitle.negated]
          .filter((t) => !NEGATING_STEMS.includes(t))
          .some((t) => said.some((s) => sameStem(s, t)))) ||
      claimsAbsent(mention, term, title),
  };
}

/** The words a mention states as absent: "without bleeding or perforation", "no coma". */
const ABSENT_WORDS = /\b(?:no|without|w\/o)\s+([a-z][a-z-]+(?:\s*(?:,|or|nor|and)\s*[a-z][a-z-]+){0,3})/gi;
const assertedCache = new Map<string, string[]>();

/** The stems a term or title asserts: its words outside its "without …" and "not …" phrases. */
function assertedStems(text: string): string[] {
  let stems = assertedCache.get(text);
  if (!stems) {
    stems = termStems(text.toLowerCase().replace(/\b(?:without|not|no)\b[^,;]*/g, ' '));
    if (assertedCache.size >= MAX_ANALYSED) assertedCache.clear();
    assertedCache.set(text, stems);
  }
  return stems;
}

/** A reading that claims what the mention states as absent ("with hemorrhage" for "without bleeding"). */
function claimsAbsent(mention: string, term: string, title: string): boolean {
  if (!/\b(?:no|without|w\/o)\b/i.test(mention)) return false;
  const absent = [...mention.matchAll(ABSENT_WORDS)].flatMap((m) =>
    termStems((m[1] ?? '').replace(/\b(?:or|nor|and)\b/gi, ' ')),
  );
  if (absent.length === 0) return false;
  const claimed = [...assertedStems(term), ...assertedStems(title)];
  return absent.some((a) => claimed.some((c) => sameStem(a, c)));
}

/** A mention that states an absence itself ("without aura", "no bleeding"). */
const MENTION_NEGATES = /\b(?:no|not|without|w\/o|denies|negative)\b/i;

/**
 * Why a reading of a mention is not a condition the document states, if it is not (the mention filter):
 * a lone letter ("24 h"); the "old" of an age; a single word read as a residual category (an Index term
 * ending "NEC": "symptoms" is not R68.89); a single word read as a Z code (a circumstance or encounter needs a phrase:
 * "history of", "status post", "screening for"); a single word that is only a site or a modifier when the
 * term's condition is not said ("liver" is not cirrhosis, "hemorrhagic" is not a bleeding disorder).
 */
export function unsupportedReason(
  mention: string,
  code: string,
  support: TermSupport,
  term = '',
  before = '',
): string | undefined {
  if (support.oneWord && mention.replace(/[^a-z]/gi, '').length < 2) return 'a lone letter, not a condition';
  if (support.contradicted) return 'the title states as absent what the text says';
  if (support.oneWord && /^old$/i.test(mention.trim()) && AGE_BEFORE.test(before)) return 'an age ("N-year-old")';
  if (support.oneWord && /\bNEC$/.test(term.trim()))
    return 'one word read as a residual category (an Index term "NEC": "Symptoms NEC")';
  if (support.oneWord && code.startsWith('Z')) return 'one word read as a circumstance (a Z code needs a phrase)';
  if (support.oneWord && support.synonymOnly) return 'one word the term does not say (read through another word)';
  if ((support.siteOnly || support.modifierOnly) && (support.termUncovered > 0 || support.synonymOnly))
    return `one ${support.siteOnly ? 'site' : 'modifier'} word; the term's condition is not said`;
  return undefined;
}
