/**
 * FHIR date, dateTime and instant values under the two date modes.
 * - `safe-harbor` keeps the year only (HIPAA Safe Harbor §164.514(b)(2)(i)(C)). FHIR `instant` elements
 *   cannot hold a year alone, so they become 1 January of that year, 00:00 UTC.
 * - `shift` moves the date by the patient's secret offset in days, keeping its precision and time of day.
 *   This keeps intervals between a patient's events and is de-identification under Expert Determination
 *   (§164.514(b)(1)), not Safe Harbor.
 */
export type DateMode = 'safe-harbor' | 'shift';

const FHIR_DATE = /^(\d{4})(?:-(\d{2})(?:-(\d{2})(T[\d:.]+(?:Z|[+-]\d{2}:\d{2})?)?)?)?$/;

/** Whether a string is a FHIR date, dateTime or instant. */
export function isFhirDate(value: string): boolean {
  return FHIR_DATE.test(value);
}

/** The year of a FHIR date, or undefined. */
export function yearOf(value: string): number | undefined {
  const m = FHIR_DATE.exec(value);
  return m ? Number(m[1]) : undefined;
}

function pad(n: number, width = 2): string {
  return String(n).padStart(width, '0');
}

/** Moves a FHIR date by whole days, keeping its precision. */
export function shiftFhirDate(value: string, days: number): string {
  const m = FHIR_DATE.exec(value);
  if (m === null) return value;
  const [, y = '', mo, d, time] = m;
  const base = new Date(Date.UTC(Number(y), mo === undefined ? 0 : Number(mo) - 1, d === undefined ? 1 : Number(d)));
  const moved = new Date(base.getTime() + days * 86_400_000);
  const year = pad(moved.getUTCFullYear(), 4);
  if (mo === undefined) return year;
  if (d === undefined) return `${year}-${pad(moved.getUTCMonth() + 1)}`;
  return `${year}-${pad(moved.getUTCMonth() + 1)}-${pad(moved.getUTCDate())}${time ?? ''}`;
}

/** A date reduced to its year (an instant to 1 January of its year). */
export function truncateFhirDate(value: string, instant: boolean): string {
  const year = yearOf(value);
  if (year === undefined) return value;
  return instant ? `${pad(year, 4)}-01-01T00:00:00Z` : pad(year, 4);
}

/** Age in whole years at a date (both FHIR dates; month and day count when present). */
export function ageAt(birthDate: string, at: string): number | undefined {
  const b = FHIR_DATE.exec(birthDate);
  const a = FHIR_DATE.exec(at);
  if (b === null || a === null) return undefined;
  let age = Number(a[1]) - Number(b[1]);
  const am = Number(a[2] ?? 12) * 100 + Number(a[3] ?? 31);
  const bm = Number(b[2] ?? 1) * 100 + Number(b[3] ?? 1);
  if (am < bm) age--;
  return age;
}
