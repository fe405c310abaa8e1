import type { Resource } from 'fhir/r4.d.ts';
import type { FhirContext } from '../fhir/fhir-context.ts';

const CONTEXT_TYPES =
  /"resourceType"\s*:\s*"(?:Patient|RelatedPerson|Practitioner|PractitionerRole|Organization|Location)"/;
const PATIENT_REF = /"reference"\s*:\s*"(?:[^"]*\/)?Patient\/([^"/]+)"/;
const DATES = /"(\d{4}-\d{2}-\d{2})/g;

/**
 * The first pass over an export, one NDJSON line at a time: resources that name people, places and
 * organisations are learned whole; any other line only gives its patient reference and its latest date
 * (the "over 89" rule needs the age at the patient's events). A line that does not parse is left to the
 * main pass to report.
 */
/** `contextType`: whether the line holds one of those resources, when the caller knows (a file per type). */
export function learnFromNdjsonLine(context: FhirContext, text: string, contextType?: boolean): void {
  if (contextType ?? CONTEXT_TYPES.test(text.slice(0, 256))) {
    try {
      context.add(JSON.parse(text) as Resource);
    } catch {
      // Reported by the main pass.
    }
    return;
  }
  const patient = PATIENT_REF.exec(text)?.[1];
  if (patient === undefined) return;
  let latest = '';
  DATES.lastIndex = 0;
  for (let m = DATES.exec(text); m !== null; m = DATES.exec(text)) if ((m[1] ?? '') > latest) latest = m[1] ?? '';
  if (latest !== '') context.noteEventDate(patient, latest);
}
