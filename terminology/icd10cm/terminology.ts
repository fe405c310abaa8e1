import { AppError } from '../../server/errors/app-error.ts';
import { chapterOf } from './chapters.ts';
import { ICD10CM_SYSTEM, normalizeCode } from './code-format.ts';
import { codesInNote } from './import-tabular.ts';
import type { LoadedIndex } from './index-file.ts';
import type { CodeNotes, SeventhCharacter, TermKind } from './model.ts';
import { FEATURE_NAMES, RankContext, titleFacts, type RankCandidate, type RankCodeSet } from './rank-features.ts';
import { shippedRankingWeights } from './ranking-weights.ts';
import { SearchEngine } from './search-engine.ts';
import { IndexTree, type IndexTreeData, type IndexWalk } from './index-tree.ts';
import { impliedPairs } from './implied-words.ts';
import { morphologyPairs } from './morphology.ts';
import { regionPairs } from './site-regions.ts';
import { compoundPairs } from './compound-words.ts';

export interface TerminologyInfo {
  system: string;
  version: string;
  name: string;
  /** `embedded` or the directory it was loaded from. */
  source: string;
  codes: number;
  billable: number;
  indexTerms: number;
  loadMs: number;
}

export interface CodeRef {
  code: string;
  display: string;
}

/** What `validate` says of a code that exists in the loaded release. */
export interface CodeDetails {
  valid: true;
  code: string;
  billable: boolean;
  /** Header codes need more characters before they can be reported. */
  needsSpecificity: boolean;
  display: string;
  shortDisplay: string;
  category: CodeRef;
  parent?: CodeRef;
  chapter?: { chapter: number; range: string; title: string };
  excludes1: { note: string; codes: string[] }[];
  excludes2: { note: string; codes: string[] }[];
  inclusion: string[];
  codeFirst: string[];
  useAdditional: string[];
}

export type Validation = CodeDetails | { valid: false; code: string; reason: 'malformed' | 'unknown' };

export interface SearchHit {
  code: string;
  display: string;
  billable: boolean;
  /** 0..1, comparable within one search. */
  score: number;
  /** Words of the query that matched. */
  matched: string[];
  /** Where they are in the query text (UTF-16 offsets, end exclusive). */
  spans: { start: number; end: number }[];
  /** The title or index term that matched. */
  term: string;
  source: TermKind;
  category: CodeRef;
  /** With `explain`: the features that placed it. */
  features?: HitFeatures;
}

export interface SearchOptions {
  limit?: number;
  /** Leave header codes out (they are otherwise shown, after billable ones of similar score). */
  billableOnly?: boolean;
  /** Give each hit the features that placed it (`SearchHit.features`). */
  explain?: boolean;
  /** Ranking weights other than the shipped ones (in FEATURE_NAMES order): for fitting them. */
  weights?: Float32Array;
  /**
   * Score each hit on its own, match × exp(Σ weight × feature), not scaled to its clause's best: for
   * comparing hits across searches (a document searched sentence by sentence).
   */
  absolute?: boolean;
}

/** Why a hit is where it is: the engine's match score and each ranking feature's value and contribution. */
export interface HitFeatures {
  match: number;
  values: Record<string, number>;
  /**
   * weight × value, on the log scale (ranked by match × exp(sum); the score is scaled so that the best hit
   * of each clause keeps its match score); zero ones left out.
   */
  contributions: Record<string, number>;
}

/** Largest text `search` accepts, in characters: a long discharge summary fits; a whole chart does not. */
export const MAX_SEARCH_TEXT = 100_000;
const HEADER_FACTOR = 0.9;
/** How many engine matches are ranked at least; headers among the first HEADER_POOL bring children. */
const RANK_POOL = 30;
const HEADER_POOL = 8;
const CHILDREN_PER_HEADER = 6;
const MAX_CHILDREN_SCANNED = 250;
const MAX_WALK_CLAUSES = 40;
const OTHER_FACTOR = 0.97;

/** The loaded ICD-10-CM release: lookup, validation, hierarchy and search. */
export class Terminology {
  readonly info: TerminologyInfo;
  private readonly codes: string[];
  private readonly billable: string;
  private readonly short: string[];
  private readonly long: string[];
  private readonly notes: Map<string, CodeNotes>;
  private readonly texts: string[];
  private readonly position: Map<string, number>;
  private readonly engine: SearchEngine;
  /** Per code: header codes and "Other …" titles rank a little below their unspecified siblings. */
  private readonly codeFactor: Float32Array;
  /** Per code: the index one past its last descendant in tabular order. */
  private readonly subtreeEnd: Int32Array;
  private readonly defaultChild = new Map<number, number | undefined>();
  private readonly inherited = new Map<string, InheritedNotes>();
  private readonly childStems = new Map<number, ReadonlySet<number>>();
  /** Per code: `titleFacts` of its title, -1 until ranking first reads them. */
  private readonly titleFactsOf: Int8Array;
  /** Per code asked: the bare codes its Excludes1 notes name. */
  private readonly excluded1 = new Map<string, string[]>();
  private readonly weights: Float32Array;
  private categoryTerms: Int32Array | undefined;
  private maxCategoryTerms = 1;
  private readonly rankView: RankCodeSet;
  private readonly treeData: IndexTreeData | undefined;
  private tree: IndexTree | undefined;

  constructor(index: LoadedIndex, source: string, loadStarted: number) {
    this.codes = index.data.codes;
    this.billable = index.data.billable;
    this.short = index.data.short;
    this.long = index.data.long;
    this.notes = index.notes;
    this.texts = index.data.texts;
    this.position = new Map(this.codes.map((c, i) => [c, i]));
    const vocab = new Set(index.data.vocab);
    this.engine = new SearchEngine(
      index.data.vocab,
      index.engine,
      [...(index.data.expansions ?? []), ...morphologyPairs(index.data.vocab), ...impliedPairs((s) => vocab.has(s))],
      [...regionPairs((s) => vocab.has(s)), ...compoundPairs(index.data.vocab)],
    );
    this.weights = shippedRankingWeights();
    this.treeData = index.data.tree;
    // eslint-disable-next-line @typescript-eslint/no-this-alias
    const self = this;
    this.rankView = {
      code: (i) => self.codes[i] ?? '',
      title: (i) => self.long[i] ?? '',
      billable: (i) => self.billable[i] === '1',
      categoryTerms: (i) => self.categoryTermCounts()[i] ?? 0,
      get maxCategoryTerms() {
        self.categoryTermCounts();
        return self.maxCategoryTerms;
      },
      facts: (i) => {
        let f = self.titleFactsOf[i] ?? 0;
        if (f < 0) self.titleFactsOf[i] = f = titleFacts(self.long[i] ?? '');
        return f;
      },
    };
    this.titleFactsOf = new Int8Array(this.codes.length).fill(-1);
    this.subtreeEnd = subtreeEnds(this.codes);
    this.codeFactor = Float32Array.from(this.codes, (_, i) => {
      const header = this.billable[i] === '1' ? 1 : HEADER_FACTOR;
      const title = this.long[i] ?? '';
      const other = /^other\b|\bother specified\b/i.test(title) ? OTHER_FACTOR : 1;
      // Without words for it, an injury is coded at its initial encounter (7th character A).
      const seventh = this.codes[i]?.length === 8 ? (this.codes[i]?.[7] ?? '') : '';
      const episode = seventh === 'S' ? 0.95 : /subsequent encounter/i.test(title) ? 0.97 : 1;
      return header * other * episode;
    });
    this.info = {
      system: ICD10CM_SYSTEM,
      version: index.manifest.version,
      name: index.manifest.name,
      source,
      codes: this.codes.length,
      billable: index.manifest.counts.billable,
      indexTerms: this.engine.size - this.codes.length,
      loadMs: Math.round((performance.now() - loadStarted) * 10) / 10,
    };
  }

  /** True when the code exists in the release (any form: with or without dot). */
  has(code: string): boolean {
    const normal = normalizeCode(code);
    return normal !== undefined && this.position.has(normal);
  }

  display(code: string): string | undefined {
    const i = this.position.get(code);
    return i === undefined ? undefined : this.long[i];
  }

  isBillable(code: string): boolean {
    const i = this.position.get(code);
    return i !== undefined && this.billable[i] === '1';
  }

  /** Validity, billability, titles, hierarchy and instructional notes of a code. */
  validate(input: string): Validation {
    const code = normalizeCode(input);
    if (code === undefined) return { valid: false, code: input.slice(0, 16), reason: 'malformed' };
    const i = this.position.get(code);
    if (i === undefined) return { valid: false, code, reason: 'unknown' };
    const billable = this.billable[i] === '1';
    const category = code.slice(0, 3);
    const parentCode = this.parentOf(code);
    const own = this.inheritedNotes(code);
    const chapter = chapterOf(code);
    return {
      valid: true,
      code,
      billable,
      needsSpecificity: !billable,
      display: this.long[i] ?? '',
      shortDisplay: this.short[i] ?? '',
      category: { code: category, display: this.display(category) ?? '' },
      ...(parentCode ? { parent: { code: parentCode, display: this.display(parentCode) ?? '' } } : {}),
      ...(chapter ? { chapter } : {}),
      excludes1: own.excludes1.map((note) => ({ note, codes: codesInNote(note) })),
      excludes2: own.excludes2.map((note) => ({ note, codes: codesInNote(note) })),
      inclusion: this.notes.get(code)?.inclusion ?? [],
      codeFirst: [...own.codeFirst],
      useAdditional: [...own.useAdditional],
    };
  }

  /** Like validate, but an unknown or malformed code is a NOT_FOUND / INVALID_INPUT error. */
  lookup(input: string): CodeDetails {
    const result = this.validate(input);
    if (result.valid) return result;
    if (result.reason === 'malformed') {
      throw new AppError('INVALID_INPUT', 'code is not shaped like an ICD-10-CM code', {
        issue: 'code-invalid',
        expression: ['code'],
      });
    }
    throw new AppError('NOT_FOUND', `code ${result.code} is not in ICD-10-CM ${this.info.version}`, {
      issue: 'code-invalid',
      expression: ['code'],
    });
  }

  /** The nearest existing ancestor: J44.1 → J44, S72.001A → S72.001 (or shorter where absent). */
  parentOf(code: string): string | undefined {
    const bare = code.replace('.', '');
    for (let n = bare.length - 1; n >= 3; n--) {
      const candidate = normalizeCode(bare.slice(0, n));
      if (candidate !== undefined && this.position.has(candidate)) return candidate;
    }
    return undefined;
  }

  /** Billable codes under a header, in tabular order. */
  billableDescendants(code: string, limit = 50): string[] {
    const i = this.position.get(code);
    if (i === undefined) return [];
    const out: string[] = [];
    for (let j = i + 1; j < (this.subtreeEnd[i] ?? 0) && out.length < limit; j++) {
      if (this.billable[j] === '1') out.push(this.codes[j] ?? '');
    }
    return out;
  }

  /** The child a header stands for when nothing more is known: its unspecified, initial-encounter code. */
  private defaultChildOf(codeIndex: number): number | undefined {
    if (this.defaultChild.has(codeIndex)) return this.defaultChild.get(codeIndex);
    let pick: number | undefined;
    for (let j = codeIndex + 1; j < (this.subtreeEnd[codeIndex] ?? 0); j++) {
      if (this.billable[j] !== '1') continue;
      pick ??= j;
      const title = this.long[j] ?? '';
      if (/unspecified/i.test(title) && !/subsequent|sequela/i.test(title)) {
        pick = j;
        break;
      }
    }
    this.defaultChild.set(codeIndex, pick);
    return pick;
  }

  /**
   * Excludes and sequencing notes apply to a code's descendants too (ICD-10-CM conventions, I.A.12).
   * Memoised per code: the release does not change once loaded, and document coding asks for every pair.
   */
  private inheritedNotes(code: string): InheritedNotes {
    const cached = this.inherited.get(code);
    if (cached) return cached;
    const out: InheritedNotes = {
      excludes1: [] as string[],
      excludes2: [] as string[],
      codeFirst: [] as string[],
      useAdditional: [] as string[],
    };
    for (let c: string | undefined = code; c !== undefined; c = this.parentOf(c)) {
      const n = this.notes.get(c);
      if (!n) continue;
      out.excludes1.push(...(n.excludes1 ?? []));
      out.excludes2.push(...(n.excludes2 ?? []));
      out.codeFirst.push(...(n.codeFirst ?? []));
      out.useAdditional.push(...(n.useAdditional ?? []));
    }
    this.inherited.set(code, out);
    return out;
  }

  /** Excludes1 notes of a code, its own and its ancestors' (I.A.12.a), with the codes each names. */
  excludes1(code: string): { note: string; codes: string[] }[] {
    return this.inheritedNotes(code).excludes1.map((note) => ({ note, codes: codesInNote(note) }));
  }

  /** Excludes2 notes of a code, its own and its ancestors' (I.A.12.b), with the codes each names. */
  excludes2(code: string): { note: string; codes: string[] }[] {
    return this.inheritedNotes(code).excludes2.map((note) => ({ note, codes: codesInNote(note) }));
  }

  /** "Code first" notes of a code and its ancestors (I.A.13: the underlying condition is sequenced first). */
  codeFirst(code: string): string[] {
    return [...this.inheritedNotes(code).codeFirst];
  }

  /** "Use additional code" notes of a code and its ancestors (I.A.13). */
  useAdditional(code: string): string[] {
    return [...this.inheritedNotes(code).useAdditional];
  }

  /** "Code also" notes of a code and its ancestors (I.A.17). */
  codeAlso(code: string): string[] {
    return this.collectUp(code, (n) => n.codeAlso);
  }

  /** "Includes" notes of a code and its ancestors (I.A.14). */
  includes(code: string): string[] {
    return this.collectUp(code, (n) => n.includes);
  }

  /** The code's own inclusion terms (I.A.11: other conditions classified to it). */
  inclusionTerms(code: string): string[] {
    return this.notes.get(code)?.inclusion ?? [];
  }

  /**
   * The 7th characters a code takes (I.B.2 / Tabular `<sevenChrDef>` of its nearest ancestor that has one);
   * where the Tabular was not imported, read off the release's own 7-character codes under it
   * ("…, initial encounter for closed fracture" → A). Empty when the code takes none.
   */
  seventhCharacters(code: string): SeventhCharacter[] {
    for (let c: string | undefined = code; c !== undefined; c = this.parentOf(c)) {
      const defined = this.notes.get(c)?.sevenChr;
      if (defined) return defined;
    }
    const i = this.position.get(code);
    if (i === undefined) return [];
    const out = new Map<string, string>();
    for (let j = i + 1; j < (this.subtreeEnd[i] ?? 0) && out.size < 26; j++) {
      const child = this.codes[j] ?? '';
      if (child.length !== 8 || this.billable[j] !== '1') continue;
      const char = child[7] ?? '';
      const meaning = /(?:initial|subsequent) encounter.*$|sequelae?$/i.exec(this.long[j] ?? '')?.[0];
      if (!out.has(char) && meaning !== undefined) out.set(char, meaning);
    }
    return [...out].map(([char, meaning]) => ({ char, meaning })).sort((a, b) => a.char.localeCompare(b.char));
  }

  /**
   * Completes an incomplete code ("H66.9", "S93.40-") for a text: its billable codes ranked by what the
   * text says (side, episode of care, the words of their titles), placeholder X included as the release
   * spells it. A billable code completes to itself.
   */
  completions(input: string, text: string, limit = 5): SearchHit[] {
    const code = normalizeCode(input.replace(/[-.]+$/, ''));
    const i = code === undefined ? undefined : this.position.get(code);
    if (code === undefined || i === undefined) {
      throw new AppError('INVALID_INPUT', 'code is not an ICD-10-CM code of this release', { expression: ['code'] });
    }
    const { clauses } = this.engine.searchClauses(text, this.codeFactor, 1);
    const all = new Set<number>();
    for (const c of clauses) for (const s of c) all.add(s);
    const context = new RankContext(this.engine, [all]);
    const features = new Float32Array(FEATURE_NAMES.length);
    const scored: { j: number; score: number }[] = [];
    const end = Math.min(this.subtreeEnd[i] ?? 0, i + 1 + MAX_CHILDREN_SCANNED);
    for (let j = this.billable[i] === '1' ? i : i + 1; j < end; j++) {
      if (this.billable[j] !== '1') continue;
      const term = this.engine.titleTermOf(j);
      context.features(
        { codeIndex: j, match: 0.5, kind: 'title', term, clause: 0, viaHeader: true, walk: 0 },
        this.rankView,
        features,
      );
      let sum = 0;
      for (let f = 0; f < features.length; f++) sum += (this.weights[f] ?? 0) * (features[f] ?? 0);
      scored.push({ j, score: Math.min(1, 0.5 * Math.exp(sum)) });
      if (this.billable[i] === '1') break;
    }
    scored.sort((a, b) => b.score - a.score || a.j - b.j);
    return scored.slice(0, Math.max(1, Math.min(limit, 200))).map(({ j, score }) => {
      const child = this.codes[j] ?? '';
      return {
        code: child,
        display: this.long[j] ?? '',
        billable: true,
        score: Math.round(score * 1000) / 1000,
        matched: [],
        spans: [],
        term: this.long[j] ?? '',
        source: 'title' as const,
        category: { code: child.slice(0, 3), display: this.display(child.slice(0, 3)) ?? '' },
      };
    });
  }

  private collectUp(code: string, pick: (n: CodeNotes) => string[] | undefined): string[] {
    const out: string[] = [];
    for (let c: string | undefined = code; c !== undefined; c = this.parentOf(c)) {
      const n = this.notes.get(c);
      if (n) out.push(...(pick(n) ?? []));
    }
    return out;
  }

  /** Codes that `code`'s Excludes1 notes (its own or inherited) exclude: exact codes and their descendants. */
  excludes1Conflict(code: string, other: string): boolean {
    const excluded = this.excludes1Prefixes(code);
    if (excluded.length === 0) return false;
    const bare = other.replace('.', '');
    return excluded.some((c) => bare.startsWith(c));
  }

  /** The codes `code`'s Excludes1 notes name, undotted: each excludes itself and its descendants. */
  excludes1Prefixes(code: string): readonly string[] {
    let excluded = this.excluded1.get(code);
    if (excluded === undefined) {
      const normal = normalizeCode(code);
      excluded =
        normal !== undefined && this.position.has(normal)
          ? this.inheritedNotes(normal).excludes1.flatMap((note) => codesInNote(note).map((c) => c.replace('.', '')))
          : [];
      this.excluded1.set(code, excluded);
    }
    return excluded;
  }

  /**
   * Ranked candidate codes for clinical text (a phrase or a whole note). The engine's matches are ranked by
   * features with the shipped weights (rank-features.ts); a matched header brings its children that the
   * text supports (side, episode of care, the words of their titles) and its default child along.
   */
  search(text: string, options: SearchOptions = {}): SearchHit[] {
    if (text.length > MAX_SEARCH_TEXT) {
      throw new AppError('TOO_LARGE', `text is longer than ${MAX_SEARCH_TEXT} characters`, { expression: ['text'] });
    }
    if (text.trim() === '') throw new AppError('INVALID_INPUT', 'text is empty', { expression: ['text'] });
    const limit = Math.max(1, Math.min(options.limit ?? 10, 200));
    const { matches, clauses } = this.engine.searchClauses(text, this.codeFactor, Math.max(limit * 3, RANK_POOL));
    const candidates = new Map<number, Candidate>();
    for (const m of matches) {
      candidates.set(m.codeIndex, {
        codeIndex: m.codeIndex,
        match: m.score,
        kind: m.kind,
        term: m.term,
        clause: m.clause,
        viaHeader: false,
        walk: 0,
        textIndex: m.textIndex,
        words: m.words,
        spans: m.spans,
      });
    }
    const context = new RankContext(this.engine, clauses);
    const headerPool: Candidate[] = [];
    for (const m of matches) {
      if (headerPool.length >= HEADER_POOL) break;
      const c = candidates.get(m.codeIndex);
      if (c && this.billable[m.codeIndex] !== '1') headerPool.push(c);
    }
    for (const c of this.walkCandidates(clauses, context)) {
      const present = candidates.get(c.codeIndex);
      if (present) present.walk = Math.max(present.walk, c.walk);
      else candidates.set(c.codeIndex, c);
      if (this.billable[c.codeIndex] !== '1' && !headerPool.includes(present ?? c)) headerPool.push(present ?? c);
    }
    for (const h of headerPool) {
      for (const j of this.supportedChildren(h.codeIndex, clauses[h.clause])) {
        const present = candidates.get(j);
        if (present && present.match >= h.match * 0.97) {
          present.walk = Math.max(present.walk, h.walk);
          continue;
        }
        // The header's term says what the text said; the child adds what its own title says.
        const walk = Math.max(present?.walk ?? 0, h.walk);
        candidates.set(j, { ...h, codeIndex: j, match: h.match * 0.97, viaHeader: true, walk });
      }
    }
    const weights = options.weights ?? this.weights;
    const features = new Float32Array(FEATURE_NAMES.length);
    const scored: { c: Candidate; raw: number; adjust: number; score: number }[] = [];
    // Per clause, the adjustment of its best candidate: scores are scaled so that each clause's best keeps
    // its match score (what the suggestion thresholds were set on), whatever else a long clause says.
    const reference = new Map<number, { raw: number; adjust: number }>();
    for (const c of candidates.values()) {
      context.features(c, this.rankView, features);
      let adjust = 0;
      for (let f = 0; f < features.length; f++) adjust += (weights[f] ?? 0) * (features[f] ?? 0);
      const raw = Math.log(Math.max(1e-6, c.match)) + adjust;
      const best = reference.get(c.clause);
      if (!best || raw > best.raw) reference.set(c.clause, { raw, adjust });
      scored.push({ c, raw, adjust, score: 0 });
    }
    for (const s of scored) {
      const scale = options.absolute ? 0 : (reference.get(s.c.clause)?.adjust ?? 0);
      s.score = Math.min(1, s.c.match * Math.exp(s.adjust - scale));
    }
    scored.sort((a, b) => b.score - a.score || b.raw - a.raw || a.c.codeIndex - b.c.codeIndex);
    const hits: SearchHit[] = [];
    for (const { c, score } of scored) {
      const billable = this.billable[c.codeIndex] === '1';
      if (options.billableOnly && !billable) continue;
      const code = this.codes[c.codeIndex] ?? '';
      const category = code.slice(0, 3);
      hits.push({
        code,
        display: this.long[c.codeIndex] ?? '',
        billable,
        score: Math.round(score * 1000) / 1000,
        matched: c.words,
        spans: c.spans,
        term: c.walkPath
          ? c.walkPath.join(', ')
          : c.textIndex >= 0
            ? (this.texts[c.textIndex] ?? '')
            : (this.long[c.codeIndex] ?? ''),
        source: c.kind,
        category: { code: category, display: this.display(category) ?? '' },
        // Explained hits are few: their features are computed again rather than kept for every candidate.
        ...(options.explain
          ? { features: explainFeatures(context.features(c, this.rankView, features), weights, c.match) }
          : {}),
      });
      if (hits.length >= limit) break;
    }
    return hits;
  }

  /**
   * Billable descendants of a header that the text supports best: those whose titles' words the clause says
   * (side, episode of care, kind), then the default (unspecified, initial encounter) child.
   */
  private supportedChildren(codeIndex: number, clause: Set<number> | undefined): number[] {
    const end = Math.min(this.subtreeEnd[codeIndex] ?? 0, codeIndex + 1 + MAX_CHILDREN_SCANNED);
    const said: { j: number; n: number }[] = [];
    const ownStems = new Set(this.engine.titleEssentialGroups(codeIndex).flat());
    const childStems = this.childStemsOf(codeIndex, end, ownStems);
    let any = false;
    if (clause) for (const s of clause) if (childStems.has(s)) any = true;
    for (let j = codeIndex + 1; j < end && any; j++) {
      if (this.billable[j] !== '1' || !clause) continue;
      let n = 0;
      for (const group of this.engine.titleEssentialGroups(j)) {
        if (group.some((s) => clause.has(s) && !ownStems.has(s))) n++;
      }
      if (n > 0) said.push({ j, n });
    }
    said.sort((a, b) => b.n - a.n || a.j - b.j);
    const out = said.slice(0, CHILDREN_PER_HEADER).map((s) => s.j);
    const fallback = this.defaultChildOf(codeIndex);
    if (fallback !== undefined && !out.includes(fallback)) out.push(fallback);
    return out;
  }

  /** Stems the billable children of a header say beyond its own title (memoised: a clause says none, mostly). */
  private childStemsOf(codeIndex: number, end: number, ownStems: ReadonlySet<number>): ReadonlySet<number> {
    let stems = this.childStems.get(codeIndex);
    if (stems === undefined) {
      const found = new Set<number>();
      for (let j = codeIndex + 1; j < end; j++) {
        if (this.billable[j] !== '1') continue;
        for (const group of this.engine.titleEssentialGroups(j))
          for (const s of group) if (!ownStems.has(s)) found.add(s);
      }
      this.childStems.set(codeIndex, found);
      stems = found;
    }
    return stems;
  }

  /** Where Index walks of the text's clauses land, as candidates (the first MAX_WALK_CLAUSES clauses). */
  private walkCandidates(clauses: Set<number>[], context: RankContext): Candidate[] {
    const tree = this.indexTree();
    if (!tree) return [];
    const out: Candidate[] = [];
    for (const [clause, stems] of clauses.slice(0, MAX_WALK_CLAUSES).entries()) {
      const content = context.contentSize(clause);
      if (content === 0) continue;
      for (const w of tree.walk(stems)) {
        const codeIndex = this.position.get(w.code);
        if (codeIndex === undefined) continue;
        const share = Math.min(1, w.matched / content);
        const previous = out.find((c) => c.codeIndex === codeIndex);
        if (previous) {
          previous.walk = Math.max(previous.walk, share);
          continue;
        }
        out.push({
          codeIndex,
          match: Math.max(0.2, share * share * 0.8),
          kind: 'index',
          term: this.engine.titleTermOf(codeIndex),
          clause,
          viaHeader: false,
          walk: share,
          textIndex: -1,
          words: [],
          spans: [],
          walkPath: w.via.length > 0 ? [...w.path, ...w.via] : w.path,
        });
      }
    }
    return out;
  }

  /** The Alphabetic Index tree, built on first use from the stored lists (absent without an index). */
  private indexTree(): IndexTree | undefined {
    if (this.tree === undefined && this.treeData) {
      this.tree = new IndexTree(this.treeData, (s) => this.engine.stemIdOf(s));
    }
    return this.tree;
  }

  /** Walks the Alphabetic Index for a text: where each main term it names leads (see index-tree.ts). */
  walkIndex(text: string): IndexWalk[] {
    const tree = this.indexTree();
    if (!tree) return [];
    const { clauses } = this.engine.searchClauses(text, this.codeFactor, 1);
    return clauses.flatMap((c) => tree.walk(c));
  }

  /** Terms pointing into each code's category (for the ranking prior), built on first use. */
  private categoryTermCounts(): Int32Array {
    if (!this.categoryTerms) {
      const counts = new Int32Array(this.codes.length);
      const categoryOf = new Int32Array(this.codes.length);
      for (let i = 0; i < this.codes.length; i++) {
        const category = this.position.get((this.codes[i] ?? '').slice(0, 3)) ?? i;
        categoryOf[i] = category;
        counts[category]! += this.engine.termsOfCode(i);
      }
      let max = 1;
      for (let i = 0; i < this.codes.length; i++) {
        const value = counts[categoryOf[i] ?? i] ?? 0;
        max = Math.max(max, value);
      }
      this.maxCategoryTerms = max;
      this.categoryTerms = Int32Array.from(categoryOf, (category) => counts[category] ?? 0);
    }
    return this.categoryTerms;
  }
}

/** A code's notes with its ancestors' (I.A.12). */
interface InheritedNotes {
  excludes1: string[];
  excludes2: string[];
  codeFirst: string[];
  useAdditional: string[];
}

/** A candidate code with what matched it. */
interface Candidate extends RankCandidate {
  textIndex: number;
  words: string[];
  spans: { start: number; end: number }[];
  /** The Index path a walk took to it. */
  walkPath?: string[];
}

/** A hit's features with their weights' contributions (log-scale), for `explain`. */
function explainFeatures(values: Float32Array, weights: Float32Array, match: number): HitFeatures {
  const out: HitFeatures = { match: Math.round(match * 1000) / 1000, values: {}, contributions: {} };
  FEATURE_NAMES.forEach((name, i) => {
    const v = values[i] ?? 0;
    out.values[name] = Math.round(v * 1000) / 1000;
    const contribution = (weights[i] ?? 0) * v;
    if (contribution !== 0) out.contributions[name] = Math.round(contribution * 1000) / 1000;
  });
  return out;
}

/** For codes in tabular order, where each code's subtree ends (codes sharing its characters as a prefix). */
function subtreeEnds(codes: readonly string[]): Int32Array {
  const ends = new Int32Array(codes.length);
  const stack: number[] = [];
  const bare = codes.map((c) => c.replace('.', ''));
  for (let i = 0; i < codes.length; i++) {
    const current = bare[i] ?? '';
    while (stack.length > 0 && !current.startsWith(bare[stack[stack.length - 1] ?? 0] ?? ''))
      ends[stack.pop() ?? 0] = i;
    stack.push(i);
  }
  for (const i of stack) ends[i] = codes.length;
  return ends;
}
