import { MentionContext } from '../clinical-text/mention-context.ts';
import {
  readMeasurements,
  type Avpu,
  type LabName,
  type Measurement,
  type VitalName,
} from '../clinical-text/measurements.ts';
import { sectionAt } from '../clinical-text/sections.ts';
import { CONCEPT_BY_ID, CONCEPT_INDEX, CONCEPTS, type Concept } from './concepts.ts';
import { findLayClauses } from './lay-clause-reader.ts';
import { readFallHeight } from './fall-height.ts';
import type { StructuredFindings, TriageInput, VitalKind } from './triage-input.ts';

/**
 * Where a finding comes from: a verbatim span of the de-identified text (UTF-16 offsets, end
 * exclusive), or a structured chart item named by its FHIR reference.
 */
export type Evidence =
  { kind: 'text'; text: string; start: number; end: number } | { kind: 'fhir'; ref: string; text: string };

export interface Finding {
  id: string;
  label: string;
  evidence: Evidence[];
}

export interface Value {
  value: number;
  unit: string;
  evidence: Evidence;
}

/** Everything the discriminators read: concepts present now, measurements, age, sex. */
export interface TriageFindings {
  ageYears?: number;
  /** Where the age is written, for discriminators that depend on it. */
  ageEvidence?: Evidence;
  sex?: 'female' | 'male';
  /** Present findings by concept id (text concepts, risk factors and findings derived from values). */
  present: Map<string, Finding>;
  vitals: Partial<Record<VitalName, Value>>;
  labs: Partial<Record<LabName, Value>>;
  avpu?: Avpu;
  /** The height of a fall the text states, in feet (stairs counted as well when the fall was down stairs). */
  fall?: Value & { stairs?: number };
  /** Concepts mentioned but negated, historical or about someone else (for the explanation). */
  excluded: Map<string, 'negated' | 'historical' | 'family'>;
}

const IGNORED_SECTIONS = new Set(['past-history', 'family-history', 'medications', 'allergies', 'social-history']);

/** A verbatim span, without the whitespace a pattern may have taken at either end. */
function textEvidence(text: string, start: number, end: number): Evidence {
  let s = start;
  let e = end;
  while (s < e && /\s/.test(text[s] ?? '')) s++;
  while (e > s && /\s/.test(text[e - 1] ?? '')) e--;
  return { kind: 'text', text: text.slice(s, e), start: s, end: e };
}

/**
 * Records a mention if it counts for the patient now (risk concepts also as history); otherwise notes
 * why it was left out. Returns whether it counted.
 */
function recordMention(
  text: string,
  context: MentionContext,
  findings: TriageFindings,
  concept: { id: string; label: string; kind: Concept['kind'] },
  start: number,
  end: number,
  ownTriggers: boolean,
): boolean {
  const status = context.statusOf(start, end, { ownTriggers });
  const section = sectionAt(context.sections, start);
  // A history heading governs its paragraph: a blank line ends it (a rendered chart's note follows).
  const body = context.sections.find((x) => start >= x.start && start < x.end);
  const inHistory =
    IGNORED_SECTIONS.has(section) && body !== undefined && !text.slice(body.start, start).includes('\n\n');
  const counts =
    concept.kind === 'risk'
      ? status !== 'negated' && status !== 'family' && section !== 'family-history'
      : (status === 'affirmed' || status === 'uncertain') && !inHistory && section !== 'family-history';
  if (counts) {
    findings.present.set(concept.id, {
      id: concept.id,
      label: concept.label,
      evidence: [textEvidence(text, start, end)],
    });
    findings.excluded.delete(concept.id);
    return true;
  }
  if (!findings.excluded.has(concept.id))
    findings.excluded.set(
      concept.id,
      status === 'family' || section === 'family-history' ? 'family' : status === 'negated' ? 'negated' : 'historical',
    );
  return false;
}

/** Reads text concepts with their status: the first affirmed (or uncertain) mention is the evidence. */
function readConcepts(text: string, context: MentionContext, findings: TriageFindings): void {
  const candidates = CONCEPT_INDEX.candidates(text);
  for (let i = 0; i < CONCEPTS.length; i++) {
    const concept = CONCEPTS[i] as Concept;
    if (!candidates[i]) continue;
    if (concept.onlyWith && !concept.onlyWith.some((id) => findings.present.has(id))) continue;
    const pattern = concept.pattern;
    pattern.lastIndex = 0;
    for (let m = pattern.exec(text); m !== null; m = pattern.exec(text)) {
      if (m[0].length === 0) {
        pattern.lastIndex++;
        continue;
      }
      const start = m.index;
      const end = start + m[0].trimEnd().length;
      if (recordMention(text, context, findings, concept, start, end, true)) break;
    }
  }
}

/**
 * Reads what patients describe in their own words, in any order (`lay-clauses.ts`), for concepts the
 * text did not already give. A row's own "not" is its finding only where the row is an absence.
 */
function readLayClauses(text: string, context: MentionContext, findings: TriageFindings): void {
  for (const m of findLayClauses(text)) {
    const id = m.row.concept;
    if (findings.present.has(id)) continue;
    const known = CONCEPT_BY_ID.get(id);
    const concept = {
      id,
      label: known?.label ?? m.row.label ?? id.replaceAll('-', ' '),
      kind: known?.kind ?? m.row.kind ?? 'presentation',
    };
    recordMention(text, context, findings, concept, m.start, m.end, m.row.absence === true);
  }
}

const VITAL_OF_KIND: Record<VitalKind, VitalName> = {
  temperature: 'temperatureC',
  heartRate: 'heartRate',
  respiratoryRate: 'respiratoryRate',
  spo2: 'spo2',
  systolicBP: 'systolic',
  diastolicBP: 'diastolic',
  gcs: 'gcs',
  painScore: 'painScore',
};

/** LOINC codes of the laboratory results the discriminators read. */
const LAB_OF_LOINC: Record<string, LabName> = {
  '2823-3': 'potassium',
  '6298-4': 'potassium',
  '2951-2': 'sodium',
  '2947-0': 'sodium',
  '2524-7': 'lactate',
  '32693-4': 'lactate',
  '6598-7': 'troponin',
  '10839-9': 'troponin',
  '89579-7': 'troponin',
  '67151-1': 'troponin',
  '718-7': 'hemoglobin',
  '777-3': 'platelets',
  '6301-6': 'inr',
  '34714-6': 'inr',
  '1742-6': 'alt',
  '1920-8': 'ast',
  '1975-2': 'bilirubin',
  '2160-0': 'creatinine',
  '2744-1': 'ph',
  '11558-4': 'ph',
  '1963-8': 'bicarbonate',
  '2028-9': 'bicarbonate',
  '6690-2': 'wbc',
  '751-8': 'neutrophils',
  '20509-6': 'hemoglobin',
  '30313-1': 'hemoglobin',
  '39789-3': 'potassium',
  '39791-9': 'sodium',
  '2519-7': 'lactate',
  '42757-5': 'troponin',
  '26515-7': 'platelets',
  '26464-8': 'wbc',
  '46418-0': 'inr',
  '2746-6': 'ph',
  '1743-4': 'alt',
  '30239-8': 'ast',
  '38483-4': 'creatinine',
  '41653-7': 'glucoseMgDl' as LabName,
  '14749-6': 'glucoseMgDl' as LabName,
  '15074-8': 'glucoseMgDl' as LabName,
  '2339-0': 'glucoseMgDl' as LabName,
  '2345-7': 'glucoseMgDl' as LabName,
};

/** Tests named like a listed one that are not it: glycated haemoglobin, urine or other fluids. */
const NOT_THE_LAB =
  /\b(?:a1c|glycated|glycosylated|urine|urinary|csf|pleural|ascit\w*|stool|fecal|faecal|free hemoglobin)\b|\bhba1c\b/i;

const LAB_OF_NAME: readonly (readonly [RegExp, LabName | 'glucoseMgDl'])[] = [
  [/^(?:potassium|k)\b/i, 'potassium'],
  [/^(?:sodium|na)\b/i, 'sodium'],
  [/lactate|lactic/i, 'lactate'],
  [/troponin/i, 'troponin'],
  [/^(?:ha?emoglobin|hgb|hb)\b/i, 'hemoglobin'],
  [/platelet/i, 'platelets'],
  [/\binr\b/i, 'inr'],
  [/^(?:alt|alanine)/i, 'alt'],
  [/^(?:ast|aspartate)/i, 'ast'],
  [/bilirubin/i, 'bilirubin'],
  [/creatinine/i, 'creatinine'],
  [/^ph\b/i, 'ph'],
  [/bicarbonate|hco3/i, 'bicarbonate'],
  [/^(?:wbc|white|leuko)/i, 'wbc'],
  [/neutrophil/i, 'neutrophils'],
  [/glucose/i, 'glucoseMgDl'],
];

function celsius(value: number, unit: string): number {
  return /f/i.test(unit) || (unit === '' && value > 50) ? Math.round((((value - 32) * 5) / 9) * 10) / 10 : value;
}

/** Adds what a structured chart says where the text says nothing of the kind. */
function mergeStructured(s: StructuredFindings, findings: TriageFindings): void {
  if (findings.ageYears === undefined && s.ageYears !== undefined) {
    findings.ageYears = s.ageYears;
    findings.ageEvidence = { kind: 'fhir', ref: 'Patient', text: `age ${Math.floor(s.ageYears)}` };
  }
  if (findings.sex === undefined && (s.sex === 'female' || s.sex === 'male')) findings.sex = s.sex;
  if (s.pregnant === true && !findings.present.has('pregnant'))
    findings.present.set('pregnant', {
      id: 'pregnant',
      label: 'pregnant',
      evidence: [{ kind: 'fhir', ref: 'Patient', text: 'pregnant' }],
    });
  for (const v of s.vitals ?? []) {
    const name = VITAL_OF_KIND[v.kind];
    if (findings.vitals[name] !== undefined) continue;
    const value = v.kind === 'temperature' ? celsius(v.value, v.unit) : v.value;
    findings.vitals[name] = {
      value,
      unit: v.unit,
      evidence: { kind: 'fhir', ref: v.ref, text: `${v.kind} ${v.value} ${v.unit}`.trim() },
    };
  }
  for (const lab of s.labs ?? []) {
    // A LOINC code decides: a coded test the table does not list (HbA1c 4548-4, a urine glucose) is
    // not read by its name, whose words it shares ("Hemoglobin A1c/Hemoglobin.total in Blood").
    const name = lab.loinc
      ? LAB_OF_LOINC[lab.loinc]
      : NOT_THE_LAB.test(lab.name)
        ? undefined
        : LAB_OF_NAME.find(([re]) => re.test(lab.name))?.[1];
    if (name === undefined) continue;
    const value: Value = {
      value: lab.value,
      unit: lab.unit,
      evidence: { kind: 'fhir', ref: lab.ref, text: `${lab.name} ${lab.value} ${lab.unit}`.trim() },
    };
    if (name === 'glucoseMgDl') {
      if (findings.vitals.glucoseMgDl === undefined)
        findings.vitals.glucoseMgDl = /mmol/i.test(lab.unit) ? { ...value, value: Math.round(lab.value * 18) } : value;
    } else findings.labs[name] ??= value;
  }
  // Medications and history raise risk only: only risk concepts are read from them.
  const riskItems = [
    ...(s.medications ?? []).map((m) => ({ text: m.name, ref: m.ref })),
    ...(s.history ?? []).map((h) => ({ text: h.text, ref: h.ref })),
  ];
  for (const item of riskItems) {
    for (const concept of CONCEPTS) {
      if (concept.kind !== 'risk' || findings.present.has(concept.id)) continue;
      concept.pattern.lastIndex = 0;
      if (concept.pattern.test(item.text))
        findings.present.set(concept.id, {
          id: concept.id,
          label: concept.label,
          evidence: [{ kind: 'fhir', ref: item.ref, text: item.text }],
        });
    }
  }
}

/** Reads findings from the de-identified text and the optional structured chart findings. */
export function extractFindings(input: TriageInput): TriageFindings {
  const { text } = input;
  const findings: TriageFindings = { present: new Map(), vitals: {}, labs: {}, excluded: new Map() };
  const measured = readMeasurements(text);
  const asValue = (m: Measurement): Value => ({
    value: m.value,
    unit: m.unit,
    evidence: textEvidence(text, m.start, m.end),
  });
  for (const [name, m] of Object.entries(measured.vitals)) findings.vitals[name as VitalName] = asValue(m);
  for (const [name, m] of Object.entries(measured.labs)) findings.labs[name as LabName] = asValue(m);
  if (measured.age) {
    findings.ageYears = measured.age.years;
    findings.ageEvidence = textEvidence(text, measured.age.start, measured.age.end);
  }
  if (measured.sex) findings.sex = measured.sex.value;
  if (measured.avpu) {
    findings.avpu = measured.avpu.value;
    const ev = textEvidence(text, measured.avpu.start, measured.avpu.end);
    if (measured.avpu.value !== 'alert')
      findings.present.set(`avpu-${measured.avpu.value}`, {
        id: `avpu-${measured.avpu.value}`,
        label: `AVPU: responds to ${measured.avpu.value === 'unresponsive' ? 'nothing' : measured.avpu.value}`,
        evidence: [ev],
      });
  }
  const context = new MentionContext(text);
  readConcepts(text, context, findings);
  readLayClauses(text, context, findings);
  const fall = readFallHeight(text, (start, end) => {
    const status = context.statusOf(start, end);
    return status === 'affirmed' || status === 'uncertain';
  });
  if (fall)
    findings.fall = {
      value: fall.feet,
      unit: 'ft',
      evidence: textEvidence(text, fall.start, fall.end),
      ...(fall.stairs !== undefined ? { stairs: fall.stairs } : {}),
    };
  if (input.structured) mergeStructured(input.structured, findings);
  return findings;
}
