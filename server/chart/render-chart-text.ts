import type { CodeableConcept, FhirResource } from 'fhir/r4.d.ts';
import type { ChartMeasurement, ChartModel, ChartProblem } from './chart-model.ts';

/** What a part of the rendered chart is, for the engines that read it. */
export type ChartPartKind =
  | 'reason'
  | 'encounter-diagnosis'
  | 'current'
  | 'provisional'
  | 'history'
  | 'vital'
  | 'lab'
  | 'medication'
  | 'allergy'
  | 'pregnancy'
  | 'procedure'
  | 'note';

/** One item's words in the rendered text (UTF-16 offsets, end exclusive) and the resource they come from. */
export interface ChartPart {
  kind: ChartPartKind;
  ref: string;
  start: number;
  end: number;
}

export interface RenderedChart {
  text: string;
  parts: ChartPart[];
}

/** SNOMED CT semantic tags ("(disorder)", "(finding)") say nothing a clinician would write. */
const SEMANTIC_TAG =
  /\s*\((?:disorder|finding|situation|morphologic abnormality|procedure|event|observable entity|regime\/therapy|person|qualifier value)\)\s*$/i;

export function cleanName(name: string): string {
  return name.replace(SEMANTIC_TAG, '').replace(/\s+/g, ' ').trim();
}

function textOf(c: CodeableConcept | undefined): string | undefined {
  const t = c?.text ?? c?.coding?.find((x) => x.display)?.display;
  return t?.trim() === '' ? undefined : t?.trim();
}

const VITAL_LABEL: Partial<Record<ChartMeasurement['kind'], string>> = {
  'heart-rate': 'Heart rate',
  'respiratory-rate': 'Respiratory rate',
  spo2: 'SpO2',
  temperature: 'Temperature',
  pain: 'Pain score',
  weight: 'Weight',
  height: 'Height',
  bmi: 'BMI',
  gcs: 'GCS',
};

const UNIT_TEXT: Record<string, string> = {
  'mm[Hg]': 'mmHg',
  '/min': '/min',
  '{score}': '/10',
  '%': '%',
  Cel: '°C',
  '[degF]': '°F',
  'kg/m2': 'kg/m2',
};

/** When, relative to the encounter's start: intervals, never dates (they stay out of the model's text). */
function relative(at: string, origin: string | undefined): string {
  const from = origin === undefined ? Number.NaN : Date.parse(origin);
  const t = Date.parse(at);
  if (Number.isNaN(from) || Number.isNaN(t)) return '';
  const minutes = Math.round((t - from) / 60_000);
  if (Math.abs(minutes) < 5) return 'at the encounter start';
  const span =
    Math.abs(minutes) < 120
      ? `${Math.abs(minutes)} min`
      : Math.abs(minutes) < 72 * 60
        ? `${Math.round(Math.abs(minutes) / 60)} h`
        : `${Math.round(Math.abs(minutes) / 1440)} days`;
  return minutes < 0 ? `${span} before the encounter` : `${span} into the encounter`;
}

function yearsBefore(at: string | undefined, origin: string | undefined): string {
  const a = at === undefined ? Number.NaN : Date.parse(at);
  const o = origin === undefined ? Number.NaN : Date.parse(origin);
  if (Number.isNaN(a) || Number.isNaN(o) || a > o) return '';
  const years = Math.floor((o - a) / (365.2425 * 86_400_000));
  return years >= 1 ? `, ${years} year${years === 1 ? '' : 's'} ago` : ', this year';
}

function noteText(resource: FhirResource | undefined): string {
  const attachments =
    resource?.resourceType === 'DocumentReference'
      ? resource.content.map((c) => c.attachment)
      : resource?.resourceType === 'DiagnosticReport'
        ? (resource.presentedForm ?? [])
        : [];
  return attachments
    .filter((a) => a.data !== undefined && (a.contentType ?? 'text/plain').startsWith('text/'))
    .map((a) =>
      Buffer.from(a.data ?? '', 'base64')
        .toString('utf8')
        .trim(),
    )
    .filter((t) => t !== '')
    .join('\n\n');
}

/**
 * The positions of the resources whose words `renderChartText` reads (the encounter, problems, medications,
 * allergies, procedures, notes): only these need de-identifying to render the chart.
 */
export function renderedIndexes(model: ChartModel): Set<number> {
  const out = new Set<number>();
  if (model.encounter) out.add(model.encounter.index);
  for (const list of [model.problems, model.medications, model.allergies, model.procedures, model.notes])
    for (const x of list) out.add(x.index);
  return out;
}

/**
 * Renders the chart model in labelled sections, for model backends and for the evidence the app and
 * cards quote: the encounter (reason, diagnoses), current problems, provisional ones, past history (as
 * "history of …"), vital signs and results with when they were taken relative to the encounter,
 * medications, allergies, pregnancy, procedures, then the encounter's notes. Names and notes are read from
 * `deidentified` (the same resources, de-identified, in the same order); the model only says which to
 * show and where they belong.
 */
export function renderChartText(model: ChartModel, deidentified: readonly (FhirResource | undefined)[]): RenderedChart {
  let text = '';
  const parts: ChartPart[] = [];
  const line = (s: string): void => {
    text += `${s}\n`;
  };
  const item = (kind: ChartPartKind, ref: string, before: string, words: string, after = ''): void => {
    text += before;
    if (words !== '') parts.push({ kind, ref, start: text.length, end: text.length + words.length });
    text += `${words}${after}\n`;
  };
  const nameAt = (index: number, fallback: string): string => {
    const r = deidentified[index];
    const named =
      r?.resourceType === 'Condition' || r?.resourceType === 'Procedure' || r?.resourceType === 'AllergyIntolerance'
        ? textOf(r.code)
        : r?.resourceType === 'MedicationRequest' || r?.resourceType === 'MedicationStatement'
          ? textOf(r.medicationCodeableConcept)
          : undefined;
    return cleanName(named ?? fallback);
  };
  const origin = model.encounter?.start;

  const p = model.patient;
  if (p && (p.ageYears !== undefined || p.sex !== undefined)) {
    const age =
      p.ageYears === undefined
        ? ''
        : p.ageYears < 2
          ? `${Math.round(p.ageYears * 12)} month old `
          : `${p.ageYears} year old `;
    line(`Patient: ${age}${p.sex ?? ''}`.trim() + '.');
  }
  const e = model.encounter;
  if (e) {
    const kind = [e.class ? `class ${e.class}` : '', ...e.types.map(cleanName)].filter(Boolean).join(', ');
    line(
      `Encounter${e.inContext ? '' : ' (latest on the chart; none was named in context)'}: ${kind || 'unspecified'}.`,
    );
    const r = deidentified[e.index];
    const reasons = r?.resourceType === 'Encounter' ? (r.reasonCode ?? []).flatMap((c) => textOf(c) ?? []) : [];
    if (reasons.length > 0) {
      text += 'Reason for visit: ';
      reasons.forEach((reason, i) => {
        const words = cleanName(reason);
        parts.push({ kind: 'reason', ref: e.ref, start: text.length, end: text.length + words.length });
        text += words + (i < reasons.length - 1 ? '; ' : '');
      });
      text += '.\n';
    }
  }
  const section = (
    title: string,
    kind: ChartPartKind,
    problems: ChartProblem[],
    prefix = '',
    suffix?: (p: ChartProblem) => string,
  ): void => {
    if (problems.length === 0) return;
    line(`${title}:`);
    const seen = new Set<string>();
    for (const problem of problems) {
      const name = nameAt(problem.index, problem.name);
      if (seen.has(name.toLowerCase())) continue;
      seen.add(name.toLowerCase());
      item(kind, problem.ref, `- ${prefix}`, name, suffix ? suffix(problem) : '');
    }
  };
  const usable = model.problems.filter((x) => x.status !== 'ignored');
  section(
    'Encounter diagnoses',
    'encounter-diagnosis',
    usable.filter((x) => x.ofEncounter && x.status === 'current' && !x.provisional),
  );
  section(
    'Current problems',
    'current',
    usable.filter((x) => !x.ofEncounter && x.status === 'current' && !x.provisional),
  );
  section(
    'Provisional, not confirmed',
    'provisional',
    usable.filter((x) => x.status === 'current' && x.provisional),
    'possible ',
    (x) => ` (${x.verificationStatus ?? 'provisional'})`,
  );
  section(
    'Past history',
    'history',
    usable.filter((x) => x.status === 'history'),
    'history of ',
    (x) => ` (${x.clinicalStatus ?? 'abated'}${yearsBefore(x.abatement ?? x.onset, origin ?? model.window.end)})`,
  );

  const measurements = (title: string, kind: ChartPartKind, list: ChartMeasurement[]): void => {
    if (list.length === 0) return;
    line(`${title}:`);
    const systolic = list.find((m) => m.kind === 'systolic');
    const diastolic = list.find((m) => m.kind === 'diastolic');
    if (systolic && diastolic) {
      item(
        kind,
        systolic.ref,
        '- ',
        `BP ${systolic.value}/${diastolic.value} mmHg`,
        ` (${relative(systolic.time, origin) || 'time unknown'})`,
      );
    }
    for (const m of list) {
      if ((m.kind === 'systolic' || m.kind === 'diastolic') && systolic && diastolic) continue;
      const label = VITAL_LABEL[m.kind] ?? cleanName(m.name);
      const unit = UNIT_TEXT[m.unit] ?? m.unit;
      const value = Math.round(m.value * 10) / 10;
      item(
        kind,
        m.ref,
        '- ',
        `${label} ${value}${unit.startsWith('/') || unit === '%' || unit.startsWith('°') ? '' : ' '}${unit}`.trim(),
        ` (${relative(m.time, origin) || 'time unknown'})`,
      );
    }
  };
  measurements('Vital signs (latest in the encounter window)', 'vital', model.vitals);
  measurements('Results (latest in the encounter window)', 'lab', model.labs);

  const list = (title: string, kind: ChartPartKind, items: { ref: string; index: number; name: string }[]): void => {
    if (items.length === 0) return;
    line(`${title}:`);
    for (const x of items.slice(0, 30)) item(kind, x.ref, '- ', nameAt(x.index, x.name));
  };
  list('Current medications', 'medication', model.medications);
  list('Allergies', 'allergy', model.allergies);
  if (model.pregnancy) item('pregnancy', model.pregnancy.ref, 'Pregnancy: ', 'pregnant', '.');
  list('Procedures of this encounter', 'procedure', model.procedures);

  for (const note of model.notes) {
    const body = noteText(deidentified[note.index]);
    if (body === '') continue;
    const when = note.date !== undefined ? relative(note.date, origin) : '';
    text += `\nNote${note.title ? ` (${cleanName(note.title)}${when ? `, ${when}` : ''})` : when ? ` (${when})` : ''}:\n`;
    parts.push({ kind: 'note', ref: note.ref, start: text.length, end: text.length + body.length });
    text += `${body}\n`;
  }
  return { text: text.trimEnd(), parts };
}
