import type { SourceTerm } from './model.ts';
import { termGroups } from './text-normalize.ts';

/**
 * The Alphabetic Index as a tree (ICD-10-CM Official Guidelines I.A, I.B.1): main terms (the condition),
 * subterms (site, cause, acuity, "with"/"without"), nonessential modifiers, "see" / "see also"
 * cross-references and codes. Stored in the index directory as parallel lists; each node's essential words
 * are kept analysed (stems), one group per word, the main term's alternatives ("Ulcer, ulcerated") in one.
 */
export interface IndexTreeData {
  /** Parent node per node, -1 for a main term. */
  parent: number[];
  title: string[];
  /** The code the node leads to ("" for none); incomplete codes are kept without their "-". */
  code: string[];
  nemod: string[];
  see: string[];
  seeAlso: string[];
  /**
   * Essential stems: a subterm's alternatives ("bowel, colon or intestine") separated by "/", each
   * alternative's groups by "|", a group's alternative stems by " ".
   */
  groups: string[];
}

const INDEX_KINDS = new Set(['index', 'external-cause']);
/** A subterm stating a qualifier's absence: the Index's default when the text does not say it. */
const NEGATED = /^(?:not|without|no)\s/i;
/** The tree walks "without" subterms itself: their words stay essential. */
const WHOLE = { negation: false };

/**
 * Words of a subterm that only connect it to its parent ("with", "due to") or qualify nothing the text can
 * state ("type", "NEC", "NOS", "site"): a subterm made of these alone is passed through by a walk.
 */
const CONNECTOR_STEMS = new Set(
  termGroups('with due of type NEC NOS site part classified elsewhere code use additional condition certain organism')
    .optional,
);

function mainTermGroups(title: string): string[][] {
  const parts = title.split(/,\s*/);
  const head = (parts[0] ?? '').toLowerCase().slice(0, 4);
  const alternatives = parts.filter((p, i) => i === 0 || p.toLowerCase().startsWith(head));
  const others = parts.filter((p, i) => i > 0 && !p.toLowerCase().startsWith(head));
  const first = termGroups(alternatives[0] ?? '', undefined, WHOLE).essential;
  const groups: string[][] = [];
  if (first[0] !== undefined) {
    const alts = new Set([first[0]]);
    for (const a of alternatives.slice(1)) {
      const stem = termGroups(a, undefined, WHOLE).essential[0];
      if (stem !== undefined) alts.add(stem);
    }
    groups.push([...alts]);
  }
  for (const stem of first.slice(1)) groups.push([stem]);
  for (const other of others) for (const stem of termGroups(other, undefined, WHOLE).essential) groups.push([stem]);
  return groups;
}

/** Builds the tree from index terms (Index to Diseases and Injuries, External Cause Index). */
export function buildIndexTree(terms: readonly SourceTerm[]): IndexTreeData {
  const tree: IndexTreeData = { parent: [], title: [], code: [], nemod: [], see: [], seeAlso: [], groups: [] };
  const byKey = new Map<string, number>();
  const nodeOf = (path: readonly string[]): number => {
    let parent = -1;
    let key = '';
    for (const [depth, title] of path.entries()) {
      key += `${title.toLowerCase()}\u0000`;
      let id = byKey.get(key);
      if (id === undefined) {
        id = tree.parent.length;
        byKey.set(key, id);
        tree.parent.push(parent);
        tree.title.push(title);
        tree.code.push('');
        tree.nemod.push('');
        tree.see.push('');
        tree.seeAlso.push('');
        const alternatives =
          depth === 0
            ? [mainTermGroups(title)]
            : // "bowel, colon or intestine" lists alternatives; "sebaceous glands, mucous membrane" is one term.
              (/\sor\s/.test(title) ? title.split(/,\s*|\s+or\s+/) : [title]).map((a) =>
                termGroups(a, undefined, WHOLE).essential.map((s) => [s]),
              );
        tree.groups.push(alternatives.map((groups) => groups.map((g) => g.join(' ')).join('|')).join('/'));
      }
      parent = id;
    }
    return parent;
  };
  for (const term of terms) {
    if (!INDEX_KINDS.has(term.kind) || term.path.length === 0) continue;
    const id = nodeOf(term.path);
    if (term.code !== '' && tree.code[id] === '') tree.code[id] = term.code;
    if (term.nonessential && tree.nemod[id] === '') tree.nemod[id] = term.nonessential;
    if (term.see && tree.see[id] === '') tree.see[id] = term.see;
    if (term.seeAlso && tree.seeAlso[id] === '') tree.seeAlso[id] = term.seeAlso;
  }
  return tree;
}

/** Where a walk landed: the node, its code and how much of the text the path used. */
export interface IndexWalk {
  node: number;
  code: string;
  /** Main term first. */
  path: string[];
  /** Stems of the text the path's terms matched. */
  matched: number;
  /** Cross-references followed ("see", "see also"). */
  via: string[];
}

/**
 * Walks the tree for a clause of text: looks up the main terms the text names, then descends into the
 * subterms whose words the text holds (through "with"/"without" connectors; nonessential modifiers are
 * never required), follows "see" and, where no subterm applies, "see also"; lands on the deepest node the
 * text supports and reports the nearest code on its path (the default code of the main term when no subterm
 * applies).
 */
export class IndexTree {
  private readonly children: number[][];
  /** Per node, per alternative, per group: stem ids. */
  private readonly groups: number[][][][];
  private readonly heads = new Map<number, number[]>();
  private readonly byPath = new Map<string, number>();
  private readonly withoutId: number;
  /**
   * Per node whose title has no essential word: the stems of its qualifier ("specified type NEC" ->
   * specified), empty for a pure connector ("with", "due to", "in"). A connector is passed through; a
   * qualifier is a branch of its own (E13 "specified type NEC" under Diabetes), entered only when the text
   * states it, so "diabetic nephropathy" never lands in another type's codes.
   */
  private readonly qualifiers = new Map<number, number[]>();

  constructor(
    private readonly data: IndexTreeData,
    stemId: (stem: string) => number | undefined,
  ) {
    const n = data.parent.length;
    this.children = Array.from({ length: n }, () => []);
    this.groups = new Array<number[][][]>(n);
    const keys: string[] = new Array<string>(n);
    for (let i = 0; i < n; i++) {
      const parent = data.parent[i] ?? -1;
      const title = (data.title[i] ?? '').toLowerCase();
      keys[i] = parent >= 0 ? `${keys[parent]}|${title}` : title;
      this.byPath.set(keys[i] ?? '', i);
      if (parent >= 0) this.children[parent]?.push(i);
      const raw = data.groups[i] ?? '';
      this.groups[i] = raw
        .split('/')
        .map((alt) => (alt === '' ? [] : alt.split('|').map((g) => g.split(' ').map((s) => stemId(s) ?? -1))))
        .filter((alt) => alt.length > 0);
      if (parent < 0) {
        for (const stem of this.groups[i]?.[0]?.[0] ?? []) {
          const list = this.heads.get(stem) ?? [];
          list.push(i);
          this.heads.set(stem, list);
        }
      }
    }
    this.withoutId = stemId('without') ?? -2;
    for (let i = 0; i < n; i++) {
      if ((this.groups[i]?.length ?? 0) > 0 || (data.parent[i] ?? -1) < 0) continue;
      const stems = termGroups(data.title[i] ?? '')
        .optional.filter((s) => !CONNECTOR_STEMS.has(s))
        .map((s) => stemId(s) ?? -1);
      if (stems.length > 0) this.qualifiers.set(i, stems);
    }
  }

  get size(): number {
    return this.data.parent.length;
  }

  /** The node a cross-reference names ("Accident, transport, car occupant"), if the tree holds it. */
  resolve(reference: string): number | undefined {
    const parts = reference.toLowerCase().split(/,\s*/);
    // The main term may itself hold commas ("Disease, diseased"): try each split.
    for (let k = parts.length; k >= 1; k--) {
      const key = [parts.slice(0, k).join(', '), ...parts.slice(k)].join('|');
      const id = this.byPath.get(key);
      if (id !== undefined) return id;
    }
    return undefined;
  }

  /** Walks for the stems of one clause; one landing per main term the text names. */
  walk(clause: ReadonlySet<number>): IndexWalk[] {
    const mains = new Set<number>();
    for (const stem of clause) for (const m of this.heads.get(stem) ?? []) mains.add(m);
    const out: IndexWalk[] = [];
    for (const main of mains) {
      const n = this.matchedGroups(main, clause);
      if (n < 0) continue;
      const landing = this.descend(main, clause, n, [], 0);
      if (landing) out.push(landing);
    }
    return out;
  }

  /**
   * Groups of the node's best alternative that the clause holds, or -1 when it holds too few: a main term
   * needs all its words, a subterm most of them (the Index strings several words into one subterm).
   */
  private matchedGroups(node: number, clause: ReadonlySet<number>): number {
    let best = -1;
    const main = (this.data.parent[node] ?? -1) < 0;
    for (const groups of this.groups[node] ?? []) {
      let n = 0;
      for (const g of groups) if (g.some((s) => clause.has(s))) n++;
      const needed = main ? groups.length : Math.ceil(groups.length * 0.6);
      if (n >= needed && n > best) best = n;
    }
    return best;
  }

  private descend(
    node: number,
    clause: ReadonlySet<number>,
    matched: number,
    via: string[],
    hops: number,
  ): IndexWalk | undefined {
    let best = -1;
    let bestN = 0;
    let bestWeight = 0;
    const consider = (child: number, n = this.matchedGroups(child, clause), weight = n): void => {
      if (weight > bestWeight) {
        best = child;
        bestN = n;
        bestWeight = weight;
      }
    };
    for (const child of this.children[node] ?? []) {
      const alternatives = this.groups[child] ?? [];
      const only = alternatives.length === 1 ? alternatives[0] : undefined;
      const without = only?.length === 1 && only[0]?.length === 1 && only[0][0] === this.withoutId;
      const qualifier = this.qualifiers.get(child);
      if (qualifier !== undefined) {
        // A stated qualifier is a match of its own, preferred over an equal match beside it.
        const n = qualifier.filter((s) => clause.has(s)).length;
        if (n > 0) consider(child, n, n + 0.5);
      } else if (alternatives.length > 0 && !without) consider(child);
      else if (!without || clause.has(this.withoutId)) for (const gc of this.children[child] ?? []) consider(gc);
    }
    if (best >= 0) return this.descend(best, clause, matched + bestN, via, hops);
    const see = this.data.see[node] ?? '';
    if (see !== '' && hops < 3) {
      const target = this.resolve(see);
      if (target !== undefined) return this.descend(target, clause, matched, [...via, `see ${see}`], hops + 1);
    }
    const seeAlso = this.data.seeAlso[node] ?? '';
    if (seeAlso !== '' && hops < 3) {
      const target = this.resolve(seeAlso);
      const further =
        target === undefined
          ? undefined
          : this.descend(target, clause, matched, [...via, `see also ${seeAlso}`], hops + 1);
      if (further && further.matched > matched) return further;
    }
    if ((this.data.code[node] ?? '') === '') {
      // A subterm without a code of its own ("Migraine, without aura") is coded by its subterms; where the
      // text names none, the one the Index states as the default ("not intractable", "without status
      // migrainosus") is the reading: what the text leaves unsaid is the negated qualifier.
      const fallback = this.defaultDescendant(node);
      if (fallback !== undefined) {
        return { node: fallback, code: this.data.code[fallback] ?? '', path: this.pathOf(fallback), matched, via };
      }
    }
    // Otherwise the nearest code above: it says only what the path down to it says, so the words below it
    // are not credited to the walk.
    for (let at = node; at >= 0; at = this.data.parent[at] ?? -1) {
      const code = this.data.code[at] ?? '';
      if (code !== '')
        return {
          node: at,
          code,
          path: this.pathOf(at),
          matched: at === node ? matched : this.creditAt(at, clause),
          via,
        };
    }
    return undefined;
  }

  /**
   * The coded node reached from a codeless one through negated subterms only ("not intractable", "without
   * status migrainosus"), each the Index's statement of the default; undefined when there is none.
   */
  private defaultDescendant(node: number): number | undefined {
    let at = node;
    for (let depth = 0; depth < 6; depth++) {
      const next = (this.children[at] ?? []).find((c) => NEGATED.test(this.data.title[c] ?? ''));
      if (next === undefined) return undefined;
      at = next;
      if ((this.data.code[at] ?? '') !== '') {
        // A deeper negated default is more specific still ("not intractable" → "without status …").
        const deeper = (this.children[at] ?? []).find(
          (c) => NEGATED.test(this.data.title[c] ?? '') && (this.data.code[c] ?? '') !== '',
        );
        return deeper ?? at;
      }
    }
    return undefined;
  }

  /** Groups of the clause matched by the path from the main term down to a node. */
  private creditAt(node: number, clause: ReadonlySet<number>): number {
    let n = 0;
    for (let at = node; at >= 0; at = this.data.parent[at] ?? -1) n += Math.max(0, this.matchedGroups(at, clause));
    return n;
  }

  /** Titles from the main term down to a node. */
  pathOf(node: number): string[] {
    const path: string[] = [];
    for (let at = node; at >= 0; at = this.data.parent[at] ?? -1) path.unshift(this.data.title[at] ?? '');
    return path;
  }
}
