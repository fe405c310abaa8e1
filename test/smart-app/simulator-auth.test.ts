import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { after, before, test } from 'node:test';
import { startEhrSimulator, type EhrSimulator } from '../../fixtures/ehr/simulator/start-ehr-simulator.ts';
import { scopePermits } from '../../fixtures/ehr/simulator/smart-grants.ts';

const REDIRECT = 'http://127.0.0.1:9/smart/callback';
const VERIFIER = 'v'.repeat(43);
const CHALLENGE = createHash('sha256').update(VERIFIER).digest('base64url');
let sim: EhrSimulator;

before(async () => {
  sim = await startEhrSimulator({ shared: false, chartsideUrl: 'http://127.0.0.1:9' });
});
after(() => sim?.close());

function authorizeUrl(overrides: Record<string, string> = {}): string {
  const launch = sim.grants.createLaunch({ patient: 'demo-avery', needPatientBanner: false });
  const params = new URLSearchParams({
    response_type: 'code',
    client_id: 'chartside',
    redirect_uri: REDIRECT,
    scope: 'launch openid fhirUser online_access patient/Condition.rs patient/Condition.c',
    state: 'state-1',
    aud: sim.fhirBase,
    code_challenge: CHALLENGE,
    code_challenge_method: 'S256',
    launch,
    ...overrides,
  });
  return `${sim.url}/auth/authorize?${params.toString()}`;
}

async function redirectOf(url: string): Promise<URL> {
  const res = await fetch(url, { redirect: 'manual' });
  assert.equal(res.status, 302);
  return new URL(res.headers.get('location') ?? '');
}

async function token(body: Record<string, string>): Promise<{ status: number; json: Record<string, unknown> }> {
  const res = await fetch(`${sim.url}/auth/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(body),
  });
  return { status: res.status, json: (await res.json()) as Record<string, unknown> };
}

test('a wrong aud goes back to the client as invalid_request with the state', async () => {
  const back = await redirectOf(authorizeUrl({ aud: 'https://elsewhere.example/fhir' }));
  assert.equal(back.searchParams.get('error'), 'invalid_request');
  assert.equal(back.searchParams.get('state'), 'state-1');
});

test('an unregistered redirect_uri is an error page, never a redirect', async () => {
  const res = await fetch(authorizeUrl({ redirect_uri: 'https://evil.example/cb' }), { redirect: 'manual' });
  assert.equal(res.status, 400);
});

test('a code needs the right PKCE verifier, is single use, and online_access gives a rotating refresh token', async () => {
  const code = (await redirectOf(authorizeUrl())).searchParams.get('code') ?? '';
  const base = { grant_type: 'authorization_code', code, client_id: 'chartside', redirect_uri: REDIRECT };
  const wrong = await token({ ...base, code_verifier: 'w'.repeat(43) });
  assert.equal(wrong.status, 400);
  assert.equal(wrong.json.error, 'invalid_grant');
  const again = await token({ ...base, code_verifier: VERIFIER });
  assert.equal(again.json.error, 'invalid_grant');

  const fresh = (await redirectOf(authorizeUrl())).searchParams.get('code') ?? '';
  const ok = await token({ ...base, code: fresh, code_verifier: VERIFIER });
  assert.equal(ok.status, 200);
  assert.equal(ok.json.patient, 'demo-avery');
  assert.equal(typeof ok.json.id_token, 'string');
  const refreshed = await token({ grant_type: 'refresh_token', refresh_token: String(ok.json.refresh_token) });
  assert.equal(refreshed.status, 200);
  assert.notEqual(refreshed.json.refresh_token, ok.json.refresh_token);
  const reused = await token({ grant_type: 'refresh_token', refresh_token: String(ok.json.refresh_token) });
  assert.equal(reused.json.error, 'invalid_grant');
});

test('the FHIR server needs a token, keeps patient scopes to the launch patient, and creates with Location and ETag', async () => {
  assert.equal((await fetch(`${sim.fhirBase}/Patient/demo-avery`)).status, 401);
  const issued = sim.grants.issueTokens({
    clientId: 'chartside',
    scope: 'patient/Condition.rs patient/Condition.c',
    user: 'Practitioner/sim-practitioner',
    context: { patient: 'demo-avery' },
  });
  const auth = { authorization: `Bearer ${issued.accessToken}`, 'content-type': 'application/fhir+json' };
  assert.equal((await fetch(`${sim.fhirBase}/Condition?patient=demo-jordan`, { headers: auth })).status, 403);
  const search = await fetch(`${sim.fhirBase}/Condition?patient=demo-avery&_count=1`, { headers: auth });
  assert.equal(search.status, 200);
  const created = await fetch(`${sim.fhirBase}/Condition`, {
    method: 'POST',
    headers: auth,
    body: JSON.stringify({
      resourceType: 'Condition',
      subject: { reference: 'Patient/demo-avery' },
      code: { text: 'x' },
    }),
  });
  assert.equal(created.status, 201);
  assert.match(created.headers.get('location') ?? '', /\/fhir\/Condition\/[^/]+\/_history\/[^/]+$/);
  assert.match(created.headers.get('etag') ?? '', /^W\/"/);
  const metadata = (await (await fetch(`${sim.fhirBase}/metadata`)).json()) as { resourceType: string };
  assert.equal(metadata.resourceType, 'CapabilityStatement');
});

test('v1 and v2 scopes permit what they say', () => {
  assert.equal(scopePermits('patient/Condition.rs', 'Condition', 's'), 'patient');
  assert.equal(scopePermits('patient/Condition.rs', 'Condition', 'c'), false);
  assert.equal(scopePermits('patient/Condition.write', 'Condition', 'c'), 'patient');
  assert.equal(scopePermits('user/*.read', 'Observation', 'r'), 'user');
  assert.equal(scopePermits('patient/*.read', 'Observation', 'c'), false);
});
