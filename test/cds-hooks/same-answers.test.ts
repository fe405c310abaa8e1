import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import type { Bundle, Encounter, FhirResource } from 'fhir/r4.d.ts';
import { SERVICES_BY_ID, discoveryOf, type ServiceDefinition } from '../../cds-hooks/services.ts';
import { fillTemplate } from '../../cds-hooks/prefetch.ts';
import { launchScopes } from '../../server/smart/smart-scopes.ts';
import { SIMULATOR_USER } from '../../fixtures/ehr/simulator/start-ehr-simulator.ts';
import { loadSyntheaPatient } from '../helpers/synthea-charts.ts';
import { startSmartStack, type SmartStack } from '../helpers/smart-stack.ts';

/**
 * Issue 19: for the same chart and encounter, the SMART app's API, CDS Hooks (patient-view, order-sign,
 * encounter-discharge; with prefetch and with the FHIR fallback to the EHR) and `chartside suggest
 * --bundle F --encounter ID` give the same codes and the same triage level.
 */
const SECRET = 'same-answers-secret-0123456789abcdef0123';
const BIN = new URL('../../bin/chartside.js', import.meta.url).pathname;
const SYNTHEA = '8d3e1155-278a-4824-a7e0-fddb24c7c179';
const CHART_TYPES = ['Encounter', 'Condition', 'Observation', 'MedicationRequest', 'AllergyIntolerance', 'Procedure'];
const CHART_TYPES_NOTES = ['DiagnosticReport', 'DocumentReference'];

let stack: SmartStack;
let dir: string;
before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'chartside-same-answers-'));
  // The simulator's in-memory searches are slow on a loaded CI machine: an optional read that timed out would
  // leave its data out (a different chart), so the bounds are wide here.
  stack = await startSmartStack(
    { deidSecret: SECRET, fhirTimeoutMs: 30_000, cdsTimeoutMs: 60_000 },
    { resources: loadSyntheaPatient(SYNTHEA) },
  );
});
after(async () => {
  await stack?.close();
  rmSync(dir, { recursive: true, force: true });
});

interface Answer {
  /** Codes in order; `+` marks one already on the chart. */
  codes: string[];
  level: string | undefined;
}

/** Everything the EHR holds for the patient, as a Bundle (what an export or a chart download gives). */
async function chartBundle(patient: string): Promise<Bundle> {
  const record = await stack.simulator.store.read('Patient', patient);
  assert.ok(record);
  const resources: FhirResource[] = [record];
  for (const type of [...CHART_TYPES, ...CHART_TYPES_NOTES])
    resources.push(...(await stack.simulator.store.search(`${type}?patient=Patient/${patient}&_count=1000`)));
  return { resourceType: 'Bundle', type: 'collection', entry: resources.map((resource) => ({ resource })) };
}

function cli(bundle: Bundle, encounter: string): Promise<Answer> {
  const file = join(dir, `${encounter}.json`);
  writeFileSync(file, JSON.stringify(bundle));
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, 'suggest', '--bundle', file, '--encounter', encounter, '--json'], {
      env: { ...process.env, CHARTSIDE_DEID_SECRET: SECRET, CHARTSIDE_BACKEND: 'rules' },
    });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString('utf8')));
    child.on('error', reject);
    child.on('close', (code) => {
      if (code !== 0) return reject(new Error(`chartside suggest exited ${code}`));
      const s = JSON.parse(out) as { codes: { code: string; onChart?: string }[]; triage?: { level: string } };
      resolve({ codes: s.codes.map((c) => c.code + (c.onChart ? '+' : '')), level: s.triage?.level });
    });
  });
}

/** A token with the scopes Chartside asks for at an EHR launch (what its reads may use, no more). */
function token(patient: string, encounter: string): string {
  return stack.simulator.grants.issueTokens({
    clientId: 'chartside',
    scope: launchScopes('v2', 'ehr'),
    user: SIMULATOR_USER,
    context: { patient, encounter },
  }).accessToken;
}

async function app(patient: string, encounter: string): Promise<Answer> {
  const res = await fetch(`${stack.chartsideUrl}/api/suggestions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token(patient, encounter)}` },
    body: JSON.stringify({ fhirServer: stack.simulator.fhirBase, patient, encounter }),
  });
  assert.equal(res.status, 200);
  const s = (await res.json()) as { codes: { code: string; onChart?: string }[]; triage?: { level: string } };
  return { codes: s.codes.map((c) => c.code + (c.onChart ? '+' : '')), level: s.triage?.level };
}

const prefetched = new Map<string, Promise<Record<string, unknown>>>();

/** What the EHR prefetches for a service: each template filled and read from its FHIR server (once a chart). */
function prefetchFor(
  definition: ServiceDefinition,
  context: Record<string, unknown>,
  bearer: string,
): Promise<Record<string, unknown>> {
  const templates = Object.entries(discoveryOf(definition).prefetch).flatMap(([key, template]) => {
    const query = fillTemplate(template, context);
    return query === undefined ? [] : [[key, query] as const];
  });
  const cacheKey = JSON.stringify(templates);
  let answer = prefetched.get(cacheKey);
  if (answer === undefined) {
    answer = Promise.all(
      templates.map(async ([key, query]) => {
        const res = await fetch(`${stack.simulator.fhirBase}/${query}`, {
          headers: { authorization: `Bearer ${bearer}` },
        });
        return [key, res.ok ? ((await res.json()) as unknown) : null] as const;
      }),
    ).then((entries) => Object.fromEntries(entries));
    prefetched.set(cacheKey, answer);
  }
  return answer;
}

/** Calls a CDS service as the EHR does: with every prefetch key filled from its FHIR server, or with none. */
async function hook(
  service: string,
  patient: string,
  encounter: string,
  prefetch: boolean,
): Promise<{ detail: string | undefined }> {
  const definition = SERVICES_BY_ID.get(service);
  assert.ok(definition);
  const context: Record<string, unknown> = {
    userId: SIMULATOR_USER,
    patientId: patient,
    encounterId: encounter,
    ...(definition.hook === 'order-sign'
      ? { draftOrders: { resourceType: 'Bundle', type: 'collection', entry: [] } }
      : {}),
  };
  const bearer = token(patient, encounter);
  const given = prefetch ? await prefetchFor(definition, context, bearer) : {};
  const url = `${stack.chartsideUrl}/cds-services/${service}`;
  const res = await fetch(url, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      authorization: `Bearer ${await stack.simulator.cdsClient.sign(url)}`,
    },
    body: JSON.stringify({
      hook: definition.hook,
      hookInstance: crypto.randomUUID(),
      context,
      ...(prefetch
        ? { prefetch: given }
        : {
            fhirServer: stack.simulator.fhirBase,
            fhirAuthorization: {
              access_token: bearer,
              token_type: 'Bearer',
              expires_in: 300,
              scope: launchScopes('v2', 'ehr'),
              subject: 'chartside',
            },
          }),
    }),
  });
  assert.equal(
    res.status,
    200,
    `${service} answered ${res.status}: ${res.status === 200 ? '' : await res.clone().text()}`,
  );
  const { cards } = (await res.json()) as { cards: { detail?: string }[] };
  return { detail: cards[0]?.detail };
}

/** The codes a coding card lists, in order (`+`: already on the chart), and a triage card's level. */
const codesOf = (detail: string | undefined): string[] =>
  [...(detail ?? '').matchAll(/^\d+\\\. \*\*([A-Z0-9.]+)\*\* .*\(([^)]*)\)$/gm)].map(
    (m) => (m[1] ?? '') + (/already on the chart/.test(m[2] ?? '') ? '+' : ''),
  );
const levelOf = (detail: string | undefined): string | undefined =>
  /\*\*Suggested triage level: ([A-Z-]+)\*\*/.exec(detail ?? '')?.[1];

async function assertSameAnswers(patient: string, encounter: string): Promise<void> {
  const expected = await cli(await chartBundle(patient), encounter);
  assert.ok(expected.codes.length > 0 && expected.level !== undefined, 'the CLI answers codes and a level');
  assert.deepEqual(await app(patient, encounter), expected, 'the SMART app API');
  for (const prefetch of [true, false]) {
    const how = prefetch ? 'with prefetch' : 'with the FHIR fallback';
    for (const service of ['chartside-icd10-patient-view', 'chartside-icd10-order-sign', 'chartside-icd10-discharge']) {
      const { detail } = await hook(service, patient, encounter, prefetch);
      assert.deepEqual(codesOf(detail), expected.codes, `${service} ${how}`);
    }
    const { detail } = await hook('chartside-triage-patient-view', patient, encounter, prefetch);
    assert.equal(levelOf(detail), expected.level, `triage patient-view ${how}`);
  }
}

test('an authored chart: the app, CDS Hooks and the CLI give the same codes and triage level', async () => {
  await assertSameAnswers('demo-avery', 'demo-enc-avery');
});

test('a Synthea chart with years of history, its latest encounter in context: the same answers everywhere', async () => {
  const encounters = await stack.simulator.store.search<Encounter>(
    `Encounter?patient=Patient/${SYNTHEA}&_sort=-date&_count=1`,
  );
  assert.ok(encounters[0]?.id);
  await assertSameAnswers(SYNTHEA, encounters[0].id);
});

test('an earlier encounter in context (its results are not among the newest): the same answers everywhere', async () => {
  // A yearly examination three years before the latest visit, with its own laboratory panel.
  const [earlier] = await stack.simulator.store.search<Encounter>(
    `Encounter?patient=Patient/${SYNTHEA}&date=2017-01-29`,
  );
  assert.ok(earlier?.id);
  await assertSameAnswers(SYNTHEA, earlier.id);
});
