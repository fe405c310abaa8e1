import { createHash } from 'node:crypto';
import * as chrono from 'chrono-node';
import type { PhiCategory } from '../phi-category.ts';
import { generalizeZip } from '../restricted-zip3.ts';
import { FREQUENT_GIVEN_NAMES, SURROGATE_GIVEN_NAMES, SURROGATE_SURNAMES } from './name-lexicon.ts';
import type { PhiSpan } from './phi-span.ts';
import { ReidentificationMap } from './reidentification-map.ts';

/** How PHI spans are rewritten: typed placeholders (`[NAME]`) or realistic surrogates. */
export type ReplacementMode = 'placeholder' | 'surrogate';

const LABELS: Record<PhiCategory, string> = {
  NAME: 'NAME',
  ADDRESS: 'ADDRESS',
  LOCATION: 'LOCATION',
  ZIP: 'ZIP',
  DATE: 'DATE',
  AGE: 'AGE 90+',
  PHONE: 'PHONE',
  FAX: 'FAX',
  EMAIL: 'EMAIL',
  URL: 'URL',
  IP: 'IP',
  SSN: 'SSN',
  MRN: 'MRN',
  HEALTH_PLAN: 'PLAN_ID',
  ACCOUNT: 'ACCOUNT',
  LICENSE: 'LICENSE',
  VEHICLE: 'VEHICLE_ID',
  DEVICE: 'DEVICE_ID',
  BIOMETRIC: 'BIOMETRIC',
  PHOTO: 'PHOTO',
  ORGANIZATION: 'ORGANIZATION',
  PROFESSION: 'PROFESSION',
  ID: 'ID',
  FREE_TEXT: 'TEXT',
};

/** The placeholder for a category: `[NAME]`, `[DATE]`, `[AGE 90+]`, … */
export function placeholderFor(category: PhiCategory): string {
  return `[${LABELS[category]}]`;
}

export interface ReplaceOptions {
  readonly mode: ReplacementMode;
  /** Number the placeholders (`[NAME-1]`) and return the map back to the originals. */
  readonly reversible?: boolean;
  /** Seeds surrogate choice; the same seed and original give the same surrogate. */
  readonly seed: string;
  /** Days to move dates by in surrogate mode. */
  readonly dateOffsetDays: number;
  /**
   * In surrogate mode, whether a date is moved by `dateOffsetDays` (the `shift` date mode: Expert
   * Determination) or keeps only its year, as Safe Harbor allows (a date without a year becomes `[DATE]`).
   * Moved when not given.
   */
  readonly shiftDates?: boolean;
}

export interface ReplaceResult {
  readonly text: string;
  readonly map: ReidentificationMap | undefined;
}

const CITIES = [
  'Springfield',
  'Fairview',
  'Riverside',
  'Franklin',
  'Greenville',
  'Clinton',
  'Madison',
  'Georgetown',
  'Salem',
  'Arlington',
];
const STREETS = [
  'Main Street',
  'Oak Avenue',
  'Maple Road',
  'Cedar Lane',
  'Park Drive',
  'Elm Street',
  'Lake Road',
  'Hill Street',
];
const ORGS = [
  'Lakeside Medical Center',
  'Riverside Clinic',
  'Northside Hospital',
  'Valley Health',
  'Hillcrest Hospital',
];

function pick(seed: string, original: string, n: number): number {
  return createHash('sha256').update(seed).update('\u0000').update(original.toLowerCase()).digest().readUInt32BE(0) % n;
}

/** The entry of `pool` for `original`, never `original` itself (a surrogate that is the original hides nothing). */
function pickOther(seed: string, original: string, pool: readonly string[]): string {
  const i = pick(seed, original, pool.length);
  const chosen = pool[i] ?? '';
  if (chosen.toLowerCase() !== original.toLowerCase()) return chosen;
  return pool[(i + 1) % pool.length] ?? chosen;
}

/** The year of a date as Safe Harbor keeps it, or the placeholder when the date has none. */
function yearOnly(original: string): string {
  return /(?<!\d)(\d{4})(?!\d)/.exec(original)?.[1] ?? placeholderFor('DATE');
}

function matchCase(original: string, surrogate: string): string {
  if (original === original.toUpperCase() && /[A-Z]/.test(original)) return surrogate.toUpperCase();
  if (original === original.toLowerCase()) return surrogate.toLowerCase();
  return surrogate;
}

function digitsLike(original: string, seed: string): string {
  let i = 0;
  return original.replace(/\d/g, () => String(pick(seed, `${original}#${i++}`, 10)));
}

function pad(n: number): string {
  return String(n).padStart(2, '0');
}

function shiftDate(original: string, offsetDays: number): string | null {
  const iso = /^(\d{4})-(\d{2})-(\d{2})(.*)$/.exec(original);
  const base = iso ? new Date(Date.UTC(Number(iso[1]), Number(iso[2]) - 1, Number(iso[3]))) : null;
  let date = base;
  let hasYear = true;
  let style: 'iso' | 'numeric' = 'iso';
  if (date === null) {
    const numeric = /^(\d{1,2})[/.-](\d{1,2})(?:[/.-](\d{2,4}))?$/.exec(original.trim());
    if (numeric) {
      style = 'numeric';
      hasYear = numeric[3] !== undefined;
      const yearText = numeric[3] ?? '2000';
      const year =
        yearText.length === 2 ? 1900 + Number(yearText) + (Number(yearText) < 50 ? 100 : 0) : Number(yearText);
      date = new Date(Date.UTC(year, Number(numeric[1]) - 1, Number(numeric[2])));
    } else {
      const parsed = chrono.strict.parse(original, new Date(Date.UTC(2000, 0, 1)))[0];
      if (parsed === undefined || !parsed.start.isCertain('day')) return null;
      style = 'numeric';
      hasYear = parsed.start.isCertain('year');
      date = new Date(
        Date.UTC(parsed.start.get('year') ?? 2000, (parsed.start.get('month') ?? 1) - 1, parsed.start.get('day') ?? 1),
      );
    }
  }
  if (Number.isNaN(date.getTime())) return null;
  const moved = new Date(date.getTime() + offsetDays * 86_400_000);
  const y = moved.getUTCFullYear();
  const m = moved.getUTCMonth() + 1;
  const d = moved.getUTCDate();
  if (style === 'iso') return `${y}-${pad(m)}-${pad(d)}`;
  return hasYear ? `${m}/${d}/${y}` : `${m}/${d}`;
}

function surrogateFor(category: PhiCategory, original: string, options: ReplaceOptions): string {
  const seed = options.seed;
  switch (category) {
    case 'NAME': {
      const words = original.split(/(\s+)/);
      return words
        .map((w) => {
          if (/^\s+$/.test(w) || w.length === 0) return w;
          if (/^[A-Za-z]\.?$/.test(w))
            return matchCase(w, `${String.fromCharCode(65 + pick(seed, w, 26))}${w.endsWith('.') ? '.' : ''}`);
          const bare = w.toLowerCase().replace(/[^a-z]/g, '');
          // The pool is chosen by the word alone, never by its place in the span, so that a name gets the
          // same surrogate alone and in a full name: a frequent given name draws a given name, others a surname.
          const pool = FREQUENT_GIVEN_NAMES.has(bare) ? SURROGATE_GIVEN_NAMES : SURROGATE_SURNAMES;
          const name = pickOther(seed, bare, pool) || 'Doe';
          return matchCase(w, name.charAt(0) + name.slice(1).toLowerCase());
        })
        .join('');
    }
    case 'DATE':
      if (options.shiftDates === false) return yearOnly(original);
      return shiftDate(original, options.dateOffsetDays) ?? placeholderFor('DATE');
    case 'AGE':
      return '90+';
    case 'ZIP':
      return `${generalizeZip(original)}00`;
    case 'LOCATION':
      return matchCase(original, pickOther(seed, original, CITIES) || 'Springfield');
    case 'ADDRESS':
      return `${1 + pick(seed, original, 899)} ${STREETS[pick(seed, `s${original}`, STREETS.length)] ?? 'Main Street'}`;
    case 'ORGANIZATION':
      return matchCase(original, pickOther(seed, original, ORGS) || 'Lakeside Medical Center');
    case 'PHONE':
    case 'FAX':
      return `555-01${pad(pick(seed, original, 100))}`;
    case 'EMAIL':
      return `person${pick(seed, original, 1000)}@example.org`;
    case 'URL':
      return 'https://example.org/';
    case 'IP':
      return `192.0.2.${1 + pick(seed, original, 254)}`;
    case 'SSN':
      return `000-00-${String(pick(seed, original, 10_000)).padStart(4, '0')}`;
    case 'MRN':
    case 'HEALTH_PLAN':
    case 'ACCOUNT':
    case 'LICENSE':
    case 'VEHICLE':
    case 'DEVICE':
    case 'ID':
      return digitsLike(original, seed);
    case 'BIOMETRIC':
    case 'PHOTO':
    case 'PROFESSION':
    case 'FREE_TEXT':
      return placeholderFor(category);
  }
}

/** Rewrites the spans of `text` (merged, sorted, non-overlapping). */
export function replaceSpans(text: string, spans: readonly PhiSpan[], options: ReplaceOptions): ReplaceResult {
  const map = options.reversible === true ? new ReidentificationMap() : undefined;
  const numbering = new Map<string, string>();
  const counters = new Map<PhiCategory, number>();
  let out = '';
  let last = 0;
  for (const span of spans) {
    const original = text.slice(span.start, span.end);
    let replacement: string;
    if (map !== undefined) {
      const key = `${span.category}\u0000${original.toLowerCase()}`;
      let placeholder = numbering.get(key);
      if (placeholder === undefined) {
        const n = (counters.get(span.category) ?? 0) + 1;
        counters.set(span.category, n);
        placeholder = `[${LABELS[span.category]}-${n}]`;
        numbering.set(key, placeholder);
        map.set(placeholder, original);
      }
      replacement = placeholder;
    } else if (options.mode === 'surrogate') {
      replacement = surrogateFor(span.category, original, options);
    } else {
      replacement = placeholderFor(span.category);
    }
    out += text.slice(last, span.start) + replacement;
    last = span.end;
  }
  return { text: out + text.slice(last), map };
}
