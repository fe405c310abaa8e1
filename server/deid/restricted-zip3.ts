/**
 * Three-digit ZIP prefixes that HIPAA Safe Harbor (45 CFR §164.514(b)(2)(i)(B)) requires to become `000`,
 * because the geographic unit they form holds 20,000 people or fewer.
 *
 * Source: the union of (1) the HHS list from the 2000 Census, published in the HHS "Guidance Regarding
 * Methods for De-identification of PHI" (2012), §2.4: 036 059 063 102 203 556 692 790 821 823 830 831 878
 * 879 884 890 893; and (2) the list used by the common anonymizers (Microsoft's FHIR Tools for Anonymization
 * `restrictedZipCodeTabulationAreas` and Presidio samples), which adds 205 and 369. Union as given in
 * Chartside issue 3: 036 059 063 102 203 205 369 556 692 790 821 823 830 831 878 879 884 890 893.
 */
export const RESTRICTED_ZIP3: ReadonlySet<string> = new Set([
  '036',
  '059',
  '063',
  '102',
  '203',
  '205',
  '369',
  '556',
  '692',
  '790',
  '821',
  '823',
  '830',
  '831',
  '878',
  '879',
  '884',
  '890',
  '893',
]);

/**
 * Safe Harbor generalisation of a ZIP code: its first three digits, or `000` for a restricted prefix or
 * anything that is not a US ZIP.
 */
export function generalizeZip(zip: string): string {
  const digits = /^\s*(\d{3})\d{2}(?:-?\d{4})?\s*$/.exec(zip);
  const prefix = digits?.[1];
  if (prefix === undefined || RESTRICTED_ZIP3.has(prefix)) return '000';
  return prefix;
}
