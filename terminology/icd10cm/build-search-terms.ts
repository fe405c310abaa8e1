import type { CodeEntry, CodeNotes, SourceTerm, TermKind } from './model.ts';
import { TERM_KINDS } from './model.ts';
import { termGroups, termStems } from './text-normalize.ts';

/** A search term after analysis: groups of alternative stems, each essential or optional. */
export interface AnalyzedTerm {
  codeIndex: number;
  kind: TermKind;
  /** Index into the term texts, or -1 for a code's own title. */
  textIndex: number;
  /** `required`: the index main term (the condition itself), without which the entry cannot match. */
  /** `negated`: a qualifier the term states as absent ("without status migrainosus"): neither required nor
   * optional, it counts against the term when the text says it without negating anything. */
  groups: { essential: boolean; required?: boolean; negated?: boolean; stems: string[] }[];
}

/** Terms beyond 31 groups are cut (a group is one bit of a 32-bit match mask at search time). */
const MAX_GROUPS = 31;

function groupsOf(term: SourceTerm): AnalyzedTerm['groups'] {
  const groups: AnalyzedTerm['groups'] = [];
  const add = (essential: boolean, stems: string[], negated = false): void => {
    for (const stem of stems) {
      if (groups.some((g) => g.stems.includes(stem))) continue;
      groups.push(negated ? { essential, negated, stems: [stem] } : { essential, stems: [stem] });
    }
  };
  const whole = term.kind === 'title' || term.kind === 'inclusion' || term.kind === 'entry-term';
  const [main, ...rest] = whole ? [term.text] : term.path;
  if (main !== undefined) {
    const parts = whole ? [main] : main.split(/,\s*/);
    // "Abdomen, abdominal" lists variants of one word; "Dullness, cardiac" is a word and its subterm.
    const stemOfFirst = (parts[0] ?? '').toLowerCase().slice(0, 4);
    const alternatives = parts.filter((p, i) => i === 0 || p.toLowerCase().startsWith(stemOfFirst));
    const subterms = parts.filter((p, i) => i > 0 && !p.toLowerCase().startsWith(stemOfFirst));
    rest.unshift(...subterms);
    const analysed = alternatives.map((a) => termGroups(a));
    const first = analysed[0];
    if (first) {
      const [head, ...tail] = first.essential;
      if (head !== undefined) {
        const alts = new Set([head]);
        for (const other of analysed.slice(1)) if (other.essential[0] !== undefined) alts.add(other.essential[0]);
        groups.push({ essential: true, required: !whole, stems: [...alts] });
      }
      add(true, tail);
      add(false, first.optional);
      add(false, first.negated, true);
    }
  }
  for (const element of rest) {
    const { essential, optional, negated } = termGroups(element);
    add(true, essential);
    add(false, optional);
    add(false, negated, true);
  }
  if (term.nonessential) add(false, termGroups('', term.nonessential).optional);
  if (term.kind === 'title') mergeTitleList(groups, term.text);
  return groups.slice(0, MAX_GROUPS);
}

/** A title's leading list of conditions before "of": "[Congenital] absence, atresia and stenosis of …". */
const TITLE_LIST = /^(?:[a-z]+\s+)?([a-z-]+(?:,\s*[a-z-]+)*,?\s+and\s+[a-z-]+)\s+of\b/i;

/**
 * The Tabular names a category's conditions as a list before the site ("Agenesis, aplasia and hypoplasia of
 * gallbladder", "Contusion and laceration of cerebrum", "Dislocation and sprain of joints …"): each is coded
 * there, so the list is one group of alternatives, and a text saying any one of them says it. Not a list
 * after "both" or within a "with" clause: those are conjunctions ("… of both mitral and aortic valves").
 */
export function titleListWords(title: string): string[] {
  const m = TITLE_LIST.exec(title);
  if (!m || /\bboth\b/i.test(m[0])) return [];
  return (m[1] ?? '')
    .split(/,\s*|\s+and\s+/)
    .map((w) => w.replace(/^and\s+/i, ''))
    .filter((w) => w !== '');
}

function mergeTitleList(groups: AnalyzedTerm['groups'], title: string): void {
  const words = titleListWords(title);
  if (words.length < 2) return;
  const stems = new Set(words.map((w) => termStems(w)[0]).filter((s) => s !== undefined));
  const members = groups.filter((g) => g.essential && !g.negated && g.stems.some((s) => stems.has(s)));
  const [first, ...others] = members;
  if (!first || others.length === 0) return;
  for (const g of others) {
    first.stems.push(...g.stems.filter((s) => !first.stems.includes(s)));
    groups.splice(groups.indexOf(g), 1);
  }
}

/**
 * A title's bracketed synonym read in place of the words it stands for, as a term of its own: the Tabular's
 * brackets hold synonyms, eponyms and abbreviations of the words before them ("Leprosy [Hansen's disease]",
 * "Sepsis due to Escherichia coli [E. coli]", "Progressive supranuclear ophthalmoplegia
 * [Steele-Richardson-Olszewski]"); the bracket replaces as many words before it as it has. Undefined for a
 * title without one.
 */
export function bracketSynonym(title: string): string | undefined {
  const m = /^(.*?)\s*\[([^\]]+)\]\s*(.*)$/.exec(title);
  if (!m) return undefined;
  const before = (m[1] ?? '').split(/\s+/).filter((w) => w !== '');
  const inside = m[2] ?? '';
  const words = inside.split(/\s+/).length;
  const kept = before.slice(0, Math.max(0, before.length - words));
  return [...kept, inside, m[3] ?? ''].join(' ').replace(/\s+/g, ' ').trim();
}

/**
 * Analyses every title, inclusion term and index term into search terms. Index terms whose code is not
 * in the release (deleted or mistyped codes) are counted and left out.
 */
export function buildSearchTerms(
  codes: readonly CodeEntry[],
  notes: ReadonlyMap<string, CodeNotes>,
  sourceTerms: readonly SourceTerm[],
): { terms: AnalyzedTerm[]; texts: string[]; skipped: number } {
  const indexOf = new Map(codes.map((c, i) => [c.code, i]));
  const terms: AnalyzedTerm[] = [];
  const texts: string[] = [];
  const push = (term: SourceTerm, codeIndex: number): void => {
    const groups = groupsOf(term);
    if (!groups.some((g) => g.essential)) return;
    let textIndex = -1;
    if (term.kind !== 'title') {
      textIndex = texts.length;
      texts.push(term.text);
    }
    terms.push({ codeIndex, kind: term.kind, textIndex, groups });
  };
  codes.forEach((entry, i) => {
    push({ code: entry.code, kind: 'title', text: entry.long, path: [entry.long] }, i);
    const synonym = bracketSynonym(entry.long);
    if (synonym !== undefined) push({ code: entry.code, kind: 'inclusion', text: synonym, path: [synonym] }, i);
  });
  for (const [code, note] of notes) {
    const i = indexOf.get(code);
    if (i === undefined) continue;
    for (const inclusion of note.inclusion ?? [])
      push({ code, kind: 'inclusion', text: inclusion, path: [inclusion] }, i);
  }
  let skipped = 0;
  const seen = new Set<string>();
  for (const term of sourceTerms) {
    if (term.code === '') continue;
    const i = indexOf.get(term.code);
    if (i === undefined) {
      skipped++;
      continue;
    }
    const key = `${term.code}|${term.text}|${term.nonessential ?? ''}`;
    if (seen.has(key)) continue;
    seen.add(key);
    push(term, i);
  }
  return { terms, texts, skipped };
}

/** Packs analysed terms into one Int32Array: per term [code, kind, text, nGroups, (flags, nStems, stem…)…]; flags: 1 essential, 2 required, 4 negated. */
export function packTerms(terms: readonly AnalyzedTerm[]): { vocab: string[]; packed: Int32Array } {
  const vocab: string[] = [];
  const ids = new Map<string, number>();
  const id = (stem: string): number => {
    let value = ids.get(stem);
    if (value === undefined) {
      value = vocab.length;
      vocab.push(stem);
      ids.set(stem, value);
    }
    return value;
  };
  const out: number[] = [];
  for (const term of terms) {
    out.push(term.codeIndex, TERM_KINDS.indexOf(term.kind), term.textIndex, term.groups.length);
    for (const group of term.groups) {
      const flags = (group.essential ? 1 : 0) | (group.required ? 2 : 0) | (group.negated ? 4 : 0);
      out.push(flags, group.stems.length, ...group.stems.map(id));
    }
  }
  return { vocab, packed: Int32Array.from(out) };
}
