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

const CONDITION_REF = /(?:^|\/)Condition\/([^/]+)$/;

/**
 * Diagnosis roles (http://terminology.hl7.org/CodeSystem/diagnosis-role, FHIR R4 Encounter.diagnosis.use)
 * in the order a coder reads them: the billing list and the discharge diagnoses hold the principal
 * diagnosis; admission and chief-complaint diagnoses are working diagnoses; an entry without a role sits
 * between the two.
 */
const DIAGNOSIS_USE_ORDER: Record<string, number> = {
  billing: 0,
  DD: 1,
  AD: 3,
  CC: 3,
  CM: 3,
  'pre-op': 3,
  'post-op': 3,
};
const NO_USE = 2;
const OTHER_USE = 3;
const NOT_A_DIAGNOSIS = 4;

interface DiagnosisKey {
  readonly use: number;
  readonly rank: number;
}

function diagnosisUse(use: unknown): number {
  for (const c of asArray((use as Loose | undefined)?.coding)) {
    const code = (c as Loose | undefined)?.code;
    if (typeof code === 'string' && code in DIAGNOSIS_USE_ORDER) return DIAGNOSIS_USE_ORDER[code] ?? NO_USE;
  }
  return use === undefined ? NO_USE : OTHER_USE;
}

function compareKeys(a: DiagnosisKey, b: DiagnosisKey): number {
  if (a.use !== b.use) return a.use - b.use;
  return a.rank === b.rank ? 0 : a.rank < b.rank ? -1 : 1;
}

/** Each condition id an encounter lists in `Encounter.diagnosis`, with its best (role, rank). */
function diagnosesOf(encounter: Loose): Map<string, DiagnosisKey> {
  const out = new Map<string, DiagnosisKey>();
  for (const d of asArray(encounter.diagnosis)) {
    const entry = d as Loose | undefined;
    const id = refId(entry?.condition, CONDITION_REF);
    if (id === undefined) continue;
    const rank = typeof entry?.rank === 'number' && entry.rank > 0 ? entry.rank : Number.POSITIVE_INFINITY;
    const key = { use: diagnosisUse(entry?.use), rank };
    const seen = out.get(id);
    if (seen === undefined || compareKeys(key, seen) < 0) out.set(id, key);
  }
  return out;
}

/** A condition's first code (for a tie-break that does not depend on the order the export was read in). */
function sortCode(condition: Loose): string {
  const coding = asArray((condition.code as Loose | undefined)?.coding)[0] as Loose | undefined;
  return `${typeof coding?.code === 'string' ? coding.code : ''}\0${typeof condition.id === 'string' ? condition.id : ''}`;
}

/**
 * Orders an encounter's conditions as a coder reads them: the billing diagnoses by rank (rank 1 is the
 * principal), then the discharge diagnoses, the unroled ones and the working ones (admission, chief
 * complaint…) by rank, then conditions the encounter does not list; ties by code, so that the order does
 * not depend on how the export was read or partitioned.
 */
function orderConditions(group: EncounterGroup): void {
  const ranks = diagnosesOf(group.encounter);
  const none: DiagnosisKey = { use: NOT_A_DIAGNOSIS, rank: Number.POSITIVE_INFINITY };
  const keyed = group.conditions.map((c) => ({
    c,
    key: (typeof c.id === 'string' ? ranks.get(c.id) : undefined) ?? none,
    code: sortCode(c),
  }));
  keyed.sort((a, b) => compareKeys(a.key, b.key) || (a.code < b.code ? -1 : a.code > b.code ? 1 : 0));
  group.conditions.splice(0, group.conditions.length, ...keyed.map((k) => k.c));
}

/**
 * Groups the resources of a set of patients (one bucket) per patient and encounter. A Condition joins
 * the encounter it names (`Condition.encounter`) and every encounter that lists it as a diagnosis
 * (`Encounter.diagnosis.condition`, FHIR R4 §Encounter), once each; an encounter's conditions come
 * principal diagnosis first.
 */
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
  // Conditions by (patient, id), for the encounters that list them from their side.
  const conditions = new Map<string, Loose>();
  for (const resource of linked)
    if (resource.resourceType === 'Condition' && typeof resource.id === 'string')
      conditions.set(`${patientOf(resource) ?? ''}\0${resource.id}`, resource);
  const listed = new Set<Loose>();
  for (const r of patients.values()) {
    for (const group of r.encounters.values()) {
      for (const id of diagnosesOf(group.encounter).keys()) {
        const condition = conditions.get(`${r.patientId}\0${id}`);
        if (condition === undefined || group.conditions.includes(condition)) continue;
        group.conditions.push(condition);
        listed.add(condition);
      }
    }
  }
  for (const resource of linked) {
    const r = record(patientOf(resource) ?? '');
    const eid = encounterOf(resource);
    const group = eid === undefined ? undefined : r.encounters.get(eid);
    if (group === undefined) {
      if (!listed.has(resource)) r.unlinked.push(resource);
      continue;
    }
    switch (resource.resourceType) {
      case 'Condition':
        if (!group.conditions.includes(resource)) group.conditions.push(resource);
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
  for (const r of patients.values()) for (const group of r.encounters.values()) orderConditions(group);
  return patients;
}
