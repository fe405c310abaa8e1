import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { test } from 'node:test';
import type { AuditEvent } from 'fhir/r4.d.ts';
import request from 'supertest';
import { ZEBULON } from '../../fixtures/ehr/cds-patients.ts';
import { verifyAuditLog } from '../../server/audit/verify-audit-log.ts';
import { hookRequest } from '../cds-hooks/hook-requests.ts';
import { startCdsServer, type CdsTestServer } from '../cds-hooks/cds-test-server.ts';

async function records(server: CdsTestServer): Promise<AuditEvent[]> {
  await server.audit.flush();
  return (await readFile(server.auditFile, 'utf8'))
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => JSON.parse(l) as AuditEvent);
}

const detail = (e: AuditEvent | undefined): Record<string, string | undefined> =>
  Object.fromEntries((e?.entity?.[0]?.detail ?? []).map((d) => [d.type, d.valueString]));

test('every request to every endpoint but the health probes gives exactly one audit record', async (t) => {
  const server = await startCdsServer(t);
  const svc = '/cds-services/chartside-icd10-discharge';
  await request(server.url)
    .get('/cds-services')
    .set('authorization', await server.auth('/cds-services'));
  await request(server.url).get('/cds-services');
  const card = await request(server.url)
    .post(svc)
    .set('authorization', await server.auth(svc))
    .send(hookRequest('encounter-discharge', ZEBULON));
  await request(server.url)
    .post(`${svc}/feedback`)
    .set('authorization', await server.auth(`${svc}/feedback`))
    .send({
      feedback: [{ card: card.body.cards[0].uuid, outcome: 'overridden', outcomeTimestamp: '2025-03-02T10:00:00Z' }],
    });
  await request(server.url).get('/fhir/CodeSystem/$lookup?system=http://hl7.org/fhir/sid/icd-10-cm&code=J44.1');
  await request(server.url).get('/no-such-thing');
  await request(server.url).get('/healthz');
  await request(server.url).get('/readyz');
  const all = await records(server);
  assert.deepEqual(
    all.map((e) => [e.subtype?.[0]?.code, detail(e).status]),
    [
      ['cds-discovery', '200'],
      ['cds-discovery', '401'],
      ['cds-service', '200'],
      ['cds-feedback', '200'],
      ['fhir-terminology', '200'],
      ['http', '404'],
    ],
  );
  assert.equal((await verifyAuditLog(server.auditFile)).ok, true);
});

test('a hook call is audited with client, tenant, user, location, service, engine, outcome and latency', async (t) => {
  const server = await startCdsServer(t);
  const svc = '/cds-services/chartside-icd10-discharge';
  const body = hookRequest('encounter-discharge', ZEBULON);
  await request(server.url)
    .post(svc)
    .set('authorization', await server.auth(svc))
    .send(body);
  const [event] = await records(server);
  assert.equal(event?.outcome, '0');
  assert.equal(event?.source.site, 'tenant-a');
  assert.deepEqual(event?.agent[0]?.who?.identifier?.value, 'https://ehr.test/cds');
  assert.deepEqual(event?.agent[1]?.who, { reference: 'Practitioner/dr-ortiz' });
  assert.deepEqual(event?.agent[1]?.location, { reference: 'Location/ward-4b' });
  const d = detail(event);
  assert.equal(d.service, 'chartside-icd10-discharge');
  assert.equal(d.hook, 'encounter-discharge');
  assert.equal(d.hookInstance, body.hookInstance);
  assert.equal(d.route, '/cds-services/:id');
  assert.equal(d.backend, 'rules');
  assert.match(d.modelVersion ?? '', /^rules:chartside-/);
  assert.equal(d.terminologyVersion, '2026');
  assert.ok(Number(d.suggestions) >= 2);
  assert.ok(Number(d.latencyMs) >= 0);
});

test('a refused call is audited as a minor failure without a client', async (t) => {
  const server = await startCdsServer(t);
  await request(server.url).post('/cds-services/chartside-icd10-discharge').send({});
  const [event] = await records(server);
  assert.equal(event?.outcome, '4');
  assert.deepEqual(event?.agent[0]?.who, { display: 'unauthenticated caller' });
});
