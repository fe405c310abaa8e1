import type { FhirResource } from 'fhir/r4.d.ts';

/** When a resource happened, for ordering: the clinically relevant time of each type, else its record time. */
function timeOf(r: FhirResource): number {
  const x = r as {
    effectiveDateTime?: string;
    effectivePeriod?: { start?: string };
    onsetDateTime?: string;
    recordedDate?: string;
    period?: { start?: string };
    authoredOn?: string;
    date?: string;
    issued?: string;
    performedDateTime?: string;
    performedPeriod?: { start?: string };
  };
  const value =
    x.effectiveDateTime ??
    x.effectivePeriod?.start ??
    x.onsetDateTime ??
    x.recordedDate ??
    x.period?.start ??
    x.authoredOn ??
    x.performedDateTime ??
    x.performedPeriod?.start ??
    x.date ??
    x.issued;
  const t = value === undefined ? Number.NaN : Date.parse(value);
  return Number.isNaN(t) ? Number.NEGATIVE_INFINITY : t;
}

/**
 * One chart, whatever way it was gathered: a hook's prefetch (its keys in any order, answered as they
 * come), the SMART app's reads, a Bundle for the CLI. The same resource read twice is kept once, and the
 * rest is ordered by type (Patient first), time and id, so the same chart renders the same text and gets
 * the same answer (and the same cache entry) from every entry point.
 */
export function canonicalChart(resources: readonly FhirResource[]): FhirResource[] {
  const seen = new Set<string>();
  const unique = resources.filter((r) => {
    if (r.id === undefined) return true;
    const key = `${r.resourceType}/${r.id}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
  const rank = (r: FhirResource): string => (r.resourceType === 'Patient' ? '' : r.resourceType);
  return unique
    .map((r) => ({ r, type: rank(r), time: timeOf(r), id: r.id ?? '' }))
    .sort((a, b) =>
      a.type !== b.type
        ? a.type < b.type
          ? -1
          : 1
        : a.time !== b.time
          ? a.time - b.time
          : a.id < b.id
            ? -1
            : a.id > b.id
              ? 1
              : 0,
    )
    .map((x) => x.r);
}
