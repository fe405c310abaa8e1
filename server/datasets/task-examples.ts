import type { DatasetTask } from './dataset-tasks.ts';
import { TASK_INSTRUCTIONS, TASK_RESOURCE_TYPES } from './dataset-tasks.ts';
import { asArray, type EncounterGroup, type Loose, type PatientRecord } from './patient-record.ts';

/** One training example in the seed's instruction/input/output shape. */
export interface Example {
  readonly task: DatasetTask;
  readonly patientId: string;
  readonly instruction: string;
  readonly input: string;
  readonly output: string;
}

/** What a task found in the data, for the dataset card (counts only). */
export interface SourceStats {
  /** Encounters (or documents) looked at. */
  candidates: number;
  /** Of them, how many had what the task needs. */
  sourced: number;
  /** Code systems seen where a task needs one (e.g. Condition codes for ICD-10-CM coding). */
  systems: Record<string, number>;
}

export const ICD10CM_SYSTEMS = new Set(['http://hl7.org/fhir/sid/icd-10-cm', 'urn:oid:2.16.840.1.113883.6.90']);
const LOINC = 'http://loinc.org';
/** LOINC Discharge summary. */
export const DISCHARGE_SUMMARY_LOINC = '18842-5';
/** LOINC document types written for the patient: Patient instructions, Education note, Patient summary. */
export const PATIENT_FACING_LOINC = new Set(['69730-0', '34895-3', '60591-5']);
/** LOINC Emergency Severity Index (ESI, levels 1–5). */
export const ESI_LOINC = '75636-1';
/** Observations that record triage acuity: ESI (LOINC 75636-1), Acuity assessment at first encounter (11283-9). */
export const ACUITY_LOINC = new Set([ESI_LOINC, '11283-9']);
/** HL7 v3 ActPriority (EM, UR, R, EL…): how urgently an act is to be done, not a triage acuity scale. */
const ESI_CODES: ReadonlySet<string> = new Set([ESI_LOINC]);
const ACT_PRIORITY = 'http://terminology.hl7.org/CodeSystem/v3-ActPriority';
const SYSTEM_NAMES: Record<string, string> = {
  'http://snomed.info/sct': 'SNOMED CT',
  'http://hl7.org/fhir/sid/icd-10-cm': 'ICD-10-CM',
  'urn:oid:2.16.840.1.113883.6.90': 'ICD-10-CM',
  'http://hl7.org/fhir/sid/icd-9-cm': 'ICD-9-CM',
  'http://hl7.org/fhir/sid/icd-10': 'ICD-10 (WHO)',
};

function codings(cc: unknown): Loose[] {
  return asArray((cc as Loose | undefined)?.coding).filter((c): c is Loose => typeof c === 'object' && c !== null);
}

function ccText(cc: unknown): string | undefined {
  const c = cc as Loose | undefined;
  if (typeof c?.text === 'string' && c.text.trim() !== '') return c.text.trim();
  for (const coding of codings(c)) if (typeof coding.display === 'string') return coding.display;
  for (const coding of codings(c)) if (typeof coding.code === 'string') return coding.code;
  return undefined;
}

function hasLoinc(cc: unknown, codes: ReadonlySet<string>): boolean {
  return codings(cc).some((c) => c.system === LOINC && typeof c.code === 'string' && codes.has(c.code));
}

function year(value: unknown): number | undefined {
  const m = typeof value === 'string' ? /^(\d{4})/.exec(value) : null;
  return m?.[1] ? Number(m[1]) : undefined;
}

function encounterYear(e: Loose): number | undefined {
  return year((e.period as Loose | undefined)?.start);
}

/** Age at the encounter in whole years from (de-identified, year-only) dates; 90 and over are one group. */
function ageText(record: PatientRecord, e: Loose): string | undefined {
  const born = year(record.patient?.birthDate);
  const at = encounterYear(e);
  if (born === undefined || at === undefined || at < born) return undefined;
  const age = at - born;
  return age >= 90 ? '90 or older' : `${age}`;
}

function quantity(o: Loose): string | undefined {
  if (typeof o.valueInteger === 'number') return `${o.valueInteger}`;
  const q = o.valueQuantity as Loose | undefined;
  if (q !== undefined && typeof q.value === 'number')
    return `${q.value}${typeof q.unit === 'string' ? ` ${q.unit}` : ''}`;
  if (typeof o.valueString === 'string') return o.valueString;
  const cc = ccText(o.valueCodeableConcept);
  if (cc !== undefined) return cc;
  const parts = asArray(o.component)
    .map((c) => {
      const comp = c as Loose;
      const v = quantity(comp);
      const name = ccText(comp.code);
      return v !== undefined && name !== undefined ? `${name} ${v}` : undefined;
    })
    .filter((p): p is string => p !== undefined);
  return parts.length > 0 ? parts.join(', ') : undefined;
}

function isVital(o: Loose): boolean {
  return asArray(o.category).some((c) => codings(c).some((coding) => coding.code === 'vital-signs'));
}

/** The decoded text of a DocumentReference's first text/plain attachment. */
export function documentText(doc: Loose): string | undefined {
  for (const content of asArray(doc.content)) {
    const a = (content as Loose).attachment as Loose | undefined;
    if (a === undefined || typeof a.data !== 'string') continue;
    if (typeof a.contentType === 'string' && !/^text\//.test(a.contentType)) continue;
    const text = Buffer.from(a.data, 'base64').toString('utf8').trim();
    if (text !== '') return text;
  }
  return undefined;
}

function unique(list: (string | undefined)[]): string[] {
  return [...new Set(list.filter((s): s is string => s !== undefined && s !== ''))];
}

function section(title: string, lines: string[]): string[] {
  return lines.length === 0 ? [] : [`${title}:`, ...lines.map((l) => `- ${l}`)];
}

/**
 * The resource types an example may show: `'all'` (the task's and the context types), or, with minimum
 * necessary (HIPAA §164.502(b)), only the task's own (`TASK_RESOURCE_TYPES`), whatever else the build read
 * for its other tasks.
 */
export type ShownTypes = ReadonlySet<string> | 'all';

function shows(shown: ShownTypes, type: string): boolean {
  return shown === 'all' || shown.has(type);
}

/** The structured data of an encounter as plain text (years only, no identifiers: it is built from de-identified resources). */
export function renderEncounter(
  record: PatientRecord,
  group: EncounterGroup,
  options: { conditions: boolean; shown: ShownTypes },
): string {
  const shown = options.shown;
  const e = group.encounter;
  const cls = (e.class as Loose | undefined)?.code;
  const head = [
    `Encounter: ${unique(asArray(e.type).map(ccText)).join('; ') || 'unspecified'}${typeof cls === 'string' ? ` (class ${cls})` : ''}`,
  ];
  const age = shows(shown, 'Patient') ? ageText(record, e) : undefined;
  const gender = shows(shown, 'Patient') ? record.patient?.gender : undefined;
  if (age !== undefined || typeof gender === 'string') {
    head.push(
      `Patient: ${[age !== undefined ? `age ${age}` : undefined, typeof gender === 'string' ? gender : undefined].filter(Boolean).join(', ')}`,
    );
  }
  const reasons = unique(asArray(e.reasonCode).map(ccText));
  if (reasons.length > 0) head.push(`Reason for visit: ${reasons.join('; ')}`);
  const y = encounterYear(e);
  if (y !== undefined) head.push(`Year: ${y}`);
  const lines = [
    ...head,
    ...(options.conditions && shows(shown, 'Condition')
      ? section('Conditions', unique(group.conditions.map((c) => ccText(c.code))))
      : []),
    ...(shows(shown, 'Observation')
      ? section(
          'Observations',
          unique(
            group.observations.map((o) => {
              const name = ccText(o.code);
              const v = quantity(o);
              return name === undefined ? undefined : v === undefined ? name : `${name}: ${v}`;
            }),
          ),
        )
      : []),
    ...(shows(shown, 'Procedure') ? section('Procedures', unique(group.procedures.map((p) => ccText(p.code)))) : []),
    ...(shows(shown, 'MedicationRequest')
      ? section('Medications', unique(group.medications.map((m) => ccText(m.medicationCodeableConcept))))
      : []),
    ...(shown === 'all'
      ? section('Other', unique(group.other.map((o) => ccText(o.code) ?? ccText(o.vaccineCode) ?? ccText(o.type))))
      : []),
  ];
  return lines.join('\n');
}

function isDischargeSummary(doc: Loose): boolean {
  return hasLoinc(doc.type, new Set([DISCHARGE_SUMMARY_LOINC]));
}

function isPatientFacing(doc: Loose): boolean {
  return hasLoinc(doc.type, PATIENT_FACING_LOINC);
}

function example(task: DatasetTask, record: PatientRecord, input: string, output: string): Example {
  return { task, patientId: record.patientId, instruction: TASK_INSTRUCTIONS[task], input, output };
}

const ESI_LABEL = /\b(?:ESI|emergency severity index|level|triage)\s*(?:level\s*)?:?\s*([1-5])\b/i;
const NAMES_ESI = /\bESI\b|emergency severity index/i;

/** An ESI level from a number or a label ("2", "ESI 2", "Level 2 - Emergent"). */
function levelOf(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isInteger(value) && value >= 1 && value <= 5 ? value : undefined;
  if (typeof value !== 'string') return undefined;
  const m = /^\s*([1-5])\s*(?:$|[-–:(])/.exec(value) ?? ESI_LABEL.exec(value);
  return m?.[1] === undefined ? undefined : Number(m[1]);
}

/** The ESI level of an ESI Observation, whichever way its value is written (integer, Quantity, coded, string). */
function esiLevel(o: Loose): number | undefined {
  const cc = o.valueCodeableConcept as Loose | undefined;
  const candidates: unknown[] = [
    o.valueInteger,
    (o.valueQuantity as Loose | undefined)?.value,
    o.valueString,
    ...codings(cc).flatMap((c) => [c.code, c.display]),
    cc?.text,
  ];
  for (const v of candidates) {
    const level = levelOf(v);
    if (level !== undefined) return level;
  }
  return undefined;
}

/**
 * The ESI level named by `Encounter.priority`, where a site records it there. HL7 ActPriority codes (EM,
 * UR, R, EL…) are how urgently the encounter is to be handled, not a triage acuity scale, and a bare
 * "2" may be another five-level scale (CTAS, Manchester): only a priority that says it is ESI is used.
 */
function priorityLevel(e: Loose): number | undefined {
  const cc = e.priority as Loose | undefined;
  for (const c of codings(cc)) {
    if (c.system === ACT_PRIORITY) continue;
    const named = [c.system, c.display].some((v) => typeof v === 'string' && NAMES_ESI.test(v));
    if (!named) continue;
    const level = levelOf(c.code) ?? levelOf(c.display);
    if (level !== undefined) return level;
  }
  return typeof cc?.text === 'string' && NAMES_ESI.test(cc.text) ? levelOf(cc.text) : undefined;
}

/**
 * The triage label of an encounter, normalised: `ESI <1–5>` from an ESI Observation (LOINC 75636-1) or an
 * `Encounter.priority` that names ESI; else the recorded value of an Acuity assessment at first encounter
 * (LOINC 11283-9), whose scale is the site's own.
 */
function acuityOf(group: EncounterGroup): string | undefined {
  for (const o of group.observations) {
    if (!hasLoinc(o.code, ESI_CODES)) continue;
    const level = esiLevel(o);
    if (level !== undefined) return `ESI ${level}`;
  }
  const level = priorityLevel(group.encounter);
  if (level !== undefined) return `ESI ${level}`;
  for (const o of group.observations) {
    if (!hasLoinc(o.code, ACUITY_LOINC) || hasLoinc(o.code, ESI_CODES)) continue;
    const value = quantity(o);
    if (value !== undefined) return value;
  }
  return undefined;
}

const PATIENT_REF = /(?:^|\/)Patient\/([^/]+?)(?:\/_history\/[^/]+)?$/;

/** The text of a Communication sent to the patient themself (not to a practitioner, a relative…). */
function patientMessage(c: Loose, record: PatientRecord): string | undefined {
  const toPatient = asArray(c.recipient).some((r) => {
    const ref = (r as Loose | undefined)?.reference;
    return typeof ref === 'string' && PATIENT_REF.exec(ref)?.[1] === record.patientId;
  });
  if (!toPatient) return undefined;
  return asArray(c.payload)
    .map((p) => (p as Loose | undefined)?.contentString)
    .find((s): s is string => typeof s === 'string' && s.trim() !== '')
    ?.trim();
}

/**
 * The examples one task can source from one patient's data, and what it found. Nothing is made up: a task
 * whose source is absent yields no example (the card reports it with the counts in `stats`). With
 * `minimumNecessary`, an example shows only the task's own resource types (`TASK_RESOURCE_TYPES`).
 */
export function examplesFor(
  task: DatasetTask,
  record: PatientRecord,
  stats: SourceStats,
  options: { minimumNecessary: boolean },
): Example[] {
  const out: Example[] = [];
  const shown: ShownTypes = options.minimumNecessary ? new Set(TASK_RESOURCE_TYPES[task]) : 'all';
  for (const group of record.encounters.values()) {
    const notes = group.documents.filter((d) => !isDischargeSummary(d) && !isPatientFacing(d));
    switch (task) {
      case 'note-generation': {
        stats.candidates++;
        const text = notes.map(documentText).find((t) => t !== undefined);
        if (text === undefined) break;
        stats.sourced++;
        out.push(example(task, record, renderEncounter(record, group, { conditions: true, shown }), text));
        break;
      }
      case 'icd10-coding': {
        stats.candidates++;
        const codes: string[] = [];
        for (const condition of group.conditions) {
          for (const coding of codings(condition.code)) {
            const system = typeof coding.system === 'string' ? coding.system : 'none';
            const name = SYSTEM_NAMES[system] ?? system;
            stats.systems[name] = (stats.systems[name] ?? 0) + 1;
            if (ICD10CM_SYSTEMS.has(system) && typeof coding.code === 'string') {
              codes.push(`${coding.code}${typeof coding.display === 'string' ? ` ${coding.display}` : ''}`);
            }
          }
        }
        if (codes.length === 0) break;
        stats.sourced++;
        const note = notes.map(documentText).find((t) => t !== undefined);
        const input = note ?? renderEncounter(record, group, { conditions: false, shown });
        out.push(example(task, record, input, unique(codes).join('\n')));
        break;
      }
      case 'triage': {
        stats.candidates++;
        const acuity = acuityOf(group);
        if (acuity === undefined) break;
        stats.sourced++;
        const e = group.encounter;
        const vitals = unique(
          // The acuity itself is the answer: never in the input, whatever its category.
          group.observations
            .filter((o) => isVital(o) && !hasLoinc(o.code, ACUITY_LOINC))
            .map((o) => {
              const v = quantity(o);
              const name = ccText(o.code);
              return name !== undefined && v !== undefined ? `${name}: ${v}` : undefined;
            }),
        );
        const input = [
          `Presenting complaint: ${unique([...asArray(e.reasonCode).map(ccText), ...asArray(e.type).map(ccText)])[0] ?? 'not recorded'}`,
          `Age: ${ageText(record, e) ?? 'not recorded'}`,
          ...section('Vital signs', vitals),
        ].join('\n');
        out.push(example(task, record, input, acuity));
        break;
      }
      case 'discharge-summary': {
        const cls = (group.encounter.class as Loose | undefined)?.code;
        if (cls !== 'IMP' && cls !== 'ACUTE' && cls !== 'NONAC') break;
        stats.candidates++;
        const summary = group.documents
          .filter(isDischargeSummary)
          .map(documentText)
          .find((t) => t !== undefined);
        if (summary === undefined) break;
        stats.sourced++;
        out.push(example(task, record, renderEncounter(record, group, { conditions: true, shown }), summary));
        break;
      }
      case 'patient-communication': {
        const plain =
          group.documents
            .filter(isPatientFacing)
            .map(documentText)
            .find((t) => t !== undefined) ??
          group.communications.map((c) => patientMessage(c, record)).find((s) => s !== undefined);
        const clinical = notes.map(documentText).find((t) => t !== undefined);
        if (clinical === undefined && plain === undefined) break;
        stats.candidates++;
        if (plain === undefined || clinical === undefined) break;
        stats.sourced++;
        out.push(example(task, record, clinical, plain));
        break;
      }
    }
  }
  return out;
}

/** Why a task yielded nothing, from its counts (never from content). */
export function notSourceableReason(task: DatasetTask, stats: SourceStats, typesPresent: ReadonlySet<string>): string {
  switch (task) {
    case 'note-generation':
      return typesPresent.has('DocumentReference')
        ? `no encounter of ${stats.candidates} has a text note (DocumentReference) linked to it`
        : `the export has no DocumentReference (clinical notes) to learn from (${stats.candidates} encounters)`;
    case 'icd10-coding': {
      const systems = Object.entries(stats.systems)
        .map(([s, n]) => `${s} ${n}`)
        .join(', ');
      return `no Condition is coded in ICD-10-CM (Condition codings seen: ${systems || 'none'}); no mapping from other code systems is invented`;
    }
    case 'triage':
      return `no acuity is recorded (an ESI or acuity Observation, LOINC 75636-1/11283-9, or an Encounter.priority that names an ESI level; ActPriority urgency codes are not acuity) on any of ${stats.candidates} encounters`;
    case 'discharge-summary':
      return `no discharge summary note (LOINC ${DISCHARGE_SUMMARY_LOINC}) on any of ${stats.candidates} inpatient encounters`;
    case 'patient-communication':
      return `no plain-language text for the patient (DocumentReference of LOINC 69730-0/34895-3/60591-5 or Communication to the patient) beside a clinical note; ${stats.candidates} encounters with notes looked at`;
  }
}
