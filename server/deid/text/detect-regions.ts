import type { PhiSpan } from './phi-span.ts';
import { isCapitalized, type WordToken } from './word-tokens.ts';

/*
 * Named parts of a state that no list of incorporated places holds: regions ("the North Shore", "Eastern
 * Shore", "Western Mass", "the Cape"), the neighbourhoods of the cities a note's patients come from
 * ("Back Bay", "Jamaica Plain", "Southie") and their islands and valleys. Each is a geographic subdivision
 * smaller than a state, which Safe Harbor (45 CFR 164.514(b)(2)(i)(B)) removes. The list is of real places
 * of New England and the Mid-Atlantic (Boston's neighbourhoods as the City of Boston names them, the
 * regions of Massachusetts, Maryland, Virginia, New York and New Jersey as their states' tourism and
 * planning offices name them), not of phrases seen in notes.
 */

/** Regions and neighbourhoods of several words, lower case, words joined by one space. */
const PHRASES = `
  north shore|south shore|eastern shore|western shore|upper shore|lower shore|north end|south end|west end
  back bay|beacon hill|jamaica plain|hyde park|west roxbury|east boston|south boston|mission hill|bay village
  leather district|financial district|seaport district|fort point|fenway kenmore|dudley square|uphams corner
  fields corner|codman square|ashmont|lower mills|savin hill|four corners|grove hall|egleston square
  jackson square|roslindale square|cleveland circle|coolidge corner|brookline village|davis square
  porter square|harvard square|central square|inman square|kendall square|union square|teele square
  cape cod|cape ann|outer cape|upper cape|lower cape|mid cape|martha's vineyard|marthas vineyard
  western mass|central mass|western massachusetts|central massachusetts|southeastern massachusetts
  metro west|metrowest|north central mass|pioneer valley|merrimack valley|blackstone valley|nashoba valley
  south coast|north country|upper valley|white mountains|green mountains|lakes region|seacoast region
  down east|downeast maine|mid coast|midcoast maine|the berkshires|berkshire county|cape and islands
  upstate new york|western new york|hudson valley|long island|staten island|the bronx|south jersey
  north jersey|jersey shore|western maryland|southern maryland|northern virginia|tidewater virginia
  hampton roads|northern neck|delmarva peninsula|eastern shore of maryland|eastern shore of virginia
  the cape|the vineyard|the berkshires|the north end|the south end|the eastern shore
  `
  .split(/[|\n]/)
  .map((p) => p.trim().replace(/\s+/g, ' '))
  .filter(Boolean);

/** Neighbourhoods and regions of one word that are no English word and no incorporated place's name. */
const WORDS = `southie dorchester roxbury mattapan roslindale charlestown allston brighton chinatown fenway
  kenmore eastie berkshires nantucket vineyard delmarva tidewater downeast metrowest southcoast`
  .split(/\s+/)
  .filter(Boolean);

/** One-word names that need a place cue or a capital: also an everyday word or abbreviation. */
const CUE_ONLY = new Set(['vineyard', 'fenway', 'kenmore', 'brighton']);
const PLACE_CUE = new Set(['in', 'from', 'to', 'at', 'near', 'on', 'of']);

interface Phrase {
  readonly words: readonly string[];
}

let byFirst: Map<string, Phrase[]> | undefined;

function phrasesByFirstWord(): Map<string, Phrase[]> {
  if (byFirst !== undefined) return byFirst;
  const map = new Map<string, Phrase[]>();
  for (const p of PHRASES) {
    // Tokens drop a possessive "'s": "martha's vineyard" is matched as "martha vineyard".
    const words = p.split(' ').map((w) => w.replace(/['’]s$/, ''));
    const first = words[0] ?? '';
    map.set(first, [...(map.get(first) ?? []), { words }]);
  }
  for (const list of map.values()) list.sort((a, b) => b.words.length - a.words.length);
  byFirst = map;
  return map;
}
const SINGLE = new Set(WORDS);

/** Whether a word is written as a name: in a line with case, capitalised or all capitals. */
function nameCase(t: WordToken): boolean {
  return !t.caseInformative || isCapitalized(t) || /^[A-Z]{2,}$/.test(t.text);
}

/** Detects regions and neighbourhoods (see the module comment) as LOCATION spans. */
export function detectRegions(text: string, tokens: readonly WordToken[]): PhiSpan[] {
  const out: PhiSpan[] = [];
  const phrases = phrasesByFirstWord();
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i] as WordToken;
    const candidates = phrases.get(t.bare);
    if (candidates !== undefined) {
      let matched = 0;
      for (const p of candidates) {
        let ok = true;
        for (let k = 1; k < p.words.length && ok; k++) {
          const w = tokens[i + k];
          const before = tokens[i + k - 1] as WordToken;
          ok = w !== undefined && w.bare === p.words[k] && /^[ \t]+$/.test(text.slice(before.end, w.start));
        }
        if (!ok) continue;
        // "the Cape", "the islands": the article is no part of the name and needs a place cue before it.
        const article = t.bare === 'the';
        const named = tokens.slice(i + (article ? 1 : 0), i + p.words.length);
        if (!named.every(nameCase)) continue;
        if (article) {
          const cue = tokens[i - 1];
          if (cue === undefined || !PLACE_CUE.has(cue.bare) || !/^[ \t]+$/.test(text.slice(cue.end, t.start))) continue;
        }
        const first = named[0] as WordToken;
        const last = named[named.length - 1] as WordToken;
        out.push({ start: first.start, end: last.end, category: 'LOCATION' });
        matched = p.words.length;
        break;
      }
      if (matched > 0) {
        i += matched - 1;
        continue;
      }
    }
    if (!SINGLE.has(t.bare) || !nameCase(t)) continue;
    if (CUE_ONLY.has(t.bare)) {
      const cue = tokens[i - 1];
      const cued = cue !== undefined && PLACE_CUE.has(cue.bare) && /^[ \t]+$/.test(text.slice(cue.end, t.start));
      if (!cued || (t.caseInformative ? !isCapitalized(t) && !/^[A-Z]+$/.test(t.text) : t.bare.length < 3)) continue;
    }
    out.push({ start: t.start, end: t.end, category: 'LOCATION' });
  }
  return out;
}
