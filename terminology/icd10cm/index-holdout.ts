import { z } from 'zod';
import { AppError } from '../../server/errors/app-error.ts';
import { readLines } from './read-source.ts';

/**
 * Held-out evaluation on the Alphabetic Index itself: entries are split by main term (no main term in
 * both parts), the engine is built from one part and asked for the codes of the other, phrased as the
 * Index prints them and as a clinician would write them.
 */
export interface IndexEntry {
  path: string[];
  /** The code as the Index prints it; a trailing "-" means more characters are needed. */
  code: string;
  nonessential?: string;
  /** The source line, as is (so a split can be written back out). */
  line: string;
}

const EntrySchema = z.object({
  term_path: z.array(z.string()).min(1),
  code: z.string().min(3),
  nonessential_modifier: z.string().nullish(),
});

/** Reads a JSON Lines flattening of the Index (`term_path`, `code`); a bad line stops with its number. */
export async function readIndexEntries(path: string): Promise<IndexEntry[]> {
  const out: IndexEntry[] = [];
  for await (const { line, number } of readLines(path)) {
    if (line.trim() === '') continue;
    let parsed;
    try {
      parsed = EntrySchema.safeParse(JSON.parse(line));
    } catch {
      throw new AppError('CORRUPT_DATA', `${path} line ${number}: not valid JSON`);
    }
    if (!parsed.success) throw new AppError('CORRUPT_DATA', `${path} line ${number}: not an index entry`);
    const { term_path, code, nonessential_modifier } = parsed.data;
    out.push({
      path: term_path,
      code,
      line,
      ...(nonessential_modifier ? { nonessential: nonessential_modifier } : {}),
    });
  }
  return out;
}

/** FNV-1a of a string: a stable, seedable hash so every run splits the same way. */
function fnv1a(text: string, seed = 0): number {
  let h = (0x811c9dc5 ^ seed) >>> 0;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h;
}

/** Which of `folds` folds a main term falls in (deterministic). */
export function foldOf(mainTerm: string, folds: number, seed = 0): number {
  return fnv1a(mainTerm.toLowerCase(), seed) % folds;
}

/** The 80/20 split by main term: fold 0 of 5 is held out. */
export function splitByMainTerm(
  entries: readonly IndexEntry[],
  folds = 5,
  heldOutFold = 0,
): { train: IndexEntry[]; test: IndexEntry[] } {
  const train: IndexEntry[] = [];
  const test: IndexEntry[] = [];
  for (const e of entries) (foldOf(e.path[0] ?? '', folds) === heldOutFold ? test : train).push(e);
  return { train, test };
}

/** The entry as the Index prints it: "Atrophy, atrophic, muscle, muscular, forearm". */
export function printedPhrase(entry: IndexEntry): string {
  return entry.path.join(', ');
}

const CONNECTOR =
  /^(?:with|without|due to|in|by|of|on|to|from|following|after|complicat(?:ed|ing)(?: by)?|affecting|involving|resulting|causing|during|as|at|for|or|and|not|see|except)\b/i;

/**
 * One element of an Index path as a clinician would write it. The Index's commas mean three things:
 * alternative forms of one word ("muscle, muscular", "myocardium, myocardial": they share a stem), an
 * inverted qualifier ("fixation device, internal", "polyp, colon", "superficial, without open wound") and a
 * list ("device, implant or graft"). Alternatives: one of them, picked by `pick` (each alternative is used
 * across entries; the main term keeps its first, the noun a clinician writes); a qualifier goes before its
 * head, or after it when it starts with a connector ("without …"); a list stays as printed. An element that starts with a connector keeps its qualifiers after it.
 */
function elementPhrase(element: string, pick: number): { head: string; after: string } {
  const parts = element
    .split(/,\s*/)
    .map((p) => p.trim())
    .filter((p) => p !== '');
  if (parts.length <= 1) return { head: parts[0] ?? '', after: '' };
  if (/\bor\b/i.test(parts[parts.length - 1] ?? '')) return { head: parts.join(', '), after: '' };
  const stem = (parts[0] ?? '').toLowerCase().slice(0, 4);
  const alternatives = parts.filter((p, i) => i === 0 || p.toLowerCase().startsWith(stem));
  const qualifiers = parts.filter((p, i) => i > 0 && !p.toLowerCase().startsWith(stem));
  const head = alternatives[pick % alternatives.length] ?? '';
  if (CONNECTOR.test(head)) return { head: [head, ...qualifiers].join(' '), after: '' };
  const before = qualifiers.filter((q) => !CONNECTOR.test(q)).reverse();
  return { head: [...before, head].join(' '), after: qualifiers.filter((q) => CONNECTOR.test(q)).join(' ') };
}

/**
 * The entry as a clinician might write it: site and kind words before the condition, the condition
 * (main term) after them, connector phrases ("with …", "due to …") last; NEC dropped; each element read as
 * `elementPhrase` reads it. For ["Atrophy, atrophic", "muscle, muscular", "forearm"]: "forearm muscle atrophy"
 * or "forearm muscular atrophy" (which alternative, by a hash of the entry).
 */
export function naturalPhrase(entry: IndexEntry): string {
  const [main = '', ...rest] = entry.path;
  const pick = fnv1a(entry.path.join('|'));
  const before: string[] = [];
  const after: string[] = [];
  let inClause = false;
  for (const raw of rest) {
    const element = elementPhrase(raw.replace(/\bNEC\b/g, '').trim(), pick);
    if (element.head === '') continue;
    if (CONNECTOR.test(element.head)) inClause = true;
    (inClause ? after : before).push(element.head);
    if (element.after !== '') {
      after.push(element.after);
      inClause = true;
    }
  }
  const head = elementPhrase(main, 0);
  const words = [...before.reverse(), head.head, ...after, head.after].join(' ');
  return words.replace(/\s+/g, ' ').trim().toLowerCase();
}

/**
 * A suggestion hits an Index code when it is that code or, where the Index leaves the code incomplete (a
 * trailing "-", or a header such as an injury code awaiting its 7th character), any code under it.
 */
export function hitsIndexCode(
  gold: string,
  suggested: string,
  complete = (code: string) => !code.endsWith('-'),
): boolean {
  const bare = gold.replace(/[-.]+$/, '');
  if (suggested === bare) return true;
  if (complete(gold)) return false;
  return suggested.replace('.', '').startsWith(bare.replace('.', ''));
}

export interface HoldoutMetrics {
  n: number;
  top1: number;
  top5: number;
  category1: number;
  invalid: number;
}

/** Accumulates top-1, top-5 and category-1 over cases. */
export class HoldoutScore {
  private n = 0;
  private top1 = 0;
  private top5 = 0;
  private category1 = 0;
  private suggestions = 0;
  private invalid = 0;

  /** `complete`: whether the release reports the gold code as it is (billable, no trailing "-"). */
  add(
    gold: string,
    suggested: readonly string[],
    valid: (code: string) => boolean,
    complete: (code: string) => boolean,
  ): { top1: boolean; top5: boolean } {
    this.n++;
    const first = suggested[0];
    const top1 = first !== undefined && hitsIndexCode(gold, first, complete);
    const top5 = suggested.slice(0, 5).some((c) => hitsIndexCode(gold, c, complete));
    if (top1) this.top1++;
    if (top5) this.top5++;
    if (first !== undefined && first.slice(0, 3) === gold.slice(0, 3)) this.category1++;
    for (const c of suggested.slice(0, 5)) {
      this.suggestions++;
      if (!valid(c)) this.invalid++;
    }
    return { top1, top5 };
  }

  metrics(): HoldoutMetrics {
    const r = (x: number): number => Math.round((x / Math.max(1, this.n)) * 1000) / 1000;
    return {
      n: this.n,
      top1: r(this.top1),
      top5: r(this.top5),
      category1: r(this.category1),
      invalid: Math.round((this.invalid / Math.max(1, this.suggestions)) * 1000) / 1000,
    };
  }
}
