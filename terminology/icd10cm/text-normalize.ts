import { stemmer } from 'stemmer';
import { ABBREVIATIONS, PHRASES, SYNONYMS } from './abbreviations.ts';
import {
  ANATOMICAL_ADJECTIVES,
  IRREGULAR_PLURALS,
  LAY_PHRASES,
  USE_DISORDER_PHRASES,
  usSpelling,
} from './synonym-tables.ts';

const REWRITES = [...PHRASES, ...LAY_PHRASES, ...USE_DISORDER_PHRASES];

/** One word's canonical spelling: US spelling, irregular plural, anatomical noun for its adjective. */
function canonical(word: string): string {
  const us = usSpelling(word);
  return SYNONYMS[us] ?? IRREGULAR_PLURALS[us] ?? ANATOMICAL_ADJECTIVES[us] ?? us;
}

/**
 * The one analyser shared by the importer (titles and index terms) and the search (clinical text), so
 * that both sides meet on the same stems: lower case, phrase rewrites, abbreviation and synonym
 * expansion, stop-word removal, Porter stemming (the `stemmer` package).
 */
const STOPWORDS = new Set(
  (
    'a an the of and or in on at to for by as is are was were be been being from into onto this that these those ' +
    'his her their its he she they it pt patient patients which who whom has have had having do does did not ' +
    'than then there also per via very well s'
  ).split(' '),
);

/** Words in titles that carry no clinical content of their own; optional on the term side. */
export const GENERIC_TERM_WORDS = new Set(
  [
    'unspecified',
    'uncomplicated',
    'unilateral',
    'with',
    'other',
    'specified',
    'nos',
    'nec',
    'classified',
    'elsewhere',
    'site',
    'part',
    'organism',
    'type',
    'due',
    'use',
    'code',
    'additional',
    'of',
    'certain',
    'condition',
    'conditions',
  ].map(stemWord),
);

export interface AnalyzedToken {
  /** The stem used for matching. */
  stem: string;
  /** The word of the original text it came from (for "the words that matched"). */
  word: string;
  /** UTF-16 offsets of that word in the original text. */
  start: number;
  end: number;
}

function stemWord(word: string): string {
  return /^[0-9]+$/.test(word) ? word : stemmer(word);
}

const WORD = /[a-z0-9]+(?:['’][a-z]+)?/g;

/**
 * Expands one lower-cased word into stems (an abbreviation becomes several). Possessive "'s" is dropped
 * (Crohn's → crohn).
 */
function stemsOf(word: string): string[] {
  const bare = usSpelling(word.replace(/['’]s$/, '').replace(/['’]/g, ''));
  if (STOPWORDS.has(bare)) return [];
  const expanded = ABBREVIATIONS[bare] ?? canonical(bare);
  if (expanded !== bare) {
    const out: string[] = [];
    for (const part of expanded.split(/[^a-z0-9]+/)) {
      if (part === '' || STOPWORDS.has(part)) continue;
      for (const piece of canonical(part).split(/[^a-z0-9]+/)) if (piece !== '') out.push(stemWord(piece));
    }
    return out;
  }
  return [stemWord(bare)];
}

/**
 * Applies phrase rewrites while keeping, for every boundary of the rewritten text, where a token that
 * starts (startAt) or ends (endAt) there lies in the original text; a rewritten phrase maps to the whole
 * original phrase.
 */
function rewrite(text: string): { text: string; startAt: Int32Array; endAt: Int32Array } {
  let current = text.toLowerCase();
  let startAt = Int32Array.from({ length: current.length + 1 }, (_, i) => i);
  let endAt = startAt.slice();
  for (const [pattern, replacement] of REWRITES) {
    pattern.lastIndex = 0;
    if (!pattern.test(current)) continue;
    pattern.lastIndex = 0;
    let out = '';
    const s: number[] = [];
    const e: number[] = [];
    let last = 0;
    for (const match of current.matchAll(pattern)) {
      const at = match.index;
      const to = at + match[0].length;
      for (let i = last; i < at; i++) {
        s.push(startAt[i] ?? 0);
        e.push(endAt[i] ?? 0);
      }
      out += current.slice(last, at) + replacement;
      const origStart = startAt[at] ?? 0;
      const origEnd = endAt[to] ?? 0;
      for (let i = 0; i < replacement.length; i++) {
        s.push(origStart);
        e.push(i === 0 ? (endAt[at] ?? 0) : origEnd);
      }
      last = to;
    }
    out += current.slice(last);
    for (let i = last; i <= current.length; i++) {
      s.push(startAt[i] ?? 0);
      e.push(endAt[i] ?? 0);
    }
    current = out;
    startAt = Int32Array.from(s);
    endAt = Int32Array.from(e);
  }
  return { text: current, startAt, endAt };
}

/** Tokens of a piece of clinical text, with their original words and offsets. */
export function analyzeText(text: string): AnalyzedToken[] {
  const { text: rewritten, startAt, endAt } = rewrite(text);
  const tokens: AnalyzedToken[] = [];
  for (const match of rewritten.matchAll(WORD)) {
    const start = startAt[match.index] ?? 0;
    let end = endAt[match.index + match[0].length] ?? text.length;
    if (end <= start) end = Math.min(text.length, start + match[0].length);
    const word = text.slice(start, end);
    for (const stem of stemsOf(match[0])) tokens.push({ stem, word, start, end });
  }
  return tokens;
}

/** The stem of one lower-cased word, without the phrase rewrites (undefined for a stopword). */
export function wordStem(word: string): string | undefined {
  return stemsOf(word)[0];
}

/** Stems of a term (title or index term), without offsets. */
export function termStems(text: string): string[] {
  const { text: rewritten } = rewrite(text);
  const out: string[] = [];
  for (const match of rewritten.matchAll(WORD)) out.push(...stemsOf(match[0]));
  return out;
}

/**
 * Splits a term into essential and optional stems: words in parentheses (the index's nonessential
 * modifiers, the titles' "(primary)") and generic words ("unspecified", "other") are optional.
 */
export function termGroups(
  text: string,
  extraOptional?: string,
  options: { negation?: boolean } = {},
): { essential: string[]; optional: string[]; negated: string[] } {
  const optionalText: string[] = extraOptional ? [extraOptional] : [];
  const negatedText: string[] = [];
  const essentialText = text
    // "…, not intractable, without status migrainosus", "Laceration without foreign body of …": what a title
    // states as absent is its default (a text that does not say it is coded there), not a word to require.
    // The Index tree keeps "without" subterms whole (`negation: false`): it walks them as the Index does.
    .replace(NEGATED_QUALIFIER, (m, what: string) => {
      if (options.negation === false) return m;
      negatedText.push(what);
      return ' ';
    })
    // The episode of care (7th character) is chosen by preference unless the text names it.
    .replace(/,\s*(?:initial encounter|subsequent encounter|sequela)\b.*$/i, (m) => {
      optionalText.push(m);
      return ' ';
    })
    .replace(/\([^)]*\)|\[[^\]]*\]/g, (m) => {
      optionalText.push(m);
      return ' ';
    })
    // "Sprain of unspecified ligament of right ankle": the thing left unspecified is not required.
    .replace(/(?<=\S.*\s)unspecified\s+([a-z]+)(?=\s+of\b)/gi, (_m, word: string) => {
      optionalText.push(word);
      return ' ';
    });
  const essential: string[] = [];
  const optional: string[] = [];
  for (const stem of termStems(essentialText)) {
    if (GENERIC_TERM_WORDS.has(stem)) optional.push(stem);
    else essential.push(stem);
  }
  for (const part of optionalText) optional.push(...termStems(part));
  const negated = new Set<string>();
  for (const part of negatedText)
    for (const stem of termStems(part)) if (!GENERIC_TERM_WORDS.has(stem)) negated.add(stem);
  const unique = [...new Set(essential)];
  // "Do not resuscitate": a term that is all negation is what it says.
  if (unique.length === 0 && negated.size > 0) return termGroups(text, extraOptional, { negation: false });
  return {
    essential: unique,
    optional: [...new Set(optional)].filter((s) => !unique.includes(s) && !negated.has(s)),
    negated: [...negated].filter((s) => !unique.includes(s)),
  };
}

/**
 * A qualifier a title states as absent, up to the next comma: "without status migrainosus", "not
 * intractable", "without foreign body" (not "not elsewhere classified", whose words are generic anyway).
 */
const NEGATED_QUALIFIER =
  /\b(?:without|not)\s+(?!elsewhere\b|otherwise\b)([^,;()[\]]+?)(?=\s+(?:of|with|in|due|and|or)\b|[,;()[\]]|$)/gi;

/** Whether a piece of clinical text negates something ("without", "no", "not", "non-"). */
export function saysNegation(text: string): boolean {
  return /\b(?:without|not|no|non|denies|negative)\b/i.test(text);
}

/** Sentence-like clauses of a text, so a long note is matched clause by clause (terms must co-occur). */
export function splitClauses(tokensText: string): { start: number; end: number }[] {
  const clauses: { start: number; end: number }[] = [];
  const boundary = /[.;!?\n]+(?=\s|$)|\n/g;
  let last = 0;
  for (const match of tokensText.matchAll(boundary)) {
    if (match.index > last) clauses.push({ start: last, end: match.index });
    last = match.index + match[0].length;
  }
  if (last < tokensText.length) clauses.push({ start: last, end: tokensText.length });
  return clauses;
}
