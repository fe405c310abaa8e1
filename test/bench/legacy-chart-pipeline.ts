/**
 * The chart path as it was before the chart model (commit 38bfd64^), kept only so that
 * `npm run bench -- suggest` can report chart latency as a ratio against it in one run: the whole chart
 * de-identified as a Bundle, flattened into one case text (every Condition, the first 40 Observations,
 * every note), then the note search (`findCodeCandidates`) and the phrase-rule triage it used, the rules'
 * decision and the guardrails. Its answers are not safe (issue 19); only its cost is of interest.
 */
import { createHash } from 'node:crypto';
import type { Bundle, CodeableConcept, FhirResource, Observation } from 'fhir/r4.d.ts';
import type { Terminology } from '../../terminology/icd10cm/terminology.ts';
import { deriveDeidentified } from '../../server/deid/derive.ts';
import type { Deidentifier } from '../../server/deid/index.ts';
import { MentionContext } from '../../server/suggest/clinical-text/mention-context.ts';
import { parseFindings } from '../../server/suggest/clinical-text/vitals.ts';
import { findCodeCandidates } from '../../server/suggest/code-candidates.ts';
import { applyGuardrails } from '../../server/suggest/guardrails.ts';
import { decideByRules } from '../../server/suggest/rules-backend.ts';
import { assessTriage } from './legacy-triage-rules.ts';

/** The old pipeline on one chart: the codes it would show and its triage level. */
export function suggestChartLegacy(
  resources: FhirResource[],
  deidentifier: Deidentifier,
  terminology: Terminology,
): { codes: string[]; level: string } {
  const bundle: Bundle = {
    resourceType: 'Bundle',
    type: 'collection',
    entry: resources.map((resource) => ({ resource })),
  };
  const text = deriveDeidentified(deidentifier.deidentifyBundle(bundle).bundle, renderCaseText);
  createHash('sha256').update(text).digest('hex');
  const context = new MentionContext(text);
  const candidates = findCodeCandidates(text, context, terminology, 20);
  const triage = assessTriage(context, parseFindings(text));
  const guarded = applyGuardrails(
    text,
    decideByRules(candidates, undefined, 10),
    candidates,
    terminology,
    'rules',
    undefined,
  );
  return { codes: guarded.codes.map((c) => c.code), level: triage.level };
}

/**
 * Renders a (de-identified) chart as the case text the pipeline reads: demographics as the record gives
 * them, the encounter's reason, problems, vital signs and labs with units, medications, procedures and
 * the notes. Identifiers are never rendered (the de-identified Bundle has none left anyway).
 */
function renderCaseText(bundle: Bundle): string {
  const resources = (bundle.entry ?? []).map((e) => e.resource).filter((r): r is FhirResource => r !== undefined);
  const lines: string[] = [];
  const text = (c: CodeableConcept | undefined): string | undefined =>
    c?.text ?? c?.coding?.find((x) => x.display)?.display;
  const patient = resources.find((r) => r.resourceType === 'Patient');
  const encounter = resources.find((r) => r.resourceType === 'Encounter');
  if (patient?.resourceType === 'Patient') {
    const birthYear = Number(patient.birthDate?.slice(0, 4));
    const eventYear = Number(
      (encounter?.resourceType === 'Encounter' ? encounter.period?.start : undefined)?.slice(0, 4) ??
        new Date().getUTCFullYear(),
    );
    const age = Number.isFinite(birthYear) && birthYear > 1800 ? eventYear - birthYear : undefined;
    const sex = patient.gender === 'female' || patient.gender === 'male' ? patient.gender : undefined;
    if (age !== undefined || sex)
      lines.push(`Patient: ${age !== undefined ? `${age} year old ` : ''}${sex ?? ''}`.trim() + '.');
  }
  if (encounter?.resourceType === 'Encounter') {
    const reason = (encounter.reasonCode ?? []).map(text).filter(Boolean).join('; ');
    const type = (encounter.type ?? []).map(text).filter(Boolean).join('; ');
    if (reason) lines.push(`Chief complaint: ${reason}.`);
    if (type) lines.push(`Encounter: ${type}.`);
  }
  const problems = resources.filter((r) => r.resourceType === 'Condition');
  if (problems.length > 0) {
    const items = problems
      .map((c) =>
        c.resourceType === 'Condition'
          ? { name: text(c.code), status: c.clinicalStatus?.coding?.[0]?.code }
          : undefined,
      )
      .filter((c): c is { name: string; status: string | undefined } => c?.name !== undefined);
    const active = items.filter(
      (c) => c.status === undefined || c.status === 'active' || c.status === 'recurrence' || c.status === 'relapse',
    );
    const resolved = items.filter((c) => !active.includes(c));
    if (active.length > 0) lines.push(`Problem list: ${[...new Set(active.map((c) => c.name))].join('; ')}.`);
    if (resolved.length > 0) lines.push(`Past history of: ${[...new Set(resolved.map((c) => c.name))].join('; ')}.`);
  }
  const observations = resources.filter((r): r is Observation => r.resourceType === 'Observation');
  const rendered = observations.map(renderObservation).filter((s): s is string => s !== undefined);
  if (rendered.length > 0) lines.push(`Vitals and results: ${[...new Set(rendered)].slice(0, 40).join('; ')}.`);
  const meds = resources
    .map((r) => (r.resourceType === 'MedicationRequest' ? text(r.medicationCodeableConcept) : undefined))
    .filter((m): m is string => m !== undefined);
  if (meds.length > 0) lines.push(`Medications: ${[...new Set(meds)].slice(0, 30).join('; ')}.`);
  const procedures = resources
    .map((r) => (r.resourceType === 'Procedure' ? text(r.code) : undefined))
    .filter((p): p is string => p !== undefined);
  if (procedures.length > 0) lines.push(`Procedures: ${[...new Set(procedures)].slice(0, 20).join('; ')}.`);
  for (const r of resources) {
    if (r.resourceType !== 'DocumentReference') continue;
    for (const content of r.content) {
      const a = content.attachment;
      if (a.data && (a.contentType ?? 'text/plain').startsWith('text/')) {
        lines.push('', Buffer.from(a.data, 'base64').toString('utf8').trim());
      }
    }
  }
  return lines.join('\n').trim();
}

const VITAL_NAMES: Record<string, string> = {
  '8867-4': 'HR',
  '9279-1': 'RR',
  '59408-5': 'SpO2',
  '2708-6': 'SpO2',
  '8310-5': 'Temp',
  '8480-6': 'systolic BP',
  '8462-4': 'diastolic BP',
  '2339-0': 'glucose',
  '72514-3': 'pain score',
};

function renderObservation(o: Observation): string | undefined {
  const loinc = o.code.coding?.find((c) => c.system === 'http://loinc.org')?.code;
  if (loinc === '85354-9' || loinc === '55284-4') {
    const sys = o.component?.find((c) => c.code.coding?.some((x) => x.code === '8480-6'))?.valueQuantity?.value;
    const dia = o.component?.find((c) => c.code.coding?.some((x) => x.code === '8462-4'))?.valueQuantity?.value;
    return sys !== undefined && dia !== undefined ? `BP ${sys}/${dia} mmHg` : undefined;
  }
  const name =
    (loinc ? VITAL_NAMES[loinc] : undefined) ?? o.code.text ?? o.code.coding?.find((c) => c.display)?.display;
  if (!name) return undefined;
  if (o.valueQuantity?.value !== undefined) {
    const unit = o.valueQuantity.unit ?? o.valueQuantity.code ?? '';
    const value = Math.round(o.valueQuantity.value * 10) / 10;
    if (name === 'Temp') return `Temp ${value} ${unit === 'degF' || unit === '[degF]' ? 'F' : 'C'}`;
    if (name === 'SpO2') return `SpO2 ${value}%`;
    return `${name} ${value}${unit ? ` ${unit}` : ''}`;
  }
  const coded = o.valueCodeableConcept?.text ?? o.valueCodeableConcept?.coding?.[0]?.display;
  return coded ? `${name}: ${coded}` : o.valueString ? `${name}: ${o.valueString}` : undefined;
}
