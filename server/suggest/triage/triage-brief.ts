import type { TriageBrief } from '../../inference/backend.ts';
import type { TriageAssessment } from './assess-triage.ts';
import { CONCEPT_BY_ID } from './concepts.ts';
import type { Evidence, TriageFindings } from './findings.ts';

/** Each vital sign's label and the unit its value is held in (temperatures are converted to °C). */
const VITALS: Record<string, string> = {
  temperatureC: 'temperature (°C)',
  heartRate: 'heart rate (/min)',
  respiratoryRate: 'respiratory rate (/min)',
  spo2: 'SpO2 (%)',
  systolic: 'systolic blood pressure (mmHg)',
  diastolic: 'diastolic blood pressure (mmHg)',
  gcs: 'GCS',
  painScore: 'pain score (/10)',
  glucoseMgDl: 'glucose (mg/dL)',
};
/** A unit as written, when it looks like a unit (a chart's unit field is free text). */
const UNIT = /^[A-Za-z0-9/%.^*µ°[\]{} -]{1,16}$/;

const MAX_DISCRIMINATORS = 12;
const MAX_EVIDENCE = 4;
const MAX_FINDINGS = 40;

/** A text span as written (it is part of the de-identified case text); a chart item by its kind only. */
const quote = (e: Evidence): string => (e.kind === 'text' ? e.text : '(chart)');

/**
 * The engine's findings for a model backend's prompt: the floor, the discriminators with their evidence,
 * the findings present (values as numbers with units) and those negated or historical. Only labels,
 * numbers and spans of the de-identified text: nothing from a chart item but its value.
 */
export function triageBrief(findings: TriageFindings, assessment: TriageAssessment): TriageBrief {
  const present = [...findings.present.values()].map((f) => f.label);
  const values = [
    // Safe Harbor: an age over 89 is itself an identifier.
    ...(findings.ageYears !== undefined
      ? [findings.ageYears >= 90 ? 'age 90 years or older' : `age ${Math.floor(findings.ageYears)} years`]
      : []),
    ...(findings.sex ? [`sex ${findings.sex}`] : []),
    ...Object.entries(findings.vitals).map(([name, v]) => `${VITALS[name] ?? name} ${v.value}`),
    ...Object.entries(findings.labs).map(([name, v]) => `${name} ${v.value}${UNIT.test(v.unit) ? ` ${v.unit}` : ''}`),
  ];
  // Bounded, so that a long chart's brief stays a small part of a local model's context.
  return {
    floor: assessment.floor,
    discriminators: assessment.discriminators.slice(0, MAX_DISCRIMINATORS).map((d) => ({
      name: d.name,
      protocol: d.protocol,
      level: d.level,
      evidence: [...new Set(d.evidence.map(quote))].slice(0, MAX_EVIDENCE),
    })),
    findings: [...values, ...new Set(present)].slice(0, MAX_FINDINGS),
    excluded: [...findings.excluded]
      .map(([id, status]) => `${CONCEPT_BY_ID.get(id)?.label ?? id} (${status})`)
      .slice(0, MAX_FINDINGS),
  };
}
