import { patientIdOf } from '../deid/fhir/fhir-context.ts';
/** A de-identified resource as read back from a bucket: only loosely typed fields are touched. */
export type Loose = Record<string, unknown>;

/** Everything of one encounter, joined by (hashed) reference. */
export interface EncounterGroup {
  readonly encounter: Loose;
  readonly conditions: Loose[];
  readonly observations: Loose[];
  readonly procedures: Loose[];
  readonly medications: Loose[];
  readonly documents: Loose[];
  readonly communications: Loose[];
  readonly other: Loose[];
}

/** One patient's de-identified data, joined per encounter. */
export interface PatientRecord {
  readonly patientId: string;
  patient: Loose | undefined;
  readonly encounters: Map<string, EncounterGroup>;
  /** Resources of the patient that point at no known encounter. */
  readonly unlinked: Loose[];
}

const ENCOUNTER_REF = /(?:^|\/)Encounter\/([^/]+)$/;

function refId(value: unknown, pattern: RegExp): string | undefined {
  const ref = (value as Loose | undefined)?.reference;
  return typeof ref === 'string' ? pattern.exec(ref)?.[1] : undefined;
}

/** The (hashed) patient id a resource belongs to: the de-identifier's own rule (see `patientIdOf`). */
export const patientOf: (resource: Loose) => string | undefined = patientIdOf;

/** The (hashed) encounter id a resource belongs to. */
export function encounterOf(resource: Loose): string | undefined {
  const direct = refId(resource.encounter, ENCOUNTER_REF) ?? refId(resource.context, ENCOUNTER_REF);
  if (direct !== undefined) return direct;
  const context = resource.context as Loose | undefined;
  for (const e of asArray(context?.encounter)) {
    const id = refId(e, ENCOUNTER_REF);
    if (id !== undefined) return id;
  }
  return undefined;
}

export function asArray(value: unknown): unknown[] {
  return Array.isArray(value) ? (value as unknown[]) : value === undefined ? [] : [value];
}

function emptyGroup(encounter: Loose): EncounterGroup {
  return {
    encounter,
    conditions: [],
    observations: [],
    procedures: [],
    medications: [],
    documents: [],
    communications: [],
    other: [],
  };
}

/** Groups the resources of a set of patients (one bucket) per patient and encounter. */
export function groupByPatient(resources: Iterable<Loose>): Map<string, PatientRecord> {
  const patients = new Map<string, PatientRecord>();
  const linked: Loose[] = [];
  const record = (id: string): PatientRecord => {
    let r = patients.get(id);
    if (r === undefined) {
      r = { patientId: id, patient: undefined, encounters: new Map(), unlinked: [] };
      patients.set(id, r);
    }
    return r;
  };
  for (const resource of resources) {
    const pid = patientOf(resource);
    if (pid === undefined) continue;
    const r = record(pid);
    if (resource.resourceType === 'Patient') r.patient = resource;
    else if (resource.resourceType === 'Encounter' && typeof resource.id === 'string') {
      r.encounters.set(resource.id, emptyGroup(resource));
    } else linked.push(resource);
  }
  for (const resource of linked) {
    const r = record(patientOf(resource) ?? '');
    const eid = encounterOf(resource);
    const group = eid === undefined ? undefined : r.encounters.get(eid);
    if (group === undefined) {
      r.unlinked.push(resource);
      continue;
    }
    switch (resource.resourceType) {
      case 'Condition':
        group.conditions.push(resource);
        break;
      case 'Observation':
        group.observations.push(resource);
        break;
      case 'Procedure':
        group.procedures.push(resource);
        break;
      case 'MedicationRequest':
        group.medications.push(resource);
        break;
      case 'DocumentReference':
        group.documents.push(resource);
        break;
      case 'Communication':
        group.communications.push(resource);
        break;
      default:
        group.other.push(resource);
    }
  }
  return patients;
}
