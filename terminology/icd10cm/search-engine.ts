import { TERM_KINDS, type TermKind } from './model.ts';
import { knownEnding } from './compound-words.ts';
import { analyzeText, saysNegation, splitClauses, wordStem, type AnalyzedToken } from './text-normalize.ts';

/** The best-matching term of one code. */
export interface CodeMatch {
  codeIndex: number;
  score: number;
  kind: TermKind;
  textIndex: number;
  /** The engine's term that matched (see `termStemIds`). */
  term: number;
  /** Which clause of the text it matched in (see `SearchResult.clauses`). */
  clause: number;
  /** Words of the query that matched the term. */
  words: string[];
  /** Where those words are in the query text (UTF-16 offsets, end exclusive), in text order. */
  spans: { start: number; end: number }[];
}

const NONE: readonly number[] = [];
/** `groupEssential` of a qualifier a term states as absent ("without status migrainosus"). */
const NEGATED_GROUP = 2;
/** What a term loses when the text says, without negating anything, what the term states as absent. */
const NEGATED_SAID = 0.4;
/** What a word counts for when the text says it only through a weak expansion (a site's region). */
export const WEAK_SHARE = 0.5;
/** Unknown words whose reading is remembered (a bounded cache: texts bring new words without end). */
const MAX_ENDINGS = 10_000;
/** Tokens rarer than this (document frequency) find candidates; commoner ones only add to them. */
const RARE_DF = 2500;
/** Least share of a term's essential weight a clause must cover. */
const MIN_COVERAGE = 0.34;
/** `stemMarks` bit of a stem the clause says only through a weak expansion. */
const WEAK_MARK = 4;
const KIND_FACTOR: Record<TermKind, number> = {
  title: 1,
  index: 1,
  inclusion: 0.97,
  'external-cause': 0.9,
  neoplasm: 0.97,
  drug: 0.95,
  'entry-term': 1,
};
const KIND_WEIGHTS = Float32Array.from(TERM_KINDS, (k) => KIND_FACTOR[k]);
const OPPOSITES: readonly (readonly [string, string])[] = [
  ['left', 'right'],
  ['right', 'left'],
  ['acut', 'chronic'],
  ['chronic', 'acut'],
  ['without', 'with'],
  ['with', 'without'],
  // A device's complication is mechanical (breakdown, displacement, leakage) or of another kind
  // (T82–T85: infection and inflammatory reaction, embolism, fibrosis, hemorrhage, pain, stenosis,
  // thrombosis): text naming another kind is not a mechanical complication.
  ...['infect', 'inflamm', 'inflammatori', 'embol', 'fibrosi', 'hemorrhag', 'pain', 'stenosi', 'thrombosi'].map(
    (kind) => [kind, 'mechan'] as const,
  ),
];

/**
 * An inverted index over analysed terms, built once at load from the packed form. Scoring is a
 * coverage model: how much of a term's essential (idf-weighted) words one clause of the query covers,
 * scaled by how much it matched, so "COPD with exacerbation" beats "COPD" for "copd exacerbation" and a
 * whole note is matched clause by clause.
 */
/**
 * The engine's memory layout, built once at import and stored in the index directory as is, so loading is
 * reading typed arrays, not rebuilding an index. Terms have groups of alternative stems; postings are in
 * CSR form: entries of stem s are postingData[postingStart[s] .. postingStart[s + 1]), each term << 5 | group.
 */
export interface EngineArrays {
  termCode: Int32Array;
  termKind: Uint8Array;
  termText: Int32Array;
  groupStart: Int32Array;
  groupCount: Uint8Array;
  groupEssential: Uint8Array;
  groupWeight: Float32Array;
  groupStemStart: Int32Array;
  groupStemCount: Uint8Array;
  stemData: Int32Array;
  essentialWeight: Float32Array;
  /** Per term: the bits of its required groups. */
  requiredMask: Uint32Array;
  postingStart: Int32Array;
  postingData: Int32Array;
  /** Per stem: how many terms hold it. */
  df: Int32Array;
}

/** Builds the engine arrays from packed analysed terms (see build-search-terms.ts `packTerms`). */
export function buildEngineArrays(vocabSize: number, packed: Int32Array): EngineArrays {
  let terms = 0;
  let groups = 0;
  let stems = 0;
  for (let p = 0; p < packed.length;) {
    const n = packed[p + 3] ?? 0;
    p += 4;
    for (let g = 0; g < n; g++) {
      const k = packed[p + 1] ?? 0;
      stems += k;
      p += 2 + k;
    }
    groups += n;
    terms++;
  }
  const a: EngineArrays = {
    termCode: new Int32Array(terms),
    termKind: new Uint8Array(terms),
    termText: new Int32Array(terms),
    groupStart: new Int32Array(terms),
    groupCount: new Uint8Array(terms),
    groupEssential: new Uint8Array(groups),
    groupWeight: new Float32Array(groups),
    groupStemStart: new Int32Array(groups),
    groupStemCount: new Uint8Array(groups),
    stemData: new Int32Array(stems),
    essentialWeight: new Float32Array(terms),
    requiredMask: new Uint32Array(terms),
    postingStart: new Int32Array(vocabSize + 1),
    postingData: new Int32Array(stems),
    df: new Int32Array(vocabSize),
  };
  const seenInTerm = new Int32Array(vocabSize).fill(-1);
  let g0 = 0;
  let s0 = 0;
  let t = 0;
  for (let p = 0; p < packed.length; t++) {
    a.termCode[t] = packed[p] ?? 0;
    a.termKind[t] = packed[p + 1] ?? 0;
    a.termText[t] = packed[p + 2] ?? -1;
    const n = packed[p + 3] ?? 0;
    a.groupStart[t] = g0;
    a.groupCount[t] = n;
    p += 4;
    for (let g = 0; g < n; g++, g0++) {
      const flags = packed[p] ?? 0;
      // 1 essential, 0 optional, NEGATED_GROUP a qualifier the term states as absent.
      a.groupEssential[g0] = (flags & 1) !== 0 ? 1 : (flags & 4) !== 0 ? NEGATED_GROUP : 0;
      if ((flags & 2) !== 0) a.requiredMask[t] = (a.requiredMask[t] ?? 0) | (1 << g);
      const k = packed[p + 1] ?? 0;
      a.groupStemStart[g0] = s0;
      a.groupStemCount[g0] = k;
      for (let j = 0; j < k; j++) {
        const stem = packed[p + 2 + j] ?? 0;
        a.stemData[s0++] = stem;
        if (seenInTerm[stem] !== t) {
          seenInTerm[stem] = t;
          a.df[stem] = (a.df[stem] ?? 0) + 1;
        }
      }
      p += 2 + k;
    }
  }
  const idf = Float32Array.from(a.df, (df) => Math.log(1 + terms / Math.max(1, df)));
  for (let i = 0; i < a.stemData.length; i++) a.postingStart[(a.stemData[i] ?? 0) + 1]!++;
  for (let v = 0; v < vocabSize; v++) a.postingStart[v + 1]! += a.postingStart[v] ?? 0;
  const fill = a.postingStart.slice(0, vocabSize);
  for (let term = 0; term < terms; term++) {
    const start = a.groupStart[term] ?? 0;
    let essential = 0;
    for (let g = 0; g < (a.groupCount[term] ?? 0); g++) {
      const gi = start + g;
      const from = a.groupStemStart[gi] ?? 0;
      let weight = 0;
      for (let j = 0; j < (a.groupStemCount[gi] ?? 0); j++) {
        const stem = a.stemData[from + j] ?? 0;
        a.postingData[fill[stem]!++] = (term << 5) | g;
        weight = Math.max(weight, idf[stem] ?? 0);
      }
      a.groupWeight[gi] = weight;
      if (a.groupEssential[gi] === 1) essential += weight;
    }
    a.essentialWeight[term] = essential;
  }
  return a;
}

/** Matches and, per clause of the text, the stem ids it holds (for ranking features). */
export interface SearchResult {
  matches: CodeMatch[];
  clauses: Set<number>[];
}

export class SearchEngine {
  private readonly a: EngineArrays;
  private readonly termCount: number;
  private readonly stemId: Map<string, number>;
  private readonly matchBits: Uint32Array;
  private readonly bestScore: Float32Array;
  private readonly bestTerm: Int32Array;
  private readonly bestMask: Uint32Array;
  private readonly bestClause: Int32Array;
  private readonly idfs: Float32Array;
  private readonly stemMarks: Uint8Array;
  private titleTerms: Int32Array | undefined;
  private termsPerCode: Int32Array | undefined;

  private readonly expansions = new Map<number, number[]>();
  private readonly weakExpansions = new Map<number, number[]>();
  private readonly endings = new Map<string, number | undefined>();

  /**
   * An engine over arrays built at import (`buildEngineArrays`) and loaded from the index directory;
   * `expansions` ("from to" stem pairs learned at import) make text saying one stem also look for the other;
   * `weak` ones too, but a word found only through them counts WEAK_SHARE of its weight (a site's region:
   * "pituitary" looks for "endocrine gland", yet a title naming the site itself stays the better match).
   */
  constructor(
    vocab: readonly string[],
    arrays: EngineArrays,
    expansions: readonly string[] = [],
    weak: readonly string[] = [],
  ) {
    this.a = arrays;
    this.stemId = new Map(vocab.map((v, i) => [v, i]));
    this.termCount = arrays.termCode.length;
    this.matchBits = new Uint32Array(this.termCount);
    let maxCode = -1;
    for (let t = 0; t < this.termCount; t++) maxCode = Math.max(maxCode, arrays.termCode[t] ?? 0);
    this.bestScore = new Float32Array(maxCode + 1);
    this.bestTerm = new Int32Array(maxCode + 1);
    this.bestMask = new Uint32Array(maxCode + 1);
    this.bestClause = new Int32Array(maxCode + 1);
    this.stemMarks = new Uint8Array(arrays.df.length);
    this.idfs = Float32Array.from(arrays.df, (df) => Math.log(1 + this.termCount / Math.max(1, df)));
    for (const [pairs, map] of [
      [expansions, this.expansions],
      [weak, this.weakExpansions],
    ] as const) {
      for (const pair of pairs) {
        const [from, to] = pair.split(' ').map((s) => this.stemId.get(s));
        if (from === undefined || to === undefined) continue;
        const list = map.get(from) ?? [];
        list.push(to);
        map.set(from, list);
      }
    }
  }

  /** Stems that text saying `stem` looks for at WEAK_SHARE of their weight (see the constructor). */
  weakExpansionsOf(stem: number): readonly number[] {
    return this.weakExpansions.get(stem) ?? NONE;
  }

  /** The id of an analysed stem, if any term holds it. */
  stemIdOf(stem: string): number | undefined {
    return this.stemId.get(stem);
  }

  /** Stems that text saying `stem` also looks for (learned, morphological and implied expansions). */
  expansionsOf(stem: number): readonly number[] {
    return this.expansions.get(stem) ?? NONE;
  }

  /** Inverse document frequency of a stem over all terms. */
  idf(stem: number): number {
    return this.idfs[stem] ?? 0;
  }

  /** Stem ids of a term (`essentialOnly`: leave out nonessential and generic words). */
  termStemIds(term: number, essentialOnly: boolean): number[] {
    const out: number[] = [];
    const start = this.a.groupStart[term] ?? 0;
    for (let g = 0; g < (this.a.groupCount[term] ?? 0); g++) {
      const gi = start + g;
      if (essentialOnly && this.a.groupEssential[gi] !== 1) continue;
      const from = this.a.groupStemStart[gi] ?? 0;
      for (let j = 0; j < (this.a.groupStemCount[gi] ?? 0); j++) out.push(this.a.stemData[from + j] ?? 0);
    }
    return out;
  }

  /** Stem ids of one essential group each: a term's alternatives ("Ulcer, ulcerated") are one group. */
  termEssentialGroups(term: number): number[][] {
    const out: number[][] = [];
    const start = this.a.groupStart[term] ?? 0;
    for (let g = 0; g < (this.a.groupCount[term] ?? 0); g++) {
      const gi = start + g;
      if (this.a.groupEssential[gi] !== 1) continue;
      const from = this.a.groupStemStart[gi] ?? 0;
      out.push(Array.from(this.a.stemData.subarray(from, from + (this.a.groupStemCount[gi] ?? 0))));
    }
    return out;
  }

  private readonly titleGroups = new Map<number, number[][]>();

  /** The essential groups of a code's title (cached: ranking reads them for every candidate). */
  titleEssentialGroups(codeIndex: number): number[][] {
    let groups = this.titleGroups.get(codeIndex);
    if (groups === undefined) {
      const term = this.titleTermOf(codeIndex);
      groups = term >= 0 ? this.termEssentialGroups(term) : [];
      this.titleGroups.set(codeIndex, groups);
    }
    return groups;
  }

  private readonly titleNegated = new Map<number, number[]>();

  /** Stems of the qualifiers a code's title states as absent ("without complications"), cached. */
  titleNegatedStems(codeIndex: number): number[] {
    let stems = this.titleNegated.get(codeIndex);
    if (stems === undefined) {
      stems = [];
      const term = this.titleTermOf(codeIndex);
      const start = term >= 0 ? (this.a.groupStart[term] ?? 0) : 0;
      for (let g = 0; term >= 0 && g < (this.a.groupCount[term] ?? 0); g++) {
        const gi = start + g;
        if (this.a.groupEssential[gi] !== NEGATED_GROUP) continue;
        const from = this.a.groupStemStart[gi] ?? 0;
        for (let j = 0; j < (this.a.groupStemCount[gi] ?? 0); j++) stems.push(this.a.stemData[from + j] ?? 0);
      }
      this.titleNegated.set(codeIndex, stems);
    }
    return stems;
  }

  /** The term of a code's own title, or -1 (built on first use). */
  titleTermOf(codeIndex: number): number {
    if (!this.titleTerms) {
      this.titleTerms = new Int32Array(this.bestScore.length).fill(-1);
      for (let t = 0; t < this.termCount; t++) {
        if ((this.a.termText[t] ?? 0) === -1) this.titleTerms[this.a.termCode[t] ?? 0] = t;
      }
    }
    return this.titleTerms[codeIndex] ?? -1;
  }

  /** How many terms (titles, inclusion and index terms) point at a code (built on first use). */
  termsOfCode(codeIndex: number): number {
    if (!this.termsPerCode) {
      this.termsPerCode = new Int32Array(this.bestScore.length);
      for (let t = 0; t < this.termCount; t++) this.termsPerCode[this.a.termCode[t] ?? 0]!++;
    }
    return this.termsPerCode[codeIndex] ?? 0;
  }

  get size(): number {
    return this.termCount;
  }

  /**
   * The best term of each code for the text, clause by clause, each code's score multiplied by its factor
   * (the caller's preferences: billable over header, unspecified over "other"); the top `limit` codes.
   */
  search(text: string, codeFactor: Float32Array, limit: number): CodeMatch[] {
    return this.searchClauses(text, codeFactor, limit).matches;
  }

  /** Like `search`, with the stem ids of each clause. */
  searchClauses(text: string, codeFactor: Float32Array, limit: number): SearchResult {
    const tokens = analyzeText(text);
    if (tokens.length === 0) return { matches: [], clauses: [] };
    const clauseWords: Map<number, AnalyzedToken>[] = [];
    const clauseStems: Set<number>[] = [];
    const touchedCodes: number[] = [];
    let ti = 0;
    for (const clause of splitClauses(text)) {
      const clauseTokens: AnalyzedToken[] = [];
      while (ti < tokens.length && (tokens[ti]?.start ?? 0) < clause.end) {
        const token = tokens[ti++];
        if (token && token.start >= clause.start) clauseTokens.push(token);
      }
      if (clauseTokens.length === 0) continue;
      const words = new Map<number, AnalyzedToken>();
      for (const token of clauseTokens) {
        const id = this.stemId.get(token.stem) ?? this.unknownWord(token);
        if (id !== undefined && !words.has(id)) words.set(id, token);
      }
      if (words.size === 0) continue;
      clauseStems.push(new Set(words.keys()));
      const said = [...words];
      for (const [id, token] of said) {
        for (const to of this.expansions.get(id) ?? []) if (!words.has(to)) words.set(to, token);
      }
      const weak: number[] = [];
      for (const [id, token] of said) {
        for (const to of this.weakExpansions.get(id) ?? []) {
          if (words.has(to)) continue;
          words.set(to, token);
          weak.push(to);
        }
      }
      clauseWords.push(words);
      const negates = saysNegation(text.slice(clause.start, clause.end));
      this.matchClause(clauseTokens, words, clauseWords.length - 1, codeFactor, touchedCodes, negates, weak);
    }
    const out: CodeMatch[] = [];
    for (const code of topCodes(touchedCodes, this.bestScore, limit)) {
      const term = this.bestTerm[code] ?? 0;
      const matched = this.tokensOf(term, this.bestMask[code] ?? 0, clauseWords[this.bestClause[code] ?? 0]);
      out.push({
        codeIndex: code,
        score: this.bestScore[code] ?? 0,
        kind: TERM_KINDS[this.a.termKind[term] ?? 0] ?? 'title',
        textIndex: this.a.termText[term] ?? -1,
        term,
        clause: this.bestClause[code] ?? 0,
        words: [...new Set(matched.map((t) => t.word))],
        spans: [...new Map(matched.map((t) => [t.start, { start: t.start, end: t.end }])).values()].sort(
          (a, b) => a.start - b.start,
        ),
      });
    }
    for (const code of touchedCodes) this.bestScore[code] = 0;
    return { matches: out, clauses: clauseStems };
  }

  /** An unknown word's known ending (see compound-words.ts `knownEnding`), memoised per word. */
  private unknownWord(token: AnalyzedToken): number | undefined {
    const word = token.word.toLowerCase();
    if (this.endings.has(word)) return this.endings.get(word);
    const id = knownEnding(word, (w) => {
      const stem = wordStem(w);
      return stem === undefined ? undefined : this.stemId.get(stem);
    });
    if (this.endings.size < MAX_ENDINGS) this.endings.set(word, id);
    return id;
  }

  /** WEAK_SHARE when a matched group's stems are said only through weak expansions, else 1. */
  private share(group: number, words: Map<number, AnalyzedToken>): number {
    const from = this.a.groupStemStart[group] ?? 0;
    for (let j = 0; j < (this.a.groupStemCount[group] ?? 0); j++) {
      const stem = this.a.stemData[from + j] ?? 0;
      if (words.has(stem) && ((this.stemMarks[stem] ?? 0) & WEAK_MARK) === 0) return 1;
    }
    return WEAK_SHARE;
  }

  private tokensOf(term: number, mask: number, words: Map<number, AnalyzedToken> | undefined): AnalyzedToken[] {
    const out: AnalyzedToken[] = [];
    if (!words) return out;
    const start = this.a.groupStart[term] ?? 0;
    for (let g = 0; g < (this.a.groupCount[term] ?? 0); g++) {
      if ((mask & (1 << g)) === 0) continue;
      const from = this.a.groupStemStart[start + g] ?? 0;
      for (let j = 0; j < (this.a.groupStemCount[start + g] ?? 0); j++) {
        const token = words.get(this.a.stemData[from + j] ?? -1);
        if (token !== undefined && !out.includes(token)) out.push(token);
      }
    }
    return out;
  }

  private matchClause(
    tokens: readonly AnalyzedToken[],
    words: Map<number, AnalyzedToken>,
    clause: number,
    codeFactor: Float32Array,
    touchedCodes: number[],
    negates: boolean,
    weak: readonly number[],
  ): void {
    const present = new Set<string>();
    for (const token of tokens) present.add(token.stem);
    // Candidates come from the rare words (and always the rarest); common words only add to them.
    const ids = [...words.keys()].sort((a, b) => (this.a.df[a] ?? 0) - (this.a.df[b] ?? 0));
    // Marks, per stem id, the clause's common words (1), the opposites of its words (2) and the words it says
    // only through weak expansions (4); cleared below. Weak words, like common ones, only add to candidates.
    const marks = this.stemMarks;
    for (const id of weak) marks[id] = WEAK_MARK;
    const strong = weak.length > 0 ? ids.filter((id) => marks[id] !== WEAK_MARK) : ids;
    const seeds = strong.filter((id, i) => i === 0 || (this.a.df[id] ?? 0) <= RARE_DF);
    const common = weak.length > 0 ? [...strong.slice(seeds.length), ...weak] : strong.slice(seeds.length);
    for (const id of common) marks[id] = (marks[id] ?? 0) | 1;
    const touched: number[] = [];
    const bits = this.matchBits;
    for (const id of seeds) {
      const end = this.a.postingStart[id + 1] ?? 0;
      for (let i = this.a.postingStart[id] ?? 0; i < end; i++) {
        const entry = this.a.postingData[i] ?? 0;
        const term = entry >>> 5;
        if (bits[term] === 0) touched.push(term);
        bits[term] = (bits[term] ?? 0) | (1 << (entry & 31));
      }
    }
    const opposites: number[] = [];
    for (const [mine, other] of OPPOSITES) {
      const otherId = this.stemId.get(other);
      if (present.has(mine) && !present.has(other) && otherId !== undefined) {
        opposites.push(otherId);
        marks[otherId] = (marks[otherId] ?? 0) | 2;
      }
    }
    // "with" is optional in terms; it still counts against a term when the text says "without".
    const withId = this.stemId.get('with');
    for (const term of touched) {
      let mask = bits[term] ?? 0;
      bits[term] = 0;
      const start = this.a.groupStart[term] ?? 0;
      const count = this.a.groupCount[term] ?? 0;
      let matchedEssential = 0;
      let matchedOptional = 0;
      let penalty = 1;
      for (let g = 0; g < count; g++) {
        const gi = start + g;
        const from = this.a.groupStemStart[gi] ?? 0;
        const k = this.a.groupStemCount[gi] ?? 0;
        if ((mask & (1 << g)) === 0 && common.length > 0) {
          for (let j = 0; j < k; j++) if (((marks[this.a.stemData[from + j] ?? 0] ?? 0) & 1) !== 0) mask |= 1 << g;
        }
        const kind = this.a.groupEssential[gi] ?? 0;
        const essential = kind === 1;
        if ((mask & (1 << g)) !== 0) {
          if (essential)
            matchedEssential += (this.a.groupWeight[gi] ?? 0) * (weak.length > 0 ? this.share(gi, words) : 1);
          else if (kind !== NEGATED_GROUP) matchedOptional += this.a.groupWeight[gi] ?? 0;
          // "migraine without aura" says what "Migraine without aura" states as absent; "with aura" does not.
          else if (negates) matchedOptional += 4 * (this.a.groupWeight[gi] ?? 0);
          else penalty *= NEGATED_SAID;
        } else if (opposites.length > 0) {
          for (let j = 0; j < k; j++) {
            const stem = this.a.stemData[from + j] ?? -1;
            if (((marks[stem] ?? 0) & 2) !== 0 && (essential || stem === withId)) penalty *= 0.55;
          }
        }
      }
      const total = this.a.essentialWeight[term] ?? 0;
      const required = this.a.requiredMask[term] ?? 0;
      if (total <= 0 || (mask & required) !== required) continue;
      const coverage = matchedEssential / total;
      if (coverage < MIN_COVERAGE) continue;
      const code = this.a.termCode[term] ?? 0;
      const mass = matchedEssential + 0.25 * matchedOptional;
      const score =
        coverage *
        coverage *
        (mass / (mass + 3)) *
        (KIND_WEIGHTS[this.a.termKind[term] ?? 0] ?? 1) *
        penalty *
        (codeFactor[code] ?? 1);
      const previous = this.bestScore[code] ?? 0;
      if (score <= previous) continue;
      if (previous === 0) touchedCodes.push(code);
      this.bestScore[code] = score;
      this.bestTerm[code] = term;
      this.bestMask[code] = mask;
      this.bestClause[code] = clause;
    }
    for (const id of common) marks[id] = 0;
    for (const id of opposites) marks[id] = 0;
    for (const id of weak) marks[id] = 0;
  }
}

/**
 * The first `limit` codes by score (ties by code index), best first: a bounded heap, not a sort of every
 * code a text touched (a note searched sentence by sentence touches thousands per sentence).
 */
function topCodes(codes: readonly number[], score: Float32Array, limit: number): number[] {
  // `a` ranks after `b`: the heap keeps the one ranking last at its root.
  const after = (a: number, b: number): boolean => {
    const sa = score[a] ?? 0;
    const sb = score[b] ?? 0;
    return sa < sb || (sa === sb && a > b);
  };
  const heap: number[] = [];
  const swap = (i: number, j: number): void => {
    const t = heap[i] ?? 0;
    heap[i] = heap[j] ?? 0;
    heap[j] = t;
  };
  for (const code of codes) {
    if (heap.length < limit) {
      heap.push(code);
      for (let i = heap.length - 1; i > 0;) {
        const parent = (i - 1) >> 1;
        if (!after(heap[i] ?? 0, heap[parent] ?? 0)) break;
        swap(i, parent);
        i = parent;
      }
    } else if (heap.length > 0 && after(heap[0] ?? 0, code)) {
      heap[0] = code;
      for (let i = 0; ;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let worst = i;
        if (l < heap.length && after(heap[l] ?? 0, heap[worst] ?? 0)) worst = l;
        if (r < heap.length && after(heap[r] ?? 0, heap[worst] ?? 0)) worst = r;
        if (worst === i) break;
        swap(i, worst);
        i = worst;
      }
    }
  }
  return heap.sort((a, b) => (score[b] ?? 0) - (score[a] ?? 0) || a - b);
}
