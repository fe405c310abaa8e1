import AhoCorasick from 'modern-ahocorasick';
import type { PhiCategory } from '../phi-category.ts';
import type { PhiSpan } from './phi-span.ts';

/**
 * Identifiers the record itself knows (from the Patient, RelatedPerson, Practitioner and Organization
 * resources of the same context): every occurrence of them in a note is PHI, whatever its shape.
 */
export interface KnownIdentifiers {
  /** Person names, whole or in parts ("Maria Lopez", "Lopez"). */
  readonly names?: readonly string[];
  /** Address lines, cities, districts, postal codes. */
  readonly places?: readonly string[];
  /** Telephone and fax numbers, email addresses, URLs. */
  readonly telecoms?: readonly string[];
  /** MRNs, SSNs, plan, account, licence and other identifier values. */
  readonly identifiers?: readonly string[];
  /** Organisation names. */
  readonly organizations?: readonly string[];
  /** Full dates (ISO `YYYY-MM-DD`), such as the birth date. */
  readonly dates?: readonly string[];
}

const WORD_CHAR = /[\p{L}\p{N}]/u;
const MONTHS = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];

function dateForms(iso: string): string[] {
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(iso);
  if (m === null) return [];
  const [, y = '', mm = '', dd = ''] = m;
  const month = Number(mm);
  const day = Number(dd);
  const name = MONTHS[month - 1] ?? '';
  return [
    `${y}-${mm}-${dd}`,
    `${mm}/${dd}/${y}`,
    `${month}/${day}/${y}`,
    `${month}/${day}/${y.slice(2)}`,
    `${mm}/${dd}/${y.slice(2)}`,
    `${name} ${day}, ${y}`,
    `${name} ${day} ${y}`,
    `${day} ${name} ${y}`,
    `${name.slice(0, 3)} ${day}, ${y}`,
    `${name.slice(0, 3)}. ${day}, ${y}`,
  ];
}

function phoneForms(value: string): string[] {
  const digits = value.replace(/\D/g, '').replace(/^1(?=\d{10}$)/, '');
  if (digits.length !== 10) return [value];
  const a = digits.slice(0, 3);
  const b = digits.slice(3, 6);
  const c = digits.slice(6);
  return [
    value,
    digits,
    `${a}-${b}-${c}`,
    `(${a}) ${b}-${c}`,
    `(${a})${b}-${c}`,
    `${a}.${b}.${c}`,
    `${a} ${b} ${c}`,
    `${a}/${b}/${c}`,
    `${b}-${c}`,
  ];
}

/** Anything that finds known identifiers in a text. */
export interface KnownIdentifierFinder {
  find(text: string): PhiSpan[];
}

/** Several finders as one (e.g. one patient's identifiers plus those shared by the whole export). */
export function combineFinders(finders: readonly KnownIdentifierFinder[]): KnownIdentifierFinder {
  return { find: (text) => finders.flatMap((f) => f.find(text)) };
}

/** A compiled matcher (Aho-Corasick, modern-ahocorasick, MIT) for one context's known identifiers. */
export class KnownIdentifierMatcher implements KnownIdentifierFinder {
  readonly #matcher: AhoCorasick<PhiCategory> | null;

  constructor(known: KnownIdentifiers) {
    const patterns = new Map<string, PhiCategory>();
    const add = (value: string, category: PhiCategory): void => {
      const v = value.trim().toLowerCase();
      if (v.length >= 2 && !patterns.has(v)) patterns.set(v, category);
    };
    for (const name of known.names ?? []) {
      add(name, 'NAME');
      for (const part of name.split(/[\s,]+/)) {
        if (part.replace(/\./g, '').length < 2) continue;
        add(part, 'NAME');
        const bare = part.replace(/\d+$/, '');
        if (bare.length >= 2) add(bare, 'NAME');
      }
    }
    for (const place of known.places ?? []) {
      add(place, /^\d{5}(-\d{4})?$/.test(place.trim()) ? 'ZIP' : 'LOCATION');
      if (/\s/.test(place.trim()) && !/^\d/.test(place.trim()))
        for (const part of place.split(/\s+/)) if (part.length >= 4) add(part, 'LOCATION');
    }
    for (const telecom of known.telecoms ?? []) {
      if (telecom.includes('@')) add(telecom, 'EMAIL');
      else if (/^[a-z]+:\/\//i.test(telecom)) add(telecom, 'URL');
      else for (const form of phoneForms(telecom)) add(form, 'PHONE');
    }
    for (const id of known.identifiers ?? []) {
      if (id.replace(/[^A-Za-z0-9]/g, '').length < 3) continue;
      add(id, /^\d{3}-\d{2}-\d{4}$/.test(id) ? 'SSN' : 'ID');
    }
    for (const org of known.organizations ?? []) add(org, 'ORGANIZATION');
    for (const date of known.dates ?? []) for (const form of dateForms(date)) add(form, 'DATE');
    this.#matcher =
      patterns.size === 0
        ? null
        : new AhoCorasick<PhiCategory>(
            [...patterns].map(([pattern, data]) => ({ pattern, data })),
            // Word boundaries are checked below: the library's boundary option costs ~30x in speed.
          );
  }

  /** Spans of every known identifier in `text` (case-insensitive, whole words). */
  find(text: string): PhiSpan[] {
    if (this.#matcher === null) return [];
    const lower = text.toLowerCase();
    // Lower-casing keeps UTF-16 offsets for nearly all text; where it does not, match the original.
    const haystack = lower.length === text.length ? lower : text;
    const out: PhiSpan[] = [];
    for (const m of this.#matcher.search(haystack)) {
      if (WORD_CHAR.test(haystack.charAt(m.start - 1)) || WORD_CHAR.test(haystack.charAt(m.end))) continue;
      out.push({ start: m.start, end: m.end, category: m.data ?? 'NAME' });
    }
    return out;
  }
}
