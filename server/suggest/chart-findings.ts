import type { ChartModel, VitalKind as ChartVitalKind } from '../chart/chart-model.ts';
import type { RenderedChart } from '../chart/render-chart-text.ts';
import type { StructuredFindings, VitalKind } from './triage/triage-input.ts';

const VITAL_KIND: Partial<Record<ChartVitalKind, VitalKind>> = {
  systolic: 'systolicBP',
  diastolic: 'diastolicBP',
  'heart-rate': 'heartRate',
  'respiratory-rate': 'respiratoryRate',
  spo2: 'spo2',
  temperature: 'temperature',
  gcs: 'gcs',
  pain: 'painScore',
};

/**
 * The triage engine's structured findings from the chart model: the latest vital signs and results in
 * the encounter's window as numbers (each with its FHIR reference), age, sex, pregnancy, current
 * medications, and the problem list and past history as risk (never as a presentation). Names are read
 * from the de-identified rendering.
 */
export function structuredFindingsOf(model: ChartModel, rendered: RenderedChart): StructuredFindings {
  const words = (kinds: readonly string[]): { text: string; ref: string }[] =>
    rendered.parts
      .filter((p) => kinds.includes(p.kind))
      .map((p) => ({ text: rendered.text.slice(p.start, p.end).slice(0, 500), ref: p.ref }))
      .filter((x) => x.text !== '');
  return {
    ...(model.patient?.ageYears !== undefined ? { ageYears: Math.min(130, model.patient.ageYears) } : {}),
    ...(model.patient?.sex !== undefined ? { sex: model.patient.sex } : {}),
    ...(model.pregnancy ? { pregnant: true } : {}),
    vitals: model.vitals.flatMap((m) => {
      const kind = VITAL_KIND[m.kind];
      return kind !== undefined ? [{ kind, value: m.value, unit: m.unit.slice(0, 40), ref: m.ref }] : [];
    }),
    labs: model.labs.map((m) => ({
      ...(m.loinc !== undefined ? { loinc: m.loinc.slice(0, 20) } : {}),
      name: m.name.slice(0, 120),
      value: m.value,
      unit: m.unit.slice(0, 40),
      ref: m.ref,
    })),
    medications: words(['medication']).map((m) => ({ name: m.text.slice(0, 200), ref: m.ref })),
    history: words(['current', 'provisional', 'history']),
  };
}

/**
 * The presenting part of a rendered chart (the encounter's reasons, diagnoses and notes), everything else
 * blanked with offsets kept: what triage reads as the presentation. History, the problem list and values
 * never fire a presentation.
 */
export function presentingText(rendered: RenderedChart): string {
  let out = ' '.repeat(rendered.text.length);
  for (const p of rendered.parts) {
    if (p.kind !== 'reason' && p.kind !== 'encounter-diagnosis' && p.kind !== 'note') continue;
    out = out.slice(0, p.start) + rendered.text.slice(p.start, p.end) + out.slice(p.end);
  }
  return out;
}
