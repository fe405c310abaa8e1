import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import type { Bundle, FhirResource, Patient } from 'fhir/r4.d.ts';
import { createDeidentifier } from '../../server/deid/index.ts';

// Property: for every synthetic patient in ../shared/data/fhir/, none of the patient's names, address
// lines, phone numbers, identifiers or full dates survives de-identification, codes and values do, and
// references still resolve.
const FHIR = new URL('../../../shared/data/fhir/', import.meta.url);
const deid = createDeidentifier({ secret: 'property-test-secret-0123456789abcdef' });

function readNdjsonDir(dir: URL): FhirResource[] {
  const out: FhirResource[] = [];
  for (const name of readdirSync(dir)
    .filter((n) => n.endsWith('.ndjson.gz'))
    .sort()) {
    for (const line of gunzipSync(readFileSync(new URL(name, dir)))
      .toString('utf8')
      .split('\n')) {
      if (line.trim() !== '') out.push(JSON.parse(line) as FhirResource);
    }
  }
  return out;
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function secretsOf(patient: Patient): string[] {
  const values: string[] = [];
  for (const name of patient.name ?? []) {
    for (const part of [...(name.given ?? []), name.family ?? '']) {
      if (part.length < 2) continue;
      values.push(part);
      const bare = part.replace(/\d+$/, '');
      if (bare.length >= 3) values.push(bare);
    }
  }
  for (const a of patient.address ?? []) values.push(...(a.line ?? []));
  for (const t of patient.telecom ?? []) if (t.value) values.push(t.value);
  for (const i of patient.identifier ?? []) if (i.value) values.push(i.value);
  if (patient.birthDate) values.push(patient.birthDate);
  return values;
}

/** The output without coded concepts' `display` (kept by design: "Egg white IgE" for a patient named White). */
function searchable(value: unknown): string {
  return JSON.stringify(value, (key, v: unknown) => (key === 'display' ? undefined : v));
}

function check(label: string, input: readonly FhirResource[], output: readonly FhirResource[]): void {
  const text = searchable(output);
  for (const patient of input.filter((r): r is Patient => r.resourceType === 'Patient')) {
    for (const secret of secretsOf(patient)) {
      const re = new RegExp(`(?<![\\p{L}\\p{N}])${escapeRegExp(secret)}(?![\\p{L}\\p{N}])`, 'iu');
      assert.equal(re.test(text), false, `${label}: an identifier of patient ${input.indexOf(patient)} survived`);
    }
  }
  // No full date survives, except instants set to 1 January of their year.
  const fullDates = JSON.stringify(output).match(/\d{4}-\d{2}-\d{2}(?!T00:00:00Z)/g) ?? [];
  assert.deepEqual(
    fullDates.filter((d) => !d.endsWith('-01-01')),
    [],
    `${label}: full dates survived`,
  );
  // Codes and values survive.
  const codes = (rs: readonly FhirResource[]): string[] =>
    rs.flatMap((r) =>
      'code' in r && r.code && typeof r.code === 'object' && 'coding' in r.code
        ? (r.code.coding ?? []).map((c) => `${c.system}|${c.code}`)
        : [],
    );
  assert.deepEqual(codes(output), codes(input), `${label}: codes changed`);
  const values = (rs: readonly FhirResource[]): number[] =>
    rs.flatMap((r) =>
      r.resourceType === 'Observation' && r.valueQuantity?.value !== undefined ? [r.valueQuantity.value] : [],
    );
  assert.deepEqual(values(output), values(input), `${label}: observation values changed`);
  // Literal references resolve to a de-identified resource, as they did before.
  const ids = (rs: readonly FhirResource[]): Set<string> => new Set(rs.map((r) => `${r.resourceType}/${r.id ?? ''}`));
  const refs = (rs: readonly FhirResource[]): string[] =>
    (JSON.stringify(rs).match(/"reference":"[A-Z][A-Za-z]+\/[^"]+"/g) ?? []).map((m) => m.slice(13, -1));
  const before = ids(input);
  const after = ids(output);
  const resolvedBefore = refs(input).filter((r) => before.has(r)).length;
  const resolvedAfter = refs(output).filter((r) => after.has(r)).length;
  assert.ok(resolvedBefore > 0, `${label}: the input has references`);
  assert.equal(resolvedAfter, resolvedBefore, `${label}: references no longer resolve`);
}

test('no identifier of the 80 bulk-export patients survives, while codes, values and references do', () => {
  const input = readNdjsonDir(new URL('synthea-r4-bulk/', FHIR));
  const context = deid.learn(input);
  const output = input.map((r) => deid.deidentifyResource(r, context).resource as FhirResource);
  check('synthea-r4-bulk', input, output);
});

test('no identifier of the patients with clinical notes survives, in resources or in the base64 notes', () => {
  const input = readNdjsonDir(new URL('synthea-r4-bulk-with-notes/', FHIR));
  const context = deid.learn(input);
  const output = input.map((r) => deid.deidentifyResource(r, context).resource as FhirResource);
  const decoded = output.map((r) => {
    if (r.resourceType !== 'DocumentReference') return r;
    return {
      ...r,
      content: r.content.map((c) => ({
        ...c,
        attachment: { ...c.attachment, data: Buffer.from(c.attachment.data ?? '', 'base64').toString('utf8') },
      })),
    };
  });
  assert.ok(
    decoded.some((r) => r.resourceType === 'DocumentReference' && r.content[0]?.attachment.data?.includes('[NAME]')),
  );
  check('synthea-r4-bulk-with-notes', input, decoded);
});

test('no identifier of the patients of the transaction Bundles survives, and bundle references resolve', () => {
  for (const name of readdirSync(new URL('bundles/', FHIR)).filter((n) => n.endsWith('.json.gz'))) {
    const bundle = JSON.parse(gunzipSync(readFileSync(new URL(`bundles/${name}`, FHIR))).toString('utf8')) as Bundle;
    const out = deid.deidentifyBundle(bundle).bundle;
    const input = (bundle.entry ?? []).flatMap((e) => (e.resource ? [e.resource] : []));
    const output = (out.entry ?? []).flatMap((e) => (e.resource ? [e.resource] : []));
    const secrets = input.filter((r): r is Patient => r.resourceType === 'Patient').flatMap(secretsOf);
    const text = searchable(out);
    for (const secret of secrets)
      assert.equal(
        new RegExp(`(?<![\\p{L}\\p{N}])${escapeRegExp(secret)}(?![\\p{L}\\p{N}])`, 'iu').test(text),
        false,
        `${name}: an identifier survived`,
      );
    const fullUrls = new Set((out.entry ?? []).map((e) => e.fullUrl));
    const refs = text.match(/"reference":"urn:uuid:[^"]+"/g) ?? [];
    assert.ok(refs.length > 0);
    for (const r of refs) assert.ok(fullUrls.has(r.slice(13, -1)), `${name}: a reference does not resolve`);
    assert.equal(output.length, input.length);
  }
});
