import type { AnalyzedTerm } from './build-search-terms.ts';

/**
 * Word expansions learned from the release itself: where an index term and its code's title say the same
 * thing in different words ("Jaundice, newborn" → "Neonatal jaundice", "Ghost teeth" → "Regional
 * odontodysplasia"), the words only the index term has are paired with the words only the title has. A pair
 * seen in MIN_PAIRS entries that accounts for at least MIN_SHARE of the index word's unexplained uses
 * becomes an expansion: text saying the index word also looks for the title word.
 */
const MIN_PAIRS = 3;
const MIN_SHARE = 0.4;
const MAX_PER_WORD = 2;

export function learnExpansions(terms: readonly AnalyzedTerm[]): [string, string][] {
  const titleStems = new Map<number, Set<string>>();
  for (const t of terms) {
    if (t.kind !== 'title') continue;
    titleStems.set(t.codeIndex, new Set(t.groups.filter((g) => g.essential).flatMap((g) => g.stems)));
  }
  const pairs = new Map<string, Map<string, number>>();
  const unexplained = new Map<string, number>();
  for (const t of terms) {
    if (t.kind !== 'index' && t.kind !== 'inclusion') continue;
    const title = titleStems.get(t.codeIndex);
    if (!title) continue;
    const own = new Set(t.groups.filter((g) => g.essential).flatMap((g) => g.stems));
    const onlyIndex = [...own].filter((s) => !title.has(s));
    const onlyTitle = [...title].filter((s) => !own.has(s));
    for (const u of onlyIndex) unexplained.set(u, (unexplained.get(u) ?? 0) + 1);
    if (onlyIndex.length === 0 || onlyIndex.length > 2 || onlyTitle.length === 0 || onlyTitle.length > 2) continue;
    for (const u of onlyIndex) {
      const row = pairs.get(u) ?? new Map<string, number>();
      for (const v of onlyTitle) row.set(v, (row.get(v) ?? 0) + 1);
      pairs.set(u, row);
    }
  }
  const out: [string, string][] = [];
  for (const [u, row] of pairs) {
    const total = unexplained.get(u) ?? 1;
    const kept = [...row]
      .filter(([, n]) => n >= MIN_PAIRS && n / total >= MIN_SHARE)
      .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
      .slice(0, MAX_PER_WORD);
    for (const [v] of kept) out.push([u, v]);
  }
  return out.sort((a, b) => a[0].localeCompare(b[0]) || a[1].localeCompare(b[1]));
}
