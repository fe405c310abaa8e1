import type {
  CodeableConcept,
  Condition,
  DiagnosticReport,
  DocumentReference,
  Encounter,
  FhirResource,
  Observation,
  Patient,
} from 'fhir/r4.d.ts';
import {
  CHARTSIDE_TAG,
  type ChartEncounter,
  type ChartMeasurement,
  type ChartModel,
  type ChartNamedItem,
  type ChartNote,
  type ChartPatient,
  type ChartProblem,
} from './chart-model.ts';
import { refersTo } from './fhir-reference.ts';
import { measurementsOf } from './measurements.ts';
import { problemStanding } from './problem-status.ts';

export interface ChartOptions {
  /** The encounter in context (a launch's `encounter`, a hook's `encounterId`). */
  encounterId?: string | undefined;
  /** Now, for a chart without an encounter and for an encounter still in progress. */
  now?: Date;
  /** How far before the encounter's start vital signs and results still count (hours, default 24). */
  lookBackHours?: number;
  /** Most notes kept (newest first, default 5). */
  maxNotes?: number;
}

const HOUR = 3_600_000;
/** An encounter without an end counts this long after its start (or until now, when sooner). */
const OPEN_ENCOUNTER_HOURS = 24;

function textOf(c: CodeableConcept | undefined): string | undefined {
  const t = c?.text ?? c?.coding?.find((x) => x.display)?.display;
  return t?.trim() === '' ? undefined : t?.trim();
}

function time(value: string | undefined): number {
  return value === undefined ? Number.NaN : Date.parse(value);
}

function refOf(r: FhirResource, index: number): string {
  return `${r.resourceType}/${r.id ?? `#${index}`}`;
}

function ageYears(birthDate: string | undefined, at: number): number | undefined {
  const born = time(birthDate);
  if (Number.isNaN(born) || Number.isNaN(at) || at < born) return undefined;
  const years = (at - born) / (365.2425 * 24 * HOUR);
  return years < 2 ? Math.round(years * 100) / 100 : Math.floor(years);
}

function chooseEncounter(
  resources: readonly FhirResource[],
  encounterId: string | undefined,
): { resource: Encounter; index: number; inContext: boolean } | undefined {
  const encounters = resources.flatMap((r, index) => (r.resourceType === 'Encounter' ? [{ resource: r, index }] : []));
  if (encounterId !== undefined) {
    const named = encounters.find((e) => e.resource.id === encounterId);
    if (named) return { ...named, inContext: true };
  }
  const latest = encounters
    .filter((e) => e.resource.status !== 'entered-in-error' && e.resource.status !== 'cancelled')
    .sort((a, b) => (time(b.resource.period?.start) || 0) - (time(a.resource.period?.start) || 0))[0];
  return latest ? { ...latest, inContext: false } : undefined;
}

function isChartsideTagged(r: FhirResource): boolean {
  return (r.meta?.tag ?? []).some((t) => t.system === CHARTSIDE_TAG.system && t.code === CHARTSIDE_TAG.code);
}

const PREGNANCY_SNOMED = new Set(['77386006', '72892002', '237238006']);

/**
 * Builds the chart model of *now* from a launch's, a hook's or a Bundle's FHIR resources: the encounter in
 * context (or the latest one, flagged), problems by status, vital signs and results within the
 * encounter's window (latest of each), current medications, allergies, pregnancy, the encounter's
 * procedures and notes. Nothing from outside the window is taken as current.
 */
export function buildChartModel(resources: readonly FhirResource[], options: ChartOptions = {}): ChartModel {
  const now = (options.now ?? new Date()).getTime();
  const lookBack = (options.lookBackHours ?? 24) * HOUR;
  const chosen = chooseEncounter(resources, options.encounterId);
  const enc = chosen?.resource;
  const encStart = time(enc?.period?.start);
  const encEnd = time(enc?.period?.end);
  let windowStart: number;
  let windowEnd: number;
  if (enc && !Number.isNaN(encStart)) {
    windowStart = encStart - lookBack;
    windowEnd = !Number.isNaN(encEnd)
      ? encEnd
      : now >= encStart && now - encStart <= OPEN_ENCOUNTER_HOURS * HOUR
        ? now
        : encStart + OPEN_ENCOUNTER_HOURS * HOUR;
  } else {
    windowStart = now - lookBack;
    windowEnd = now;
  }
  const inWindow = (t: number): boolean => !Number.isNaN(t) && t >= windowStart && t <= windowEnd;
  const ofEncounter = (reference: string | undefined): boolean => enc?.id !== undefined && refersTo(reference, enc.id);
  const encounterDiagnosisRefs = [
    ...(enc?.diagnosis ?? []).map((d) => d.condition.reference),
    ...(enc?.reasonReference ?? []).map((r) => r.reference),
  ];

  const model: ChartModel = {
    window: { start: new Date(windowStart).toISOString(), end: new Date(windowEnd).toISOString() },
    problems: [],
    vitals: [],
    labs: [],
    medications: [],
    allergies: [],
    procedures: [],
    notes: [],
    outsideWindow: 0,
  };
  const at = Number.isNaN(encStart) ? now : encStart;

  if (enc && chosen) {
    const encounter: ChartEncounter = {
      ref: refOf(enc, chosen.index),
      index: chosen.index,
      inContext: chosen.inContext,
      ...(enc.period?.start !== undefined ? { start: enc.period.start } : {}),
      ...(enc.period?.end !== undefined ? { end: enc.period.end } : {}),
      ...(enc.class?.code !== undefined ? { class: enc.class.code } : {}),
      types: (enc.type ?? []).flatMap((t) => textOf(t) ?? []),
      reasons: (enc.reasonCode ?? []).flatMap((t) => textOf(t) ?? []),
    };
    model.encounter = encounter;
  }

  const latest = new Map<string, ChartMeasurement>();
  const seenNames = { medications: new Set<string>(), allergies: new Set<string>(), procedures: new Set<string>() };
  const named = (list: ChartNamedItem[], seen: Set<string>, item: ChartNamedItem): void => {
    const key = item.name.toLowerCase();
    if (seen.has(key)) return;
    seen.add(key);
    list.push(item);
  };

  resources.forEach((r, index) => {
    const ref = refOf(r, index);
    if (r.resourceType === 'Patient') {
      if (model.patient) return;
      const p: Patient = r;
      const age = ageYears(p.birthDate, at);
      const patient: ChartPatient = {
        ref,
        index,
        ...(age !== undefined ? { ageYears: age } : {}),
        ...(p.gender === 'female' || p.gender === 'male' ? { sex: p.gender } : {}),
      };
      model.patient = patient;
      return;
    }
    if (r.resourceType === 'Condition') {
      const c: Condition = r;
      const name = textOf(c.code);
      if (name === undefined) return;
      const onset = c.onsetDateTime ?? c.onsetPeriod?.start ?? c.recordedDate;
      const linked =
        ofEncounter(c.encounter?.reference) ||
        encounterDiagnosisRefs.some((d) => c.id !== undefined && refersTo(d, c.id));
      // A condition first known after the encounter is not part of its picture (unless written for it).
      if (!linked && !Number.isNaN(time(onset)) && time(onset) > windowEnd) return;
      const standing = problemStanding(c, new Date(windowEnd).toISOString());
      const abatement = c.abatementDateTime ?? c.abatementPeriod?.end;
      const problem: ChartProblem = {
        ref,
        index,
        name,
        codings: (c.code?.coding ?? []).flatMap((x) =>
          x.system !== undefined && x.code !== undefined
            ? [{ system: x.system, code: x.code, ...(x.display !== undefined ? { display: x.display } : {}) }]
            : [],
        ),
        ...standing,
        ofEncounter: linked,
        ...(c.category?.[0]?.coding?.[0]?.code !== undefined ? { category: c.category[0].coding[0].code } : {}),
        byChartside: isChartsideTagged(r),
        ...(onset !== undefined ? { onset } : {}),
        ...(abatement !== undefined ? { abatement } : {}),
      };
      model.problems.push(problem);
      if (
        !model.pregnancy &&
        problem.status === 'current' &&
        !problem.provisional &&
        problem.codings.some((x) => PREGNANCY_SNOMED.has(x.code))
      )
        model.pregnancy = { ref, index, name };
      return;
    }
    if (r.resourceType === 'Observation') {
      const o: Observation = r;
      const measured = measurementsOf(o, ref, index);
      for (const m of measured) {
        if (!inWindow(time(m.time)) && !ofEncounter(o.encounter?.reference)) {
          model.outsideWindow++;
          continue;
        }
        const key = `${m.category}|${m.loinc ?? m.name}`;
        const previous = latest.get(key);
        if (!previous || time(m.time) > time(previous.time)) latest.set(key, m);
      }
      const loinc = o.code.coding?.find((c) => c.system === 'http://loinc.org')?.code;
      if (
        loinc === '82810-3' &&
        inWindow(time(o.effectiveDateTime ?? o.issued)) &&
        o.valueCodeableConcept?.coding?.some((c) => c.code === '77386006')
      )
        model.pregnancy = { ref, index, name: 'pregnant' };
      return;
    }
    if (r.resourceType === 'MedicationRequest' || r.resourceType === 'MedicationStatement') {
      const active =
        r.resourceType === 'MedicationRequest'
          ? r.status === 'active' && (r.authoredOn === undefined || time(r.authoredOn) <= windowEnd)
          : r.status === 'active' || r.status === 'intended';
      const name = textOf(r.medicationCodeableConcept) ?? r.medicationReference?.display;
      if (active && name !== undefined) named(model.medications, seenNames.medications, { ref, index, name });
      return;
    }
    if (r.resourceType === 'AllergyIntolerance') {
      const clinical = r.clinicalStatus?.coding?.[0]?.code;
      const verification = r.verificationStatus?.coding?.[0]?.code;
      const name = textOf(r.code);
      if (
        name !== undefined &&
        (clinical === undefined || clinical === 'active') &&
        verification !== 'refuted' &&
        verification !== 'entered-in-error'
      )
        named(model.allergies, seenNames.allergies, { ref, index, name });
      return;
    }
    if (r.resourceType === 'Procedure') {
      const name = textOf(r.code);
      const when = r.performedDateTime ?? r.performedPeriod?.start;
      if (
        name !== undefined &&
        r.status !== 'entered-in-error' &&
        r.status !== 'not-done' &&
        (ofEncounter(r.encounter?.reference) || (enc === undefined ? inWindow(time(when)) : false))
      )
        named(model.procedures, seenNames.procedures, { ref, index, name });
      return;
    }
    if (r.resourceType === 'DocumentReference') {
      const d: DocumentReference = r;
      if (d.status === 'entered-in-error' || d.docStatus === 'entered-in-error') return;
      const date = d.date ?? d.context?.period?.start;
      const mine = (d.context?.encounter ?? []).some((e) => ofEncounter(e.reference));
      const otherEncounter = (d.context?.encounter ?? []).length > 0 && !mine;
      if (!mine && (otherEncounter || !inWindow(time(date)))) return;
      const note: ChartNote = {
        ref,
        index,
        kind: 'DocumentReference',
        ...(textOf(d.type) !== undefined ? { title: textOf(d.type) } : {}),
        ...(date !== undefined ? { date } : {}),
      };
      model.notes.push(note);
      return;
    }
    if (r.resourceType === 'DiagnosticReport') {
      const d: DiagnosticReport = r;
      if ((d.presentedForm ?? []).length === 0 || d.status === 'entered-in-error' || d.status === 'cancelled') return;
      const date = d.effectiveDateTime ?? d.effectivePeriod?.start ?? d.issued;
      if (!ofEncounter(d.encounter?.reference) && (d.encounter !== undefined || !inWindow(time(date)))) return;
      model.notes.push({
        ref,
        index,
        kind: 'DiagnosticReport',
        ...(textOf(d.code) !== undefined ? { title: textOf(d.code) } : {}),
        ...(date !== undefined ? { date } : {}),
      });
      return;
    }
  });

  for (const m of latest.values()) (m.category === 'vital' ? model.vitals : model.labs).push(m);
  model.notes.sort((a, b) => (time(b.date) || 0) - (time(a.date) || 0));
  model.notes = model.notes.slice(0, options.maxNotes ?? 5);
  if (model.patient?.sex === 'male') delete model.pregnancy;
  return model;
}
