/**
 * A typed picture of one patient's chart *now*, around the encounter in front of the physician. Every
 * item keeps the FHIR reference it was read from (`ref`, as the EHR names it) and its position in the
 * resources the model was built from (`index`), so a suggestion can cite what it rests on and a renderer
 * can read the same resource after de-identification.
 */
export interface ChartItemRef {
  /** `Type/id` as the EHR gave it (or `Type/#n` for a resource without an id). */
  ref: string;
  /** Position of the resource in the list the model was built from. */
  index: number;
}

export interface ChartPatient extends ChartItemRef {
  /** Age at the encounter (or at `now` without one), in years; fractions under 2. */
  ageYears?: number;
  sex?: 'female' | 'male';
}

export interface ChartEncounter extends ChartItemRef {
  /** True when the launch or hook named it; false when the model took the latest encounter itself. */
  inContext: boolean;
  start?: string;
  end?: string;
  /** `AMB`, `EMER`, `IMP`… (v3 ActCode). */
  class?: string;
  types: string[];
  reasons: string[];
}

/** Where a problem stands at the encounter (FHIR R4 Condition clinicalStatus / verificationStatus). */
export type ProblemStatus = 'current' | 'history' | 'ignored';

export interface ChartCoding {
  system: string;
  code: string;
  display?: string;
}

export interface ChartProblem extends ChartItemRef {
  name: string;
  codings: ChartCoding[];
  status: ProblemStatus;
  clinicalStatus?: string;
  verificationStatus?: string;
  /** `provisional`, `differential` or `unconfirmed`: not a diagnosis to code (Guidelines IV.H). */
  provisional: boolean;
  /** Recorded for (or listed as a diagnosis of) the encounter in context. */
  ofEncounter: boolean;
  category?: string;
  /** Written by Chartside (carries its tag). */
  byChartside: boolean;
  onset?: string;
  abatement?: string;
}

/** Vital signs Chartside reads as numbers (LOINC). */
export type VitalKind =
  | 'systolic'
  | 'diastolic'
  | 'heart-rate'
  | 'respiratory-rate'
  | 'spo2'
  | 'temperature'
  | 'pain'
  | 'weight'
  | 'height'
  | 'bmi'
  | 'gcs'
  | 'other';

export interface ChartMeasurement extends ChartItemRef {
  category: 'vital' | 'lab';
  kind: VitalKind;
  loinc?: string;
  name: string;
  value: number;
  /** UCUM code when the resource gives one, else its unit text. */
  unit: string;
  time: string;
}

export interface ChartNamedItem extends ChartItemRef {
  name: string;
}

export interface ChartNote extends ChartItemRef {
  kind: 'DocumentReference' | 'DiagnosticReport';
  title?: string;
  date?: string;
}

export interface ChartModel {
  patient?: ChartPatient;
  encounter?: ChartEncounter;
  /** The instants vital signs and results must lie in (encounter period, widened by the look-back). */
  window: { start: string; end: string };
  problems: ChartProblem[];
  vitals: ChartMeasurement[];
  labs: ChartMeasurement[];
  medications: ChartNamedItem[];
  allergies: ChartNamedItem[];
  pregnancy?: ChartNamedItem;
  procedures: ChartNamedItem[];
  notes: ChartNote[];
  /** Observations left out because they lie outside the window (counts only). */
  outsideWindow: number;
}

/** The tag Chartside puts on the resources it writes (Condition.meta.tag). */
export const CHARTSIDE_TAG = { system: 'urn:chartside:fhir:CodeSystem:tag', code: 'chartside' } as const;

export const ICD10CM_SYSTEM = 'http://hl7.org/fhir/sid/icd-10-cm';
