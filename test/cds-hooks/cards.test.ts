import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Condition } from 'fhir/r4.d.ts';
import request from 'supertest';
import { CardSchema, CdsResponseSchema, type Card } from '../../cds-hooks/card-schema.ts';
import { indicatorFor } from '../../cds-hooks/cards/triage-card.ts';
import type { SuggestFn } from '../../cds-hooks/suggest-fn.ts';
import { MARISOL, ZEBULON } from '../../fixtures/ehr/cds-patients.ts';
import { hookRequest } from './hook-requests.ts';
import { PUBLIC_URL, simpleSuggest, startCdsServer, type CdsTestServer } from './cds-test-server.ts';

const ICD10CM = 'http://hl7.org/fhir/sid/icd-10-cm';

async function call(server: CdsTestServer, id: string, body: unknown) {
  const path = `/cds-services/${id}`;
  return request(server.url)
    .post(path)
    .set('authorization', await server.auth(path))
    .send(body as object);
}

/** Optional fields are omitted, never null or empty (the issue; CDS Hooks 2.0 §Card). */
function assertNoNullOrEmpty(value: unknown, path = '$'): void {
  assert.notEqual(value, null, `${path} is null`);
  if (Array.isArray(value)) {
    if (path !== '$.cards') assert.ok(value.length > 0, `${path} is an empty array`);
    value.forEach((v, i) => assertNoNullOrEmpty(v, `${path}[${i}]`));
  } else if (typeof value === 'object' && value !== null) {
    for (const [k, v] of Object.entries(value)) assertNoNullOrEmpty(v, `${path}.${k}`);
  } else if (typeof value === 'string') {
    assert.ok(value.length > 0, `${path} is an empty string`);
  }
}

test('discovery lists the coding and triage services with their hooks and prefetch templates', async (t) => {
  const server = await startCdsServer(t);
  const res = await request(server.url)
    .get('/cds-services')
    .set('authorization', await server.auth('/cds-services'));
  assert.equal(res.status, 200);
  const services = res.body.services as {
    id: string;
    hook: string;
    title: string;
    description: string;
    prefetch: Record<string, string>;
  }[];
  const hooksOf = (prefix: string) =>
    services
      .filter((s) => s.id.startsWith(prefix))
      .map((s) => s.hook)
      .sort();
  assert.deepEqual(hooksOf('chartside-icd10'), ['encounter-discharge', 'order-sign', 'patient-view']);
  assert.deepEqual(hooksOf('chartside-triage'), ['encounter-start', 'patient-view']);
  for (const s of services) {
    assert.ok(s.title && s.description);
    assert.equal(s.prefetch.patient, 'Patient/{{context.patientId}}');
    assert.equal(s.prefetch.encounter, 'Encounter/{{context.encounterId}}');
    assert.equal(s.prefetch.conditions, 'Condition?patient={{context.patientId}}');
    assert.equal(
      s.prefetch.vitals,
      'Observation?patient={{context.patientId}}&category=vital-signs&_sort=-date&_count=20',
    );
    assert.equal(s.prefetch.notes, 'DocumentReference?patient={{context.patientId}}&_sort=-date&_count=5');
  }
});

test('encounter-discharge coding answers one card whose every field follows the spec', async (t) => {
  const server = await startCdsServer(t);
  const res = await call(server, 'chartside-icd10-discharge', hookRequest('encounter-discharge', ZEBULON));
  assert.equal(res.status, 200);
  assertNoNullOrEmpty(res.body);
  const parsed = CdsResponseSchema.parse(res.body);
  assert.equal(parsed.cards.length, 1);
  const card = parsed.cards[0] as Card;
  assert.match(card.uuid ?? '', /^[0-9a-f-]{36}$/);
  assert.ok(card.summary.length < 140);
  assert.match(card.summary, /J44\.1/);
  assert.equal(card.indicator, 'info');
  assert.match(card.detail ?? '', /^> “.*COPD.*”$/m, 'the evidence is quoted');
  assert.deepEqual(card.source, {
    label: 'Chartside ICD-10-CM coding',
    url: PUBLIC_URL,
    topic: {
      system: 'urn:chartside:fhir:CodeSystem:cds-card-topic',
      code: 'icd10cm-coding',
      display: 'ICD-10-CM coding',
    },
  });
  assert.equal(card.selectionBehavior, 'any');
  assert.ok((card.overrideReasons ?? []).every((r) => r.display && r.code && r.system));
  const suggestions = card.suggestions ?? [];
  assert.ok(suggestions.length >= 2);
  const codes = suggestions.map((s) => {
    assert.match(s.uuid ?? '', /^[0-9a-f-]{36}$/);
    const action = s.actions?.[0];
    assert.equal(action?.type, 'create');
    const condition = action?.resource as unknown as Condition & { recorder?: unknown };
    assert.equal(condition.resourceType, 'Condition');
    assert.deepEqual(condition.category?.[0]?.coding?.[0], {
      system: 'http://terminology.hl7.org/CodeSystem/condition-category',
      code: 'encounter-diagnosis',
      display: 'Encounter Diagnosis',
    });
    assert.equal(condition.code?.coding?.[0]?.system, ICD10CM);
    assert.deepEqual(condition.subject, { reference: `Patient/${ZEBULON.id}` });
    assert.deepEqual(condition.encounter, { reference: `Encounter/${ZEBULON.encounterId}` });
    assert.deepEqual(condition.recorder, { reference: 'Practitioner/dr-ortiz' });
    return condition.code?.coding?.[0]?.code ?? '';
  });
  assert.ok(codes.includes('J44.1') && codes.includes('I10'));
  assert.deepEqual(card.links?.[0]?.type, 'smart');
  assert.equal(card.links?.[0]?.url, `${PUBLIC_URL}/smart/launch.html`);
  assert.deepEqual(Object.keys(JSON.parse(card.links?.[0]?.appContext ?? '{}')).sort(), [
    'card',
    'hookInstance',
    'service',
  ]);
});

test('the card never shows the real name or MRN: the evidence comes from the de-identified text', async (t) => {
  const server = await startCdsServer(t);
  const res = await call(server, 'chartside-icd10-discharge', hookRequest('encounter-discharge', ZEBULON));
  const text = JSON.stringify(res.body.cards[0].detail);
  for (const canary of ['Quackenbush', 'Zebulon', 'MRN77120934', '617-555-0142']) assert.ok(!text.includes(canary));
});

test('order-sign and patient-view coding answer cards too; patient-view has no encounter on its Condition', async (t) => {
  const server = await startCdsServer(t);
  const order = await call(server, 'chartside-icd10-order-sign', hookRequest('order-sign', MARISOL));
  assert.equal(order.status, 200);
  assert.match(order.body.cards[0].summary, /E11\.9/);
  const view = await call(server, 'chartside-icd10-patient-view', hookRequest('patient-view', MARISOL));
  assert.equal(view.status, 200);
  const condition = view.body.cards[0].suggestions[0].actions[0].resource;
  assert.equal(condition.encounter, undefined);
  assert.deepEqual(condition.subject, { reference: `Patient/${MARISOL.id}` });
});

test('triage: SpO2 below 90 is EMERGENT and critical; normal vitals are NON-URGENT and info', async (t) => {
  const server = await startCdsServer(t);
  const emergent = await call(server, 'chartside-triage-patient-view', hookRequest('patient-view', ZEBULON));
  assert.equal(emergent.status, 200);
  assertNoNullOrEmpty(emergent.body);
  const card = CardSchema.parse(emergent.body.cards[0]);
  assert.equal(card.indicator, 'critical');
  assert.match(card.summary, /^Triage EMERGENT: /);
  // Each fired discriminator is named with its protocol and level, and quotes its evidence verbatim.
  // The chart model hands the SpO2 over as a number: the evidence names the Observation it came from.
  assert.match(
    card.detail ?? '',
    /- \*\*SpO2 below 92%\*\* \(CTAS, EMERGENT\)\n {2}Source: CTAS 2016 [^\n]*CJEM 2017[^\n]*SpO2 &lt; 92%[^\n]*\n {2}from Observation\/vs-pat-zq-4471-0: spo2 86 %/,
  );
  assert.equal(card.suggestions, undefined);
  assert.equal(card.selectionBehavior, undefined);
  const calm = await call(server, 'chartside-triage-encounter-start', hookRequest('encounter-start', MARISOL));
  assert.equal(calm.body.cards[0].indicator, 'info');
  assert.match(calm.body.cards[0].summary, /NON-URGENT/);
});

test('indicator: EMERGENT critical, URGENT warning, the others info', () => {
  assert.equal(indicatorFor('EMERGENT'), 'critical');
  assert.equal(indicatorFor('URGENT'), 'warning');
  assert.equal(indicatorFor('SEMI-URGENT'), 'info');
  assert.equal(indicatorFor('NON-URGENT'), 'info');
});

test('no guidance is {"cards": []}', async (t) => {
  const base = await simpleSuggest();
  const nothing: SuggestFn = async (input, options) => ({ ...(await base(input, options)), codes: [] });
  const server = await startCdsServer(t, { suggest: nothing });
  const res = await call(server, 'chartside-icd10-discharge', hookRequest('encounter-discharge', MARISOL));
  assert.equal(res.status, 200);
  assert.deepEqual(res.body, { cards: [] });
});

test('chart text cannot inject Markdown or HTML into the card', async (t) => {
  const base = await simpleSuggest();
  const evil: SuggestFn = async (input, options) => {
    const s = await base(input, options);
    const first = s.codes[0];
    if (first)
      first.evidence = [{ text: '<img src=x onerror=alert(1)> [click](https://evil.test)', start: 0, end: 10 }];
    return s;
  };
  const server = await startCdsServer(t, { suggest: evil });
  const res = await call(server, 'chartside-icd10-discharge', hookRequest('encounter-discharge', ZEBULON));
  const detail = res.body.cards[0].detail as string;
  assert.ok(!detail.includes('<img'));
  assert.ok(!detail.includes('](https'));
});
