/**
 * Medical compounds built of combining forms: a title's "pharyngotonsillitis" is a pharyngitis and a
 * tonsillitis, "gingivostomatitis" a gingivitis and a stomatitis, "laryngotracheitis" a laryngitis and a
 * tracheitis. A compound stem of the release's vocabulary is split at each connecting "o" where both the part
 * before it (the combining form's root) and the part after it are stems of the vocabulary themselves, so text
 * naming either part also looks for the compound (search-side expansions, weak: a compound says more than
 * either part). Found in the release's own words by this rule; nothing is listed by hand.
 */
/** Shortest root before the connecting "o", and shortest part after it (shorter ones split by chance). */
const MIN_ROOT = 5;
const MIN_REST = 5;

/** "part compound" stem pairs of the vocabulary's compounds. */
export function compoundPairs(vocab: readonly string[]): string[] {
  const present = new Set(vocab);
  const out: string[] = [];
  for (const stem of vocab) {
    if (stem.length < MIN_ROOT + 1 + MIN_REST || !/^[a-z]+$/.test(stem)) continue;
    for (let i = MIN_ROOT; i <= stem.length - 1 - MIN_REST; i++) {
      if (stem[i] !== 'o') continue;
      const root = stem.slice(0, i);
      const rest = stem.slice(i + 1);
      if (present.has(root) && present.has(rest)) out.push(`${root} ${stem}`, `${rest} ${stem}`);
    }
  }
  return out;
}

/** Shortest known ending an unknown word is read as, and shortest unknown word read so. */
const MIN_ENDING = 5;
const MIN_UNKNOWN = 9;
/** Prefixes that turn a word into its opposite ("nonsmoker" is no smoker): such words are not read. */
const OPPOSING_PREFIX = /^(?:non|un|anti|contra|de|dis)/;

/**
 * An unknown word read through the longest known word it ends with: a prefix or combining form before a
 * known word narrows it ("heliophobia" → phobia, "panhypogonadism" → hypogonadism, "microalbuminuria" →
 * albuminuria), so the known word's codes are where a coder would look (its "other" code, mostly). `stemId`
 * gives the vocabulary id of a word's stem; undefined when no ending of MIN_ENDING letters or more is known.
 */
export function knownEnding(word: string, stemId: (word: string) => number | undefined): number | undefined {
  if (word.length < MIN_UNKNOWN || !/^[a-z]+$/.test(word) || OPPOSING_PREFIX.test(word)) return undefined;
  for (let i = 2; i <= word.length - MIN_ENDING; i++) {
    const id = stemId(word.slice(i));
    if (id !== undefined) return id;
  }
  return undefined;
}
