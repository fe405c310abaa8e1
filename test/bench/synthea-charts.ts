import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import type { Bundle, FhirResource } from 'fhir/r4.d.ts';
import { SHARED } from '../helpers/shared-data.ts';

const FHIR = `${SHARED}data/fhir/`;

/** One shared Synthea patient's chart: every resource that belongs to it, and its latest encounter. */
export interface SyntheaChart {
  source: string;
  resources: FhirResource[];
  /** The latest encounter by start, as a hook or a launch would name it. */
  latestEncounterId: string | undefined;
}

function patientOf(r: FhirResource): string | undefined {
  if (r.resourceType === 'Patient') return r.id;
  const ref =
    (r as { subject?: { reference?: string }; patient?: { reference?: string } }).subject?.reference ??
    (r as { patient?: { reference?: string } }).patient?.reference;
  return ref?.split(/[/:]/).pop();
}

function latestEncounterOf(resources: readonly FhirResource[]): string | undefined {
  let best: { id: string | undefined; start: string } | undefined;
  for (const r of resources) {
    if (r.resourceType !== 'Encounter') continue;
    const start = r.period?.start ?? '';
    if (best === undefined || start.localeCompare(best.start) > 0) best = { id: r.id, start };
  }
  return best?.id;
}

/**
 * Every shared Synthea patient (`../shared/data/fhir/synthea-r4-bulk*` grouped by patient, then the
 * `bundles/`), read at run time, in a stable order.
 */
export function loadSyntheaCharts(): SyntheaChart[] {
  const out: SyntheaChart[] = [];
  const push = (source: string, resources: FhirResource[]): void => {
    out.push({ source, resources, latestEncounterId: latestEncounterOf(resources) });
  };
  for (const dir of readdirSync(FHIR)
    .filter((d) => d.startsWith('synthea-r4-bulk'))
    .sort()) {
    const byPatient = new Map<string, FhirResource[]>();
    for (const file of readdirSync(`${FHIR}${dir}`)
      .filter((f) => f.endsWith('.ndjson.gz'))
      .sort()) {
      for (const line of gunzipSync(readFileSync(`${FHIR}${dir}/${file}`))
        .toString('utf8')
        .split('\n')) {
        if (line.trim() === '') continue;
        const r = JSON.parse(line) as FhirResource;
        const p = patientOf(r);
        if (p === undefined) continue;
        const list = byPatient.get(p) ?? [];
        list.push(r);
        byPatient.set(p, list);
      }
    }
    for (const [p, resources] of byPatient)
      if (resources.some((r) => r.resourceType === 'Patient')) push(`${dir}/${p.slice(0, 8)}`, resources);
  }
  const bundles = `${FHIR}bundles/`;
  if (existsSync(bundles)) {
    for (const file of readdirSync(bundles)
      .filter((f) => f.endsWith('.json.gz'))
      .sort()) {
      const bundle = JSON.parse(gunzipSync(readFileSync(`${bundles}${file}`)).toString('utf8')) as Bundle;
      push(
        `bundles/${file.slice(-20, -8)}`,
        (bundle.entry ?? []).flatMap((e) => (e.resource ? [e.resource as FhirResource] : [])),
      );
    }
  }
  return out;
}
