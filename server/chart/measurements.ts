import type { Observation, Quantity } from 'fhir/r4.d.ts';
import type { ChartMeasurement, VitalKind } from './chart-model.ts';

const LOINC = 'http://loinc.org';
const UCUM = 'http://unitsofmeasure.org';

/** LOINC codes of the vital signs Chartside reads (FHIR R4 vital signs profile, and a few common others). */
const VITAL_LOINC: Record<string, VitalKind> = {
  '8480-6': 'systolic',
  '8462-4': 'diastolic',
  '8867-4': 'heart-rate',
  '9279-1': 'respiratory-rate',
  '59408-5': 'spo2',
  '2708-6': 'spo2',
  '8310-5': 'temperature',
  '8331-1': 'temperature',
  '72514-3': 'pain',
  '38208-5': 'pain',
  '29463-7': 'weight',
  '8302-2': 'height',
  '39156-5': 'bmi',
  '9269-2': 'gcs',
};
const BP_PANELS = new Set(['85354-9', '55284-4', '35094-2']);

function categoryOf(o: Observation): 'vital' | 'lab' | undefined {
  const codes = (o.category ?? []).flatMap((c) => (c.coding ?? []).map((x) => x.code));
  if (codes.includes('vital-signs')) return 'vital';
  if (codes.includes('laboratory')) return 'lab';
  const loinc = loincOf(o);
  if (loinc !== undefined && (VITAL_LOINC[loinc] !== undefined || BP_PANELS.has(loinc))) return 'vital';
  return undefined;
}

function loincOf(o: { code: Observation['code'] }): string | undefined {
  return o.code.coding?.find((c) => c.system === LOINC && c.code !== undefined)?.code;
}

function nameOf(o: { code: Observation['code'] }): string {
  return o.code.text ?? o.code.coding?.find((c) => c.display)?.display ?? loincOf(o) ?? 'observation';
}

/** A quantity as a number and a unit: the UCUM code when the system is UCUM, else the unit text. */
function quantity(q: Quantity | undefined): { value: number; unit: string } | undefined {
  if (q?.value === undefined || !Number.isFinite(q.value)) return undefined;
  const unit = q.system === UCUM && q.code !== undefined ? q.code : (q.unit ?? q.code ?? '');
  return { value: q.value, unit };
}

/** When an Observation was taken: effective[x], else issued. */
export function observationTime(o: Observation): string | undefined {
  return o.effectiveDateTime ?? o.effectivePeriod?.start ?? o.effectiveInstant ?? o.issued;
}

const UNUSABLE = new Set(['entered-in-error', 'cancelled', 'registered']);

/**
 * The numeric vital signs and laboratory results of one Observation (a blood-pressure panel gives two),
 * with their LOINC codes and UCUM units. Codes, strings and unusable statuses give nothing: an
 * Observation is a finding with a value, never words to match.
 */
export function measurementsOf(o: Observation, ref: string, index: number): ChartMeasurement[] {
  if (UNUSABLE.has(o.status)) return [];
  const category = categoryOf(o);
  const time = observationTime(o);
  if (category === undefined || time === undefined) return [];
  const out: ChartMeasurement[] = [];
  const push = (code: { code: Observation['code'] }, q: Quantity | undefined): void => {
    const value = quantity(q);
    if (!value) return;
    const loinc = loincOf(code);
    out.push({
      ref,
      index,
      category,
      kind: loinc !== undefined ? (VITAL_LOINC[loinc] ?? 'other') : 'other',
      ...(loinc !== undefined ? { loinc } : {}),
      name: nameOf(code),
      value: value.value,
      unit: value.unit,
      time,
    });
  };
  push(o, o.valueQuantity);
  for (const component of o.component ?? []) push(component, component.valueQuantity);
  return out;
}
