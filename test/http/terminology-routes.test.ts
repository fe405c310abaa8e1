import assert from 'node:assert/strict';
import { test } from 'node:test';
import { startTestServer } from '../helpers/app.ts';

const SYSTEM = 'http://hl7.org/fhir/sid/icd-10-cm';

test('$lookup answers a Parameters resource with display, billable and category', async (t) => {
  const { url } = await startTestServer(t);
  const res = await fetch(`${url}/fhir/CodeSystem/$lookup?system=${encodeURIComponent(SYSTEM)}&code=J441`);
  assert.equal(res.status, 200);
  assert.match(res.headers.get('content-type') ?? '', /application\/fhir\+json/);
  const body = await res.json();
  assert.equal(body.resourceType, 'Parameters');
  const param = (name: string): { valueString?: string } =>
    body.parameter.find((p: { name: string }) => p.name === name);
  assert.equal(param('display').valueString, 'Chronic obstructive pulmonary disease with (acute) exacerbation');
  assert.equal(param('version').valueString, '2026');
  const billable = body.parameter.find(
    (p: { name: string; part?: { name: string; valueCode?: string }[] }) => p.part?.[0]?.valueCode === 'billable',
  );
  assert.equal(billable.part[1].valueBoolean, true);
});

test('$lookup of an unknown code is a 404 OperationOutcome, of a malformed one a 400', async (t) => {
  const { url } = await startTestServer(t);
  const unknown = await fetch(`${url}/fhir/CodeSystem/$lookup?system=${encodeURIComponent(SYSTEM)}&code=J99.99`);
  assert.equal(unknown.status, 404);
  const outcome = await unknown.json();
  assert.equal(outcome.resourceType, 'OperationOutcome');
  assert.equal(outcome.issue[0].code, 'code-invalid');
  const malformed = await fetch(
    `${url}/fhir/CodeSystem/$lookup?system=${encodeURIComponent(SYSTEM)}&code=%3Cscript%3E`,
  );
  assert.equal(malformed.status, 400);
});

test('$lookup without system, or with another system, names the parameter', async (t) => {
  const { url } = await startTestServer(t);
  const missing = await fetch(`${url}/fhir/CodeSystem/$lookup?code=J44.1`);
  assert.equal(missing.status, 400);
  assert.deepEqual((await missing.json()).issue[0].expression, ['query.system']);
  const other = await fetch(`${url}/fhir/CodeSystem/$lookup?system=http://snomed.info/sct&code=J44.1`);
  assert.equal(other.status, 400);
});

test('$validate-code says true for a billable code, false for an unknown one, and flags headers', async (t) => {
  const { url } = await startTestServer(t);
  const get = async (q: string) =>
    (await fetch(`${url}/fhir/CodeSystem/$validate-code?url=${encodeURIComponent(SYSTEM)}&${q}`)).json();
  const result = (b: { parameter: { name: string; valueBoolean?: boolean; valueString?: string }[] }, name: string) =>
    b.parameter.find((p) => p.name === name);
  const ok = await get('code=I10');
  assert.equal(result(ok, 'result')?.valueBoolean, true);
  const bad = await get('code=I99.99');
  assert.equal(result(bad, 'result')?.valueBoolean, false);
  const header = await get('code=J44');
  assert.equal(result(header, 'result')?.valueBoolean, true);
  assert.match(result(header, 'message')?.valueString ?? '', /header code/);
  const wrongDisplay = await get('code=I10&display=Asthma');
  assert.equal(result(wrongDisplay, 'result')?.valueBoolean, false);
});

test('$expand with a filter answers a ValueSet expansion of ranked codes', async (t) => {
  const { url } = await startTestServer(t);
  const res = await fetch(
    `${url}/fhir/ValueSet/$expand?url=${encodeURIComponent(SYSTEM)}&filter=copd%20exacerbation&count=3`,
  );
  assert.equal(res.status, 200);
  const vs = await res.json();
  assert.equal(vs.resourceType, 'ValueSet');
  assert.equal(vs.expansion.contains.length, 3);
  assert.deepEqual(vs.expansion.contains[0], {
    system: SYSTEM,
    version: '2026',
    code: 'J44.1',
    display: 'Chronic obstructive pulmonary disease with (acute) exacerbation',
  });
});

test('$expand without a filter or with a bad count is a 400 naming the parameter', async (t) => {
  const { url } = await startTestServer(t);
  const noFilter = await fetch(`${url}/fhir/ValueSet/$expand?url=${encodeURIComponent(SYSTEM)}`);
  assert.equal(noFilter.status, 400);
  assert.deepEqual((await noFilter.json()).issue[0].expression, ['query.filter']);
  const badCount = await fetch(`${url}/fhir/ValueSet/$expand?url=${encodeURIComponent(SYSTEM)}&filter=copd&count=0`);
  assert.equal(badCount.status, 400);
  assert.deepEqual((await badCount.json()).issue[0].expression, ['query.count']);
});

test('health, readiness and unknown routes', async (t) => {
  const { url } = await startTestServer(t);
  assert.deepEqual(await (await fetch(`${url}/healthz`)).json(), { status: 'ok' });
  const ready = await fetch(`${url}/readyz`);
  assert.equal(ready.status, 200);
  const body = await ready.json();
  assert.equal(body.checks.terminology.source, 'embedded');
  assert.equal(body.checks.terminology.version, '2026');
  const missing = await fetch(`${url}/nowhere`);
  assert.equal(missing.status, 404);
  assert.equal((await missing.json()).resourceType, 'OperationOutcome');
});

test('a malformed JSON body is a 400 OperationOutcome, an oversized one a 413, never a stack trace', async (t) => {
  const { url } = await startTestServer(t, { bodyLimit: 2048 });
  const malformed = await fetch(`${url}/fhir/ValueSet/$expand`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: '{"a":',
  });
  assert.equal(malformed.status, 400);
  const text = await malformed.text();
  assert.doesNotMatch(text, /at .*\.ts:\d+|SyntaxError/);
  assert.equal(JSON.parse(text).issue[0].code, 'invalid');
  const big = await fetch(`${url}/fhir/ValueSet/$expand`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ x: 'y'.repeat(5000) }),
  });
  assert.equal(big.status, 413);
});

test('request logs carry the route and request id, never the query text', async (t) => {
  const { url, logs } = await startTestServer(t);
  const canary = 'Zebulon Quackenbush MRN 99887766';
  const res = await fetch(
    `${url}/fhir/ValueSet/$expand?url=${encodeURIComponent(SYSTEM)}&filter=${encodeURIComponent(canary)}`,
  );
  await res.arrayBuffer();
  await new Promise((r) => setTimeout(r, 20));
  const joined = logs.join('\n');
  assert.ok(joined.includes('"route":"/fhir/ValueSet/\\\\$expand"') || joined.includes('$expand'));
  assert.ok(!joined.includes('Zebulon') && !joined.includes('99887766') && !joined.includes('Quackenbush'));
  assert.ok(logs.some((l) => JSON.parse(l).reqId === res.headers.get('x-request-id')));
});
