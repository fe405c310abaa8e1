/**
 * A cheap pre-test for sets of patterns (triage concepts, laboratory names): most of them are alternations of words that start at a word
 * boundary (`\bchest pain|\bangina\b|...`), so a pattern can only match a text that has a word starting
 * with one of its branches' first letters. `wordStarts` lists the first one to three letters of every
 * word of a text; `leadingPrefixes` reads those a pattern needs from its source. A pattern whose source
 * this reader cannot vouch for (a branch without a leading `\b`, an optional or character-class start)
 * has no prefixes and is always run.
 */

const SPECIAL = new Set(['\\', '(', ')', '[', ']', '{', '}', '?', '*', '+', '|', '.', '^', '$']);
const QUANTIFIER = new Set(['?', '*', '{']);

interface Parsed {
  /** Prefixes (1–3 lower-case characters) one of which any match begins with; undefined: unknown. */
  prefixes: string[] | undefined;
  end: number;
}

/** Index of the `)` closing the group whose body starts at `i` (escapes and classes skipped). */
function groupEnd(src: string, i: number): number {
  let depth = 1;
  for (let j = i; j < src.length; j++) {
    const c = src[j];
    if (c === '\\') j++;
    else if (c === '[') {
      for (j++; j < src.length && src[j] !== ']'; j++) if (src[j] === '\\') j++;
    } else if (c === '(') depth++;
    else if (c === ')' && --depth === 0) return j;
  }
  return src.length;
}

/** The branches of an alternation from `i` to its closing `)` (or the end), each with its prefixes. */
function alternation(src: string, i: number, bounded: boolean): Parsed {
  const out: string[] = [];
  let known = true;
  let j = i;
  for (;;) {
    const branch = firstOfBranch(src, j, bounded);
    if (branch.prefixes === undefined) known = false;
    else out.push(...branch.prefixes);
    // Skip to the end of this branch at this depth.
    let k = j;
    for (; k < src.length && src[k] !== '|' && src[k] !== ')'; k++) {
      if (src[k] === '\\') k++;
      else if (src[k] === '[') {
        for (k++; k < src.length && src[k] !== ']'; k++) if (src[k] === '\\') k++;
      } else if (src[k] === '(') k = groupEnd(src, k + 1);
    }
    if (src[k] !== '|') return { prefixes: known ? out : undefined, end: k };
    j = k + 1;
  }
}

/** The prefixes a branch starting at `i` begins with. */
function firstOfBranch(src: string, i: number, bounded: boolean): Parsed {
  let j = i;
  let b = bounded;
  for (;;) {
    if (src.startsWith('\\b', j)) {
      b = true;
      j += 2;
    } else if (/^\(\?<?[=!]/.test(src.slice(j, j + 4))) {
      j = groupEnd(src, j + 1) + 1; // a lookaround consumes nothing
    } else break;
  }
  if (src.startsWith('(?:', j)) {
    const inner = alternation(src, j + 3, b);
    const after = src[inner.end + 1] ?? '';
    if (QUANTIFIER.has(after) || inner.prefixes === undefined || inner.prefixes.includes(''))
      return { prefixes: undefined, end: j };
    return inner;
  }
  if (!b) return { prefixes: undefined, end: j };
  let literal = '';
  let k = j;
  while (k < src.length && !SPECIAL.has(src[k] as string) && literal.length < 4) literal += src[k++];
  if (QUANTIFIER.has(src[k] ?? '')) literal = literal.slice(0, -1);
  const prefix = literal.slice(0, 3).toLowerCase();
  if (!/^[a-z0-9]/.test(prefix)) return { prefixes: undefined, end: j };
  return { prefixes: [prefix], end: k };
}

/** The prefixes every match of `pattern` begins with at a word start, or undefined when unknown. */
export function leadingPrefixes(pattern: RegExp): string[] | undefined {
  const parsed = alternation(pattern.source, 0, false);
  return parsed.end >= pattern.source.length && parsed.prefixes ? [...new Set(parsed.prefixes)] : undefined;
}

const WORD = /\b[A-Za-z0-9]/g;

/** The first one, two and three characters (lower case) at every word start of `text`. */
export function wordStarts(text: string): Set<string> {
  const out = new Set<string>();
  WORD.lastIndex = 0;
  for (let m = WORD.exec(text); m !== null; m = WORD.exec(text)) {
    const head = text.slice(m.index, m.index + 3).toLowerCase();
    out.add(head.slice(0, 1));
    out.add(head.slice(0, 2));
    out.add(head);
  }
  return out;
}

/**
 * An index of patterns by the prefixes they need: `candidates(text)` tells, in one pass over the text's
 * word starts, which patterns may match (the others cannot).
 */
export class PrefixIndex {
  private readonly byPrefix = new Map<string, number[]>();
  private readonly always: number[] = [];

  constructor(private readonly patterns: readonly RegExp[]) {
    patterns.forEach((pattern, i) => {
      const prefixes = leadingPrefixes(pattern);
      if (prefixes === undefined) this.always.push(i);
      else
        for (const p of prefixes) {
          const list = this.byPrefix.get(p);
          if (list) list.push(i);
          else this.byPrefix.set(p, [i]);
        }
    });
  }

  /** One flag a pattern, in the order given: true when the pattern may match `text`. */
  candidates(text: string): boolean[] {
    const out = new Array<boolean>(this.patterns.length).fill(false);
    for (const i of this.always) out[i] = true;
    for (const start of wordStarts(text)) for (const i of this.byPrefix.get(start) ?? []) out[i] = true;
    return out;
  }
}
