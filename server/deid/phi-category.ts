/**
 * What kind of identifier a de-identification removed. The fine categories follow the 18 identifier
 * categories of HIPAA Safe Harbor (45 CFR §164.514(b)(2)(i)(A)–(R)); reports count per category, never
 * values.
 */
export const PHI_CATEGORIES = [
  'NAME',
  'ADDRESS',
  'LOCATION',
  'ZIP',
  'DATE',
  'AGE',
  'PHONE',
  'FAX',
  'EMAIL',
  'URL',
  'IP',
  'SSN',
  'MRN',
  'HEALTH_PLAN',
  'ACCOUNT',
  'LICENSE',
  'VEHICLE',
  'DEVICE',
  'BIOMETRIC',
  'PHOTO',
  'ORGANIZATION',
  'PROFESSION',
  'ID',
  'FREE_TEXT',
] as const;

export type PhiCategory = (typeof PHI_CATEGORIES)[number];

/** The coarse types of the evaluation format (`../shared/eval/README.md`). */
export type EvalPhiType =
  'NAME' | 'DATE' | 'AGE' | 'LOCATION' | 'CONTACT' | 'ID' | 'ORGANIZATION' | 'PROFESSION' | 'OTHER';

/** Maps a fine category to the evaluation format's coarse type. */
export function evalTypeOf(category: PhiCategory): EvalPhiType {
  switch (category) {
    case 'NAME':
      return 'NAME';
    case 'ADDRESS':
    case 'LOCATION':
    case 'ZIP':
      return 'LOCATION';
    case 'DATE':
      return 'DATE';
    case 'AGE':
      return 'AGE';
    case 'PHONE':
    case 'FAX':
    case 'EMAIL':
    case 'URL':
    case 'IP':
      return 'CONTACT';
    case 'SSN':
    case 'MRN':
    case 'HEALTH_PLAN':
    case 'ACCOUNT':
    case 'LICENSE':
    case 'VEHICLE':
    case 'DEVICE':
    case 'ID':
      return 'ID';
    case 'ORGANIZATION':
      return 'ORGANIZATION';
    case 'PROFESSION':
      return 'PROFESSION';
    case 'BIOMETRIC':
    case 'PHOTO':
    case 'FREE_TEXT':
      return 'OTHER';
  }
}

/** Per-category counts of removed or transformed identifiers. */
export type PhiCounts = Partial<Record<PhiCategory, number>>;

/** Adds `n` to one category of a counts object (mutates it). */
export function addCount(counts: PhiCounts, category: PhiCategory, n = 1): void {
  counts[category] = (counts[category] ?? 0) + n;
}

/** Adds every category of `from` into `into` (mutates `into`). */
export function mergeCounts(into: PhiCounts, from: PhiCounts): void {
  for (const [category, n] of Object.entries(from) as [PhiCategory, number][]) addCount(into, category, n);
}
