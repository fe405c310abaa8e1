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
