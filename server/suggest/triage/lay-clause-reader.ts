import { splitSentences } from '../clinical-text/sentences.ts';
import { LAY_CLAUSES, type LayClause } from './lay-clauses.ts';

/** One place a lay clause row matched: the span from its first part to its last, in either order. */
export interface LayClauseMatch {
  row: LayClause;
  start: number;
  end: number;
}

interface CompiledRow {
  row: LayClause;
  parts: RegExp[];
  gap: number;
}

const COMPILED: readonly CompiledRow[] = LAY_CLAUSES.map((row) => ({
  row,
  parts: row.parts.map((p) => new RegExp(p, 'gi')),
  gap: row.gap ?? 40,
}));

function matchesIn(re: RegExp, text: string, from: number, to: number): { start: number; end: number }[] {
  const out: { start: number; end: number }[] = [];
  const slice = text.slice(from, to);
  re.lastIndex = 0;
  for (let m = re.exec(slice); m !== null; m = re.exec(slice)) {
    if (m[0].length === 0) {
      re.lastIndex++;
      continue;
    }
    out.push({ start: from + m.index, end: from + m.index + m[0].length });
  }
  return out;
}

/**
 * Every sentence where a row's parts meet (within the row's gap, either first), nearest pair first;
 * one match per row and sentence.
 */
export function findLayClauses(text: string): LayClauseMatch[] {
  const found: LayClauseMatch[] = [];
  // A row whose parts do not all occur somewhere in the text cannot meet in a sentence (no part has an
  // anchor or a lookbehind, so a match inside a sentence is a match in the whole text): test once.
  const possible = COMPILED.filter((c) =>
    c.parts.every((re) => {
      re.lastIndex = 0;
      return re.test(text);
    }),
  );
  if (possible.length === 0) return found;
  for (const s of splitSentences(text)) {
    for (const c of possible) {
      const first = matchesIn(c.parts[0] as RegExp, text, s.start, s.end);
      if (first.length === 0) continue;
      if (c.parts.length === 1) {
        const m = first[0] as { start: number; end: number };
        found.push({ row: c.row, start: m.start, end: m.end });
        continue;
      }
      const second = matchesIn(c.parts[1] as RegExp, text, s.start, s.end);
      let best: LayClauseMatch | undefined;
      let bestGap = Infinity;
      for (const a of first)
        for (const b of second) {
          if (a.start < b.end && b.start < a.end) continue;
          const gap = a.end <= b.start ? b.start - a.end : a.start - b.end;
          if (gap <= c.gap && gap < bestGap) {
            bestGap = gap;
            best = { row: c.row, start: Math.min(a.start, b.start), end: Math.max(a.end, b.end) };
          }
        }
      if (best) found.push(best);
    }
  }
  return found;
}
