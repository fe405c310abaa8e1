import { AppError } from '../../server/errors/app-error.ts';

/** The ICD-10-CM code system URI (FHIR terminology, http://hl7.org/fhir/sid/icd-10-cm). */
export const ICD10CM_SYSTEM = 'http://hl7.org/fhir/sid/icd-10-cm';

/** Letter, then a digit (or the A of FY2026's QA0), then an alphanumeric; then up to four alphanumerics after the dot (ICD-10-CM code structure). */
const CODE_SHAPE = /^[A-Z][0-9A][0-9A-Z](?:\.?[0-9A-Z]{1,4})?$/;

/** Dotted form of a code given with or without its dot (`j441` → `J44.1`); undefined when not code-shaped. */
export function normalizeCode(input: string): string | undefined {
  const compact = input.trim().toUpperCase();
  if (!CODE_SHAPE.test(compact)) return undefined;
  const bare = compact.replace('.', '');
  return bare.length > 3 ? `${bare.slice(0, 3)}.${bare.slice(3)}` : bare;
}

/** Like normalizeCode, but a malformed code is an INVALID_INPUT error. */
export function requireCodeShape(input: string): string {
  const code = normalizeCode(input);
  if (code === undefined) {
    throw new AppError(
      'INVALID_INPUT',
      'code is not shaped like an ICD-10-CM code (letter, two characters, optional dot and up to four more)',
      {
        issue: 'code-invalid',
        expression: ['code'],
      },
    );
  }
  return code;
}
