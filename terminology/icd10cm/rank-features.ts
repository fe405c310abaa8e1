import type { TermKind } from './model.ts';
import { WEAK_SHARE, type SearchEngine } from './search-engine.ts';
import { GENERIC_TERM_WORDS } from './text-normalize.ts';

/**
 * What places a candidate code: each feature is about 0 for a neutral candidate; candidates are ranked by
 * their match score times exp(Σ weight × feature). The weights are fitted on the Alphabetic Index (see
 * ranking-weights.json).
 */
export const FEATURE_NAMES = [
  /** log of the engine's match score (how much of the term the text covers). */
  'logMatch',
  /** idf-weighted share of the clause's words that neither the matched term nor the code's title hold. */
  'textUncovered',
  /**
   * idf-weighted share of the title's essential words the text does not say (unsupported specificity); 0
   * for a code an Index term names itself (the Index maps its wording to the code: "Dyslipidemia" → E78.5
   * "Hyperlipidemia, unspecified" is no unsupported specificity), not for the children a header brings.
   */
  'titleUnsupported',
  /** A header code (needs more characters). */
  'header',
  /** The text names a side and the title names another. */
  'sideConflict',
  /** The text names no side and the title does. */
  'sideUnasked',
  /** The text names a side and the title leaves it unspecified. */
  'sideUnspecified',
  /**
   * Subsequent encounter or sequela that the text does not mention, or an open fracture it does not call
   * open (a fracture not stated as open is closed: Official Guidelines I.C.19.c.1).
   */
  'laterEpisode',
  /** An "Other …" / "other specified" title. */
  'otherTitle',
  /** Characters beyond the category, 0..1. */
  'depth',
  /** How many terms point at the code's category, log-scaled 0..1 (a chapter and category prior). */
  'prior',
  /** The match came through an index term. */
  'viaIndex',
  /** The match came through the external cause index or the neoplasm or drug table. */
  'viaTable',
  /** The code came in as the completion of a matched header. */
  'viaHeader',
  /** Essential words of the title matched, 0..1 (whole title said). */
  'titleCovered',
  /** An Index walk landed on the code (or on the header it completes): share of the text's words it used. */
  'indexWalk',
] as const;
export type FeatureName = (typeof FEATURE_NAMES)[number];

/** A candidate before ranking. */
export interface RankCandidate {
  codeIndex: number;
  match: number;
  kind: TermKind;
  term: number;
  clause: number;
  viaHeader: boolean;
  /** Share of the clause's words an Index walk to this code used (0 when no walk landed here). */
  walk: number;
}

/** The code-set facts the features read (a view of the Terminology). */
export interface RankCodeSet {
  code(i: number): string;
  title(i: number): string;
  billable(i: number): boolean;
  /** Terms pointing into the code's category (for the prior). */
  categoryTerms(i: number): number;
  maxCategoryTerms: number;
  /** `titleFacts` of the code's title (a view may memoise them: ranking reads them for every candidate). */
  facts?(i: number): number;
}

type Side = 'left' | 'right' | 'bilateral' | 'unspecified' | 'none';

const SIDE_WORDS = /\b(left|right|bilateral)\b/i;
const UNSPECIFIED_SIDE =
  /\bunspecified (?:side|eye|ear|limb|arm|leg|hand|foot|knee|hip|shoulder|elbow|wrist|ankle|upper|lower|thigh|forearm|finger|toe|breast|kidney|lung|ovary|fallopian|tube|testis|eyelid|orbit|femur|tibia|fibula|humerus|radius|ulna|great|lesser|thumb)\b/i;

/** The side a title names: "left", "right", "bilateral", an "unspecified" side, or none. */
export function sideOfTitle(title: string): Side {
  const m = SIDE_WORDS.exec(title);
  if (m) return (m[1] ?? '').toLowerCase() as Side;
  return UNSPECIFIED_SIDE.test(title) ? 'unspecified' : 'none';
}

const NO_STEMS: readonly number[] = [];
const SIDES: readonly Side[] = ['none', 'left', 'right', 'bilateral', 'unspecified'];
const LATER_FACT = 8;
const OPEN_FACT = 32;
const OTHER_FACT = 16;

/** What ranking reads off a title, as bits: its side (0–4), a later episode (8), an "Other …" title (16), an open fracture (32). */
export function titleFacts(title: string): number {
  return (
    SIDES.indexOf(sideOfTitle(title)) |
    (/subsequent encounter|sequela/i.test(title) ? LATER_FACT : 0) |
    (/\bencounter for open fracture\b/i.test(title) ? OPEN_FACT : 0) |
    (/^other\b|\bother specified\b/i.test(title) ? OTHER_FACT : 0)
  );
}

/** Per-search facts of the text: its clauses' stems and the side each names. */
export class RankContext {
  private readonly sides: ('left' | 'right' | 'bilateral' | undefined)[];
  private readonly laterEpisode: boolean[];
  private readonly openSaid: boolean[];
  private readonly negates: boolean[];
  private readonly generic: Set<number>;
  /** Per clause: its stems and what they expand to (a title word said in another form is said). */
  private readonly expanded: Set<number>[];
  /** Per clause: what its stems weakly expand to (a site's region words), not said otherwise. */
  private readonly weaklyExpanded: Set<number>[];

  constructor(
    private readonly engine: SearchEngine,
    readonly clauses: Set<number>[],
  ) {
    const id = (s: string): number => engine.stemIdOf(s) ?? -1;
    const left = id('left');
    const right = id('right');
    const bilateral = id('bilater');
    const later = [id('subsequ'), id('sequela'), id('sequelae')];
    // Negation words say what a title states as absent (its negated qualifiers): no content of their own.
    this.generic = new Set([...GENERIC_TERM_WORDS, 'without'].map(id));
    this.sides = clauses.map((c) =>
      c.has(bilateral) || (c.has(left) && c.has(right))
        ? 'bilateral'
        : c.has(left)
          ? 'left'
          : c.has(right)
            ? 'right'
            : undefined,
    );
    this.laterEpisode = clauses.map((c) => later.some((s) => c.has(s)));
    const without = id('without');
    this.negates = clauses.map((c) => c.has(without));
    const open = id('open');
    this.openSaid = clauses.map((c) => c.has(open));
    this.expanded = clauses.map((c) => {
      const out = new Set(c);
      for (const s of c) for (const x of engine.expansionsOf(s)) out.add(x);
      return out;
    });
    this.weaklyExpanded = clauses.map((c, i) => {
      const out = new Set<number>();
      for (const s of c) for (const x of engine.weakExpansionsOf(s)) if (!this.expanded[i]?.has(x)) out.add(x);
      return out;
    });
  }

  /** How many content words (not generic ones) a clause holds. */
  contentSize(clause: number): number {
    let n = 0;
    for (const s of this.clauses[clause] ?? []) if (!this.generic.has(s)) n++;
    return n;
  }

  /** The feature vector of a candidate, in FEATURE_NAMES order. */
  features(c: RankCandidate, codes: RankCodeSet, out: Float32Array): Float32Array {
    const engine = this.engine;
    const clause = this.clauses[c.clause] ?? new Set<number>();
    const titleGroups = engine.titleEssentialGroups(c.codeIndex);
    const saidStems = this.expanded[c.clause] ?? clause;
    // "without complications" is covered by a title stating complications as absent, when the text negates.
    const absent = this.negates[c.clause] ? engine.titleNegatedStems(c.codeIndex) : NO_STEMS;
    const termStems = c.term >= 0 ? engine.termStemIds(c.term, false) : [];
    let textTotal = 0;
    let textCovered = 0;
    const covers = (x: number): boolean =>
      termStems.includes(x) || titleGroups.some((g) => g.includes(x)) || absent.includes(x);
    for (const s of clause) {
      if (this.generic.has(s)) continue;
      const w = engine.idf(s);
      textTotal += w;
      if (covers(s) || engine.expansionsOf(s).some(covers)) textCovered += w;
      else if (engine.weakExpansionsOf(s).some(covers)) textCovered += WEAK_SHARE * w;
    }
    const weakly = this.weaklyExpanded[c.clause];
    let titleTotal = 0;
    let titleSaid = 0;
    for (const g of titleGroups) {
      let w = 0;
      let said = 0;
      for (const s of g) {
        w = Math.max(w, engine.idf(s));
        if (saidStems.has(s) || termStems.includes(s)) said = 1;
        else if (weakly?.has(s)) said = Math.max(said, WEAK_SHARE);
      }
      titleTotal += w;
      titleSaid += said * w;
    }
    const code = codes.code(c.codeIndex);
    const facts = codes.facts ? codes.facts(c.codeIndex) : titleFacts(codes.title(c.codeIndex));
    const side = SIDES[facts & 7] ?? 'none';
    const textSide = this.sides[c.clause];
    const later =
      ((facts & LATER_FACT) !== 0 && !this.laterEpisode[c.clause]) ||
      ((facts & OPEN_FACT) !== 0 && !this.openSaid[c.clause]);
    const length = code.replace('.', '').length;
    out[0] = Math.log(Math.max(1e-4, c.match));
    out[1] = textTotal > 0 ? 1 - textCovered / textTotal : 0;
    const namedByIndex = (c.kind === 'index' || c.kind === 'entry-term') && !c.viaHeader;
    out[2] = titleTotal > 0 && !namedByIndex ? 1 - titleSaid / titleTotal : 0;
    out[3] = codes.billable(c.codeIndex) ? 0 : 1;
    out[4] =
      textSide !== undefined && (side === 'left' || side === 'right' || side === 'bilateral') && side !== textSide
        ? 1
        : 0;
    out[5] = textSide === undefined && (side === 'left' || side === 'right' || side === 'bilateral') ? 1 : 0;
    out[6] = textSide !== undefined && side === 'unspecified' ? 1 : 0;
    out[7] = later ? 1 : 0;
    out[8] = (facts & OTHER_FACT) !== 0 ? 1 : 0;
    out[9] = (length - 3) / 4;
    out[10] = Math.log(1 + codes.categoryTerms(c.codeIndex)) / Math.log(1 + Math.max(1, codes.maxCategoryTerms));
    out[11] = c.kind === 'index' || c.kind === 'entry-term' ? 1 : 0;
    out[12] = c.kind === 'external-cause' || c.kind === 'drug' || c.kind === 'neoplasm' ? 1 : 0;
    out[13] = c.viaHeader ? 1 : 0;
    out[14] = titleTotal > 0 ? titleSaid / titleTotal : 0;
    out[15] = c.walk;
    return out;
  }
}
