import { AppError } from '../../server/errors/app-error.ts';
import { chapterOf } from './chapters.ts';
import { ICD10CM_SYSTEM, normalizeCode } from './code-format.ts';
import { codesInNote } from './import-tabular.ts';
import type { LoadedIndex } from './index-file.ts';
import type { CodeNotes, TermKind } from './model.ts';
import { SearchEngine, type CodeMatch } from './search-engine.ts';

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
}

export interface SearchOptions {
  limit?: number;
  /** Leave header codes out (they are otherwise shown, after billable ones of similar score). */
  billableOnly?: boolean;
}

/** Largest text `search` accepts, in characters: a long discharge summary fits; a whole chart does not. */
export const MAX_SEARCH_TEXT = 100_000;
const HEADER_FACTOR = 0.9;
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

  constructor(index: LoadedIndex, source: string, loadStarted: number) {
    this.codes = index.data.codes;
    this.billable = index.data.billable;
    this.short = index.data.short;
    this.long = index.data.long;
    this.notes = index.notes;
    this.texts = index.data.texts;
    this.position = new Map(this.codes.map((c, i) => [c, i]));
    this.engine = new SearchEngine(index.data.vocab, index.engine);
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
      codeFirst: own.codeFirst,
      useAdditional: own.useAdditional,
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

  /** Excludes and sequencing notes apply to a code's descendants too (ICD-10-CM conventions, I.A.12). */
  private inheritedNotes(code: string): {
    excludes1: string[];
    excludes2: string[];
    codeFirst: string[];
    useAdditional: string[];
  } {
    const out = {
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
    return out;
  }

  /** Codes that `code`'s Excludes1 notes (its own or inherited) exclude: exact codes and their descendants. */
  excludes1Conflict(code: string, other: string): boolean {
    const details = this.validate(code);
    if (!details.valid) return false;
    const bare = other.replace('.', '');
    return details.excludes1.some((e) => e.codes.some((c) => bare.startsWith(c.replace('.', ''))));
  }

  /**
   * Ranked candidate codes for clinical text (a phrase or a whole note). Billable codes come first among
   * equals; a matched header brings its best billable child along and names its category.
   */
  search(text: string, options: SearchOptions = {}): SearchHit[] {
    if (text.length > MAX_SEARCH_TEXT) {
      throw new AppError('TOO_LARGE', `text is longer than ${MAX_SEARCH_TEXT} characters`, { expression: ['text'] });
    }
    if (text.trim() === '') throw new AppError('INVALID_INPUT', 'text is empty', { expression: ['text'] });
    const limit = Math.max(1, Math.min(options.limit ?? 10, 200));
    const best = new Map<number, Omit<CodeMatch, 'codeIndex'>>();
    for (const m of this.engine.search(text, this.codeFactor, limit * 3)) best.set(m.codeIndex, m);
    const byScore = (a: [number, { score: number }], b: [number, { score: number }]): number =>
      b[1].score - a[1].score || a[0] - b[0];
    let ranked = [...best].sort(byScore);
    // A header among the top stands for its children: bring the best-matching (or the unspecified,
    // initial-encounter) billable child along.
    let added = false;
    for (const [codeIndex, hit] of ranked.slice(0, limit * 2)) {
      if (this.billable[codeIndex] === '1') continue;
      let childMatched = false;
      for (let j = codeIndex + 1; j < (this.subtreeEnd[codeIndex] ?? 0) && !childMatched; j++)
        childMatched = best.has(j);
      if (childMatched) continue;
      const pick = this.defaultChildOf(codeIndex);
      if (pick !== undefined) {
        best.set(pick, { ...hit, score: hit.score * 0.97 });
        added = true;
      }
    }
    if (added) ranked = [...best].sort(byScore);
    const hits: SearchHit[] = [];
    for (const [codeIndex, hit] of ranked) {
      const billable = this.billable[codeIndex] === '1';
      if (options.billableOnly && !billable) continue;
      const code = this.codes[codeIndex] ?? '';
      const category = code.slice(0, 3);
      hits.push({
        code,
        display: this.long[codeIndex] ?? '',
        billable,
        score: Math.round(hit.score * 1000) / 1000,
        matched: hit.words,
        spans: hit.spans,
        term: hit.textIndex >= 0 ? (this.texts[hit.textIndex] ?? '') : (this.long[codeIndex] ?? ''),
        source: hit.kind,
        category: { code: category, display: this.display(category) ?? '' },
      });
      if (hits.length >= limit) break;
    }
    return hits;
  }
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
