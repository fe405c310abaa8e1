import type { Condition, Encounter, FhirResource, Observation, Patient } from 'fhir/r4.d.ts';

/** Small authored charts for the chart model tests (synthetic; no real person). */
export const PATIENT: Patient = { resourceType: 'Patient', id: 'p1', gender: 'female', birthDate: '1970-05-01' };

export function encounter(id: string, start: string, end?: string, extra: Partial<Encounter> = {}): Encounter {
  return {
    resourceType: 'Encounter',
    id,
    status: 'finished',
    class: { system: 'http://terminology.hl7.org/CodeSystem/v3-ActCode', code: 'AMB' },
    subject: { reference: 'Patient/p1' },
    period: { start, ...(end !== undefined ? { end } : {}) },
    ...extra,
  };
}

export function condition(
  id: string,
  text: string,
  options: {
    clinical?: string;
    verification?: string;
    encounter?: string;
    onset?: string;
    abatement?: string;
    icd10?: string;
    tag?: boolean;
  } = {},
): Condition {
  return {
    resourceType: 'Condition',
    id,
    ...(options.tag ? { meta: { tag: [{ system: 'urn:chartside:fhir:CodeSystem:tag', code: 'chartside' }] } } : {}),
    ...(options.clinical !== undefined
      ? {
          clinicalStatus: {
            coding: [{ system: 'http://terminology.hl7.org/CodeSystem/condition-clinical', code: options.clinical }],
          },
        }
      : {}),
    ...(options.verification !== undefined
      ? {
          verificationStatus: {
            coding: [
              { system: 'http://terminology.hl7.org/CodeSystem/condition-ver-status', code: options.verification },
            ],
          },
        }
      : {}),
    code: {
      text,
      ...(options.icd10 !== undefined
        ? { coding: [{ system: 'http://hl7.org/fhir/sid/icd-10-cm', code: options.icd10, display: text }] }
        : {}),
    },
    subject: { reference: 'Patient/p1' },
    ...(options.encounter !== undefined ? { encounter: { reference: `Encounter/${options.encounter}` } } : {}),
    ...(options.onset !== undefined ? { onsetDateTime: options.onset } : {}),
    ...(options.abatement !== undefined ? { abatementDateTime: options.abatement } : {}),
  };
}

export function vital(id: string, loinc: string, value: number, unit: string, at: string): Observation {
  return {
    resourceType: 'Observation',
    id,
    status: 'final',
    category: [
      { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/observation-category', code: 'vital-signs' }] },
    ],
    code: { coding: [{ system: 'http://loinc.org', code: loinc }] },
    subject: { reference: 'Patient/p1' },
    effectiveDateTime: at,
    valueQuantity: { value, unit, system: 'http://unitsofmeasure.org', code: unit },
  };
}

export function note(id: string, encounterId: string, date: string, text: string): FhirResource {
  return {
    resourceType: 'DocumentReference',
    id,
    status: 'current',
    subject: { reference: 'Patient/p1' },
    date,
    context: { encounter: [{ reference: `Encounter/${encounterId}` }] },
    content: [{ attachment: { contentType: 'text/plain', data: Buffer.from(text, 'utf8').toString('base64') } }],
  };
}
