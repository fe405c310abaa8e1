import type { ChartModel } from '../chart/chart-model.ts';
import type { RenderedChart } from '../chart/render-chart-text.ts';
import type { ParsedFindings, Vitals } from './clinical-text/vitals.ts';

/** Plausible ranges, as the text reader uses: a value outside is reported, never used. */
const PLAUSIBLE: Record<keyof Vitals, [number, number]> = {
  systolic: [30, 300],
  diastolic: [10, 200],
  heartRate: [15, 300],
  respiratoryRate: [2, 80],
  spo2: [30, 100],
  temperatureC: [25, 45],
  gcs: [3, 15],
  glucose: [10, 2000],
  pain: [0, 10],
};

const GLUCOSE_LOINC = new Set(['2339-0', '2345-7', '41653-7', '2340-8']);

/**
 * The triage findings of a chart, from its numbers rather than its words: the latest vital signs and
 * glucose in the encounter's window (temperature in °C, glucose in mg/dL), age, sex and pregnancy.
 */
export function findingsOfChart(model: ChartModel): ParsedFindings {
  const out: ParsedFindings = { vitals: {}, demographics: {}, implausible: [] };
  const set = (key: keyof Vitals, value: number): void => {
    const [min, max] = PLAUSIBLE[key];
    if (!Number.isFinite(value) || value < min || value > max) {
      if (!out.implausible.includes(key)) out.implausible.push(key);
      return;
    }
    out.vitals[key] = value;
  };
  for (const m of model.vitals) {
    switch (m.kind) {
      case 'systolic':
        set('systolic', m.value);
        break;
      case 'diastolic':
        set('diastolic', m.value);
        break;
      case 'heart-rate':
        set('heartRate', m.value);
        break;
      case 'respiratory-rate':
        set('respiratoryRate', m.value);
        break;
      case 'spo2':
        set('spo2', m.value);
        break;
      case 'temperature':
        set(
          'temperatureC',
          m.unit === '[degF]' || m.unit === 'degF' || m.unit === '°F'
            ? Math.round(((m.value - 32) * 50) / 9) / 10
            : m.value,
        );
        break;
      case 'gcs':
        set('gcs', m.value);
        break;
      case 'pain':
        set('pain', m.value);
        break;
      case 'weight':
      case 'height':
      case 'bmi':
      case 'other':
        break;
    }
  }
  const glucose = [...model.vitals, ...model.labs].find((m) => m.loinc !== undefined && GLUCOSE_LOINC.has(m.loinc));
  if (glucose) set('glucose', /mmol/i.test(glucose.unit) ? Math.round(glucose.value * 18) : glucose.value);
  const d = out.demographics;
  if (model.patient?.ageYears !== undefined) d.ageYears = model.patient.ageYears;
  if (model.patient?.sex !== undefined) d.sex = model.patient.sex;
  if (model.pregnancy) d.pregnant = true;
  return out;
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
