import assert from 'node:assert/strict';
import { test } from 'node:test';
import request from 'supertest';
import type { SuggestFn } from '../../cds-hooks/suggest-fn.ts';
import { startCdsFhirServer } from '../../fixtures/ehr/cds-fhir-server.ts';
import { MARISOL, ZEBULON } from '../../fixtures/ehr/cds-patients.ts';
import { ConfigSchema } from '../../server/config.ts';
import { hookRequest } from './hook-requests.ts';
import { simpleSuggest, startCdsServer, type CdsTestServer } from './cds-test-server.ts';

const DISCHARGE = 'chartside-icd10-discharge';

async function call(server: CdsTestServer, id: string, body: unknown) {
  const path = `/cds-services/${id}`;
  return request(server.url)
    .post(path)
    .set('authorization', await server.auth(path))
    .send(body as object);
}

test('a hook request without hookInstance gets a 400 OperationOutcome naming the field', async (t) => {
  const server = await startCdsServer(t);
  const body = hookRequest('encounter-discharge', ZEBULON);
  delete body.hookInstance;
  const res = await call(server, DISCHARGE, body);
  assert.equal(res.status, 400);
  assert.equal(res.body.resourceType, 'OperationOutcome');
  assert.deepEqual(res.body.issue[0].expression, ['body.hookInstance']);
});

test('the context is checked for the hook: encounter-discharge needs encounterId', async (t) => {
  const server = await startCdsServer(t);
  const res = await call(
    server,
    DISCHARGE,
    hookRequest('encounter-discharge', ZEBULON, { context: { encounterId: undefined } }),
  );
  assert.equal(res.status, 400);
  assert.deepEqual(res.body.issue[0].expression, ['body.context.encounterId']);
  const badId = await call(
    server,
    DISCHARGE,
    hookRequest('encounter-discharge', ZEBULON, { context: { patientId: '../../Patient?x' } }),
  );
  assert.equal(badId.status, 400);
  assert.deepEqual(badId.body.issue[0].expression, ['body.context.patientId']);
});

test('a hook the service does not answer is a 400; an unknown service a 404', async (t) => {
  const server = await startCdsServer(t);
  const wrong = await call(server, DISCHARGE, hookRequest('patient-view', ZEBULON));
  assert.equal(wrong.status, 400);
  assert.deepEqual(wrong.body.issue[0].expression, ['body.hook']);
  const unknown = await call(server, 'no-such-service', hookRequest('patient-view', ZEBULON));
  assert.equal(unknown.status, 404);
  assert.equal(unknown.body.issue[0].code, 'not-found');
});

test('missing required prefetch and no FHIR server: 412 Precondition Failed naming the data', async (t) => {
  const server = await startCdsServer(t);
  const res = await call(server, DISCHARGE, hookRequest('encounter-discharge', ZEBULON, { omit: ['notes'] }));
  assert.equal(res.status, 412);
  assert.equal(res.body.resourceType, 'OperationOutcome');
  assert.deepEqual(res.body.issue[0].expression, ['body.prefetch.notes']);
});

test('a null prefetch value means "no data": the call succeeds', async (t) => {
  const server = await startCdsServer(t);
  const body = hookRequest('encounter-discharge', ZEBULON);
  (body.prefetch as Record<string, unknown>).conditions = null;
  const res = await call(server, DISCHARGE, body);
  assert.equal(res.status, 200);
});

test('optional data neither prefetched nor fetched is named on the card; a whole prefetch names nothing', async (t) => {
  const server = await startCdsServer(t);
  const partial = await call(
    server,
    DISCHARGE,
    hookRequest('encounter-discharge', ZEBULON, { omit: ['medications', 'allergies', 'latestEncounter'] }),
  );
  assert.equal(partial.status, 200);
  const detail = String(partial.body.cards[0].detail);
  // The latest encounter is not missed: the encounter is in context.
  assert.match(detail, /Not read from the EHR \(neither prefetched nor fetched\): allergies, active medications\./);
  const whole = await call(server, DISCHARGE, hookRequest('encounter-discharge', ZEBULON));
  assert.equal(whole.status, 200);
  assert.doesNotMatch(String(whole.body.cards[0].detail), /Not read from the EHR/);
});

test('what prefetch lacks is fetched from an allow-listed fhirServer with fhirAuthorization', async (t) => {
  const fhir = await startCdsFhirServer([ZEBULON], { requireToken: 'ehr-access-token-1' });
  t.after(() => fhir.close());
  const server = await startCdsServer(t, { config: { fhirServers: [fhir.base] } });
  const res = await call(
    server,
    DISCHARGE,
    hookRequest('encounter-discharge', ZEBULON, {
      omit: ['notes', 'conditions'],
      extra: {
        fhirServer: fhir.base,
        fhirAuthorization: {
          access_token: 'ehr-access-token-1',
          token_type: 'Bearer',
          expires_in: 300,
          scope: 'patient/*.read',
          subject: 'chartside',
        },
      },
    }),
  );
  assert.equal(res.status, 200);
  assert.match(res.body.cards[0].summary, /J44\.1/);
  assert.deepEqual(fhir.requests.map((r) => r.path.split('?')[0]).sort(), ['Condition', 'DocumentReference']);
  assert.ok(fhir.requests.every((r) => r.authorization === 'Bearer ehr-access-token-1'));
  assert.ok(!server.logs.join('\n').includes('ehr-access-token-1'));
});

test('a fhirServer not on the allow-list is never contacted, and never sent the token', async (t) => {
  const attacker = await startCdsFhirServer([ZEBULON]);
  t.after(() => attacker.close());
  const server = await startCdsServer(t, { config: { fhirServers: ['https://ehr.test/fhir'] } });
  const res = await call(
    server,
    DISCHARGE,
    hookRequest('encounter-discharge', ZEBULON, {
      omit: ['notes'],
      extra: { fhirServer: attacker.base, fhirAuthorization: { access_token: 'stolen', token_type: 'Bearer' } },
    }),
  );
  assert.equal(res.status, 412);
  assert.equal(attacker.requests.length, 0);
});

test('a FHIR server that fails leaves required data missing: 412', async (t) => {
  const fhir = await startCdsFhirServer([ZEBULON], { requireToken: 'right-token' });
  t.after(() => fhir.close());
  const server = await startCdsServer(t, { config: { fhirServers: [fhir.base] } });
  const res = await call(
    server,
    DISCHARGE,
    hookRequest('encounter-discharge', ZEBULON, {
      omit: ['notes'],
      extra: { fhirServer: fhir.base, fhirAuthorization: { access_token: 'wrong-token', token_type: 'Bearer' } },
    }),
  );
  assert.equal(res.status, 412);
});

test('1.0-style requests (Epic, Oracle Health) are accepted: top-level user, sparse fhirAuthorization', async (t) => {
  const fhir = await startCdsFhirServer([MARISOL]);
  t.after(() => fhir.close());
  const server = await startCdsServer(t, { config: { fhirServers: [fhir.base] } });
  const body = hookRequest('patient-view', MARISOL, { omit: ['notes', 'vitals'] });
  const context = body.context as Record<string, unknown>;
  delete context.userId;
  delete context.patientId;
  const res = await call(server, 'chartside-triage-patient-view', {
    ...body,
    user: 'Practitioner/epic-123',
    patient: MARISOL.id,
    fhirServer: fhir.base,
    fhirAuthorization: { access_token: 'epic-token' },
  });
  assert.equal(res.status, 200);
  assert.equal(res.body.cards[0].indicator, 'info');
});

test('a suggestion pipeline that overruns the time limit gives a 503, not a hung EHR', async (t) => {
  const never: SuggestFn = (_input, options) =>
    new Promise((_resolve, reject) => options.signal?.addEventListener('abort', () => reject(new Error('aborted'))));
  const server = await startCdsServer(t, { suggest: never, config: { cdsTimeoutMs: 150 } });
  const res = await call(server, DISCHARGE, hookRequest('encounter-discharge', ZEBULON));
  assert.equal(res.status, 503);
  assert.equal(res.body.issue[0].code, 'timeout');
});

test('per-client rate limiting answers 429 with an OperationOutcome', async (t) => {
  const server = await startCdsServer(t, { config: { cdsRateLimit: 2 } });
  const statuses: number[] = [];
  for (let i = 0; i < 3; i++) {
    statuses.push(
      (
        await request(server.url)
          .get('/cds-services')
          .set('authorization', await server.auth('/cds-services'))
      ).status,
    );
  }
  assert.deepEqual(statuses, [200, 200, 429]);
});

test('a body over the limit is a 413, and only after the JWT is verified', async (t) => {
  const server = await startCdsServer(t, { config: { bodyLimit: 4096 } });
  const big = { ...hookRequest('encounter-discharge', ZEBULON), padding: 'x'.repeat(8000) };
  const unauthenticated = await request(server.url).post(`/cds-services/${DISCHARGE}`).send(big);
  assert.equal(unauthenticated.status, 401);
  const res = await call(server, DISCHARGE, big);
  assert.equal(res.status, 413);
});

test('CORS: configured origins get preflight answers without a token; others get no CORS headers', async (t) => {
  const server = await startCdsServer(t, { config: { cdsCorsOrigins: ['https://sandbox.test'] } });
  const ok = await request(server.url)
    .options(`/cds-services/${DISCHARGE}`)
    .set('origin', 'https://sandbox.test')
    .set('access-control-request-method', 'POST')
    .set('access-control-request-headers', 'authorization, content-type');
  assert.equal(ok.status, 204);
  assert.equal(ok.headers['access-control-allow-origin'], 'https://sandbox.test');
  assert.match(ok.headers['access-control-allow-headers'] ?? '', /Authorization/);
  const other = await request(server.url)
    .options(`/cds-services/${DISCHARGE}`)
    .set('origin', 'https://evil.test')
    .set('access-control-request-method', 'POST');
  assert.equal(other.headers['access-control-allow-origin'], undefined);
});

test('security headers are set on CDS Hooks answers', async (t) => {
  const server = await startCdsServer(t);
  const res = await request(server.url)
    .get('/cds-services')
    .set('authorization', await server.auth('/cds-services'));
  assert.equal(res.headers['x-content-type-options'], 'nosniff');
  assert.ok(res.headers['content-security-policy']);
  assert.equal(res.headers['x-powered-by'], undefined);
});

test('development mode without JWT checks works only when enabled, says so loudly, and never in production', async (t) => {
  const server = await startCdsServer(t, { config: { cdsDevSkipAuth: true } });
  assert.ok(server.logs.some((l) => JSON.parse(l).warning === 'cds-auth-disabled'));
  const res = await request(server.url)
    .post(`/cds-services/${DISCHARGE}`)
    .send(hookRequest('encounter-discharge', MARISOL));
  assert.equal(res.status, 200);
  assert.equal(
    ConfigSchema.safeParse({ mode: 'production', deidSecret: 'x'.repeat(32), cdsDevSkipAuth: 'true' }).success,
    false,
  );
  assert.equal(ConfigSchema.parse({ cdsDevSkipAuth: 'false' }).cdsDevSkipAuth, false);
});

test('the simple pipeline is deterministic for the same chart (same case hash)', async () => {
  const suggest = await simpleSuggest();
  const input = { resources: [ZEBULON.patient, ...ZEBULON.notes] };
  const a = await suggest(input, { wantCodes: true, wantTriage: false });
  const b = await suggest(input, { wantCodes: true, wantTriage: false });
  assert.equal(a.caseHash, b.caseHash);
});
