import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { test } from 'node:test';
import request from 'supertest';
import { FIXTURE_PATIENTS } from '../../fixtures/ehr/cds-patients.ts';
import { hookRequest } from './hook-requests.ts';
import { startCdsServer } from './cds-test-server.ts';

test('after a run of every service, no PHI of the fixture patients is in the logs or the audit log', async (t) => {
  const server = await startCdsServer(t);
  const calls: [string, string][] = [
    ['chartside-icd10-discharge', 'encounter-discharge'],
    ['chartside-icd10-order-sign', 'order-sign'],
    ['chartside-icd10-patient-view', 'patient-view'],
    ['chartside-triage-patient-view', 'patient-view'],
    ['chartside-triage-encounter-start', 'encounter-start'],
  ];
  const answered: string[] = [];
  for (const p of FIXTURE_PATIENTS) {
    for (const [id, hook] of calls) {
      const path = `/cds-services/${id}`;
      const res = await request(server.url)
        .post(path)
        .set('authorization', await server.auth(path))
        .send(hookRequest(hook, p));
      assert.equal(res.status, 200);
      answered.push(JSON.stringify(res.body));
    }
    // and a bad one, whose error must not echo the input either
    const path = '/cds-services/chartside-icd10-discharge';
    const bad = await request(server.url)
      .post(path)
      .set('authorization', await server.auth(path))
      .send(hookRequest('encounter-discharge', p, { context: { encounterId: `${p.canaries[0]} ${p.canaries[1]}` } }));
    assert.equal(bad.status, 400);
    answered.push(JSON.stringify(bad.body.issue));
  }
  await server.audit.flush();
  const audit = await readFile(server.auditFile, 'utf8');
  const logs = server.logs.join('\n');
  const codes = answered.join('').match(/[A-Z]\d{2}\.\d{1,4}/g) ?? [];
  assert.ok(codes.length > 0, 'the run did suggest codes');
  const forbidden = [...FIXTURE_PATIENTS.flatMap((p) => p.canaries), 'Philippa', 'COPD', 'diabetes', ...new Set(codes)];
  for (const s of forbidden) {
    assert.ok(!logs.includes(s), `logs contain ${s}`);
    assert.ok(!audit.includes(s), `audit log contains ${s}`);
  }
  for (const p of FIXTURE_PATIENTS) {
    for (const c of p.canaries.slice(0, 4)) assert.ok(!answered.at(-1)?.includes(c));
  }
});
