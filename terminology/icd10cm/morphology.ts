/**
 * Derivational morphology the Porter stemmer leaves apart: a condition's noun and its adjective
 * ("anemia" / "anemic" → anemia / anem, "sclerosis" / "sclerotic" → sclerosi / sclerot, "puerperium" /
 * "puerperal" → puerperium / puerper). Pairs are found in the release's own vocabulary by suffix rules, so
 * text in one form also looks for the other (search-side expansions, as the learned ones).
 */
/** [suffix, its replacement, the shortest base the rule may leave (shorter ones pair unrelated words)] */
const RULES: readonly (readonly [string, string, number])[] = [
  // -ia / -ic, -ial: anemia ↔ anemic, dysthymia ↔ dysthymic
  ['ia', '', 4],
  // -ium / -ial: puerperium ↔ puerperal, endometrium ↔ endometrial
  ['ium', '', 5],
  // -um / -al: duodenum ↔ duodenal
  ['um', '', 5],
  // -osis / -otic, -asis / -atic, -ysis / -ytic: sclerosis ↔ sclerotic, psoriasis ↔ psoriatic
  ['si', 't', 4],
  // -itis / -itic: neuritis ↔ neuritic
  ['iti', 'it', 5],
];
/** Pairs the rules would make of unrelated words. */
const FALSE_FRIENDS = new Set(['malaria malar', 'materia mater']);

/** "from to" stem pairs, both ways, between stems of `vocab` that are forms of one word. */
export function morphologyPairs(vocab: readonly string[]): string[] {
  const present = new Set(vocab);
  const out: string[] = [];
  for (const stem of vocab) {
    if (!/^[a-z]+$/.test(stem)) continue;
    for (const [suffix, replacement, minBase] of RULES) {
      if (!stem.endsWith(suffix)) continue;
      const base = stem.slice(0, stem.length - suffix.length);
      const other = base + replacement;
      if (base.length < minBase || other === stem || !present.has(other)) continue;
      if (FALSE_FRIENDS.has(`${stem} ${other}`)) continue;
      out.push(`${stem} ${other}`, `${other} ${stem}`);
    }
  }
  return out;
}
