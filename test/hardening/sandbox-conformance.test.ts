import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { test, type TestContext } from 'node:test';
import { exportJWK, generateKeyPair, SignJWT, type CryptoKey } from 'jose';
import { startCdsFhirServer } from '../../fixtures/ehr/cds-fhir-server.ts';
import { MARISOL } from '../../fixtures/ehr/cds-patients.ts';
import { PUBLIC_URL, startCdsServer, type CdsTestServer } from '../cds-hooks/cds-test-server.ts';

/**
 * Peer conformance with the reference CDS Hooks sandbox (github.com/cds-hooks/sandbox): requests shaped as
 * it sends them. Its JWT (src/retrieve-data-helpers/jwt-generator.js): ES384, a fixed kid, a `jku` on the
 * internet, claims iss/aud/exp/iat/jti only. Its hook call (service-exchange.js): hookInstance, hook,
 * fhirServer, context {patientId, userId, …}, prefetch holding only the templates it could resolve and
 * fetch, and no fhirAuthorization for an open FHIR server. Its feedback (card-list.jsx): accepted with
 * acceptedSuggestions [{id: suggestion.uuid}], overridden with or without overrideReason {reason {code}}.
 */
const SANDBOX_ISS = 'https://sandbox.cds-hooks.org';
const SANDBOX_JKU = 'https://sandbox.cds-hooks.org/.well-known/jwks.json';
const SANDBOX_KID = '44823f3d-0b01-4a6c-a80e-b9d3e8a7226f';
const SANDBOX_USER = 'Practitioner/COREPRACTITIONER1';

interface Sandbox {
  chartside: CdsTestServer;
  fhir: Awaited<ReturnType<typeof startCdsFhirServer>>;
  post(path: string, body: unknown): Promise<{ status: number; json: unknown }>;
  get(path: string): Promise<{ status: number; json: unknown }>;
}

async function startSandboxPeer(t: TestContext): Promise<Sandbox> {
  const { privateKey, publicKey } = await generateKeyPair('ES384', { extractable: true });
  const jwk = { ...(await exportJWK(publicKey)), kid: SANDBOX_KID, alg: 'ES384', use: 'sig', kty: 'EC' };
  const fhir = await startCdsFhirServer([MARISOL]);
  t.after(() => fhir.close());
  // IT pinned the sandbox's published key; the sandbox's jku is not fetched (and is unreachable offline)
  const chartside = await startCdsServer(t, {
    clients: () => [{ iss: SANDBOX_ISS, jwks: { keys: [jwk] } }],
    config: { fhirServers: [fhir.base] },
  });
  const jwt = (audience: string): Promise<string> => sandboxJwt(privateKey, audience);
  const call = async (method: string, path: string, body?: unknown): Promise<{ status: number; json: unknown }> => {
    const res = await fetch(`${chartside.url}${path}`, {
      method,
      headers: {
        accept: 'application/json',
        ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
        authorization: `Bearer ${await jwt(`${PUBLIC_URL}${path}`)}`,
      },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
    const text = await res.text();
    return { status: res.status, json: text === '' ? undefined : (JSON.parse(text) as unknown) };
  };
  return { chartside, fhir, post: (p, b) => call('POST', p, b), get: (p) => call('GET', p) };
}

/** The sandbox's JWT, claim for claim (no nbf, sub or tenant). */
function sandboxJwt(key: CryptoKey, audience: string): Promise<string> {
  const now = Math.round(Date.now() / 1000);
  return new SignJWT({ iss: SANDBOX_ISS, aud: audience, exp: now + 300, iat: now, jti: randomUUID() })
    .setProtectedHeader({ alg: 'ES384', typ: 'JWT', kid: SANDBOX_KID, jku: SANDBOX_JKU })
    .sign(key);
}

interface DiscoveredService {
  id: string;
  hook: string;
  prefetch?: Record<string, string>;
}

/** The context the sandbox sends for a hook: patientId and userId, plus what the hook's page adds. */
function sandboxContext(hook: string): Record<string, unknown> {
  const context: Record<string, unknown> = { patientId: MARISOL.id, userId: SANDBOX_USER };
  if (hook === 'encounter-start' || hook === 'encounter-discharge' || hook === 'order-sign') {
    context.encounterId = MARISOL.encounterId;
  }
  if (hook === 'order-sign') {
    context.draftOrders = {
      resourceType: 'Bundle',
      type: 'collection',
      entry: [{ resource: { resourceType: 'ServiceRequest', id: 'draft-1', status: 'draft', intent: 'order' } }],
    };
  }
  return context;
}

/**
 * The sandbox's prefetch: each template's first-level `{{context.x}}` and `{{userPractitionerId}}` tokens
 * replaced, templates left with a token skipped, the rest fetched from the FHIR server; keys that fail
 * are simply left out.
 */
async function sandboxPrefetch(
  base: string,
  templates: Record<string, string>,
  context: Record<string, unknown>,
): Promise<Record<string, unknown>> {
  const prefetch: Record<string, unknown> = {};
  for (const [key, template] of Object.entries(templates)) {
    const filled = template
      .replace(/\{\{\s*context\.([A-Za-z0-9_]+)\s*}}/g, (m, name: string) => {
        const v = context[name];
        return typeof v === 'string' ? v : m;
      })
      .replace(/\{\{\s*userPractitionerId\s*}}/g, SANDBOX_USER.split('/')[1] ?? '');
    if (/\{\{[^}]+}}/.test(filled)) continue;
    const res = await fetch(`${base}/${filled}`, { headers: { accept: 'application/json+fhir' } });
    if (res.ok) prefetch[key] = await res.json();
  }
  return prefetch;
}

test('sandbox discovery: its JWT (jku on the internet, pinned key) opens discovery; every prefetch template resolves', async (t) => {
  const sandbox = await startSandboxPeer(t);
  const discovery = await sandbox.get('/cds-services');
  assert.equal(discovery.status, 200);
  const services = (discovery.json as { services: DiscoveredService[] }).services;
  assert.equal(services.length, 5);
  for (const s of services) {
    const prefetch = await sandboxPrefetch(sandbox.fhir.base, s.prefetch ?? {}, sandboxContext(s.hook));
    assert.ok(Object.keys(prefetch).length > 0, `${s.id}: the sandbox can resolve its prefetch templates`);
  }
});

test('sandbox hook calls with the prefetch it resolved and no fhirAuthorization: cards from every service', async (t) => {
  const sandbox = await startSandboxPeer(t);
  const { services } = (await sandbox.get('/cds-services')).json as { services: DiscoveredService[] };
  for (const s of services) {
    const context = sandboxContext(s.hook);
    const body = {
      hookInstance: randomUUID(),
      hook: s.hook,
      fhirServer: sandbox.fhir.base,
      context,
      prefetch: await sandboxPrefetch(sandbox.fhir.base, s.prefetch ?? {}, context),
    };
    const res = await sandbox.post(`/cds-services/${s.id}`, body);
    assert.equal(res.status, 200, `${s.id}: ${JSON.stringify(res.json)}`);
    assert.ok((res.json as { cards: unknown[] }).cards.length > 0, `${s.id} answers cards`);
  }
});

test('sandbox hook call whose prefetch failed: what is missing is read from the open, allow-listed FHIR server without a token', async (t) => {
  const sandbox = await startSandboxPeer(t);
  const res = await sandbox.post('/cds-services/chartside-icd10-discharge', {
    hookInstance: randomUUID(),
    hook: 'encounter-discharge',
    fhirServer: sandbox.fhir.base,
    context: sandboxContext('encounter-discharge'),
  });
  assert.equal(res.status, 200, JSON.stringify(res.json));
  assert.ok((res.json as { cards: unknown[] }).cards.length > 0);
  assert.ok(sandbox.fhir.requests.some((r) => r.path.startsWith('DocumentReference?')));
  assert.ok(
    sandbox.fhir.requests.every((r) => r.authorization === undefined),
    'no token was invented',
  );
});

test('sandbox feedback: accepted by suggestion uuid, overridden without a reason, with a code, with code and system', async (t) => {
  const sandbox = await startSandboxPeer(t);
  const context = sandboxContext('encounter-discharge');
  const { services } = (await sandbox.get('/cds-services')).json as { services: DiscoveredService[] };
  const templates = services.find((s) => s.id === 'chartside-icd10-discharge')?.prefetch ?? {};
  const cardsFor = async (): Promise<{ uuid: string; suggestions?: { uuid: string }[] }[]> => {
    const res = await sandbox.post('/cds-services/chartside-icd10-discharge', {
      hookInstance: randomUUID(),
      hook: 'encounter-discharge',
      fhirServer: sandbox.fhir.base,
      context,
      prefetch: await sandboxPrefetch(sandbox.fhir.base, templates, context),
    });
    assert.equal(res.status, 200);
    return (res.json as { cards: { uuid: string; suggestions?: { uuid: string }[] }[] }).cards;
  };
  const feedback = '/cds-services/chartside-icd10-discharge/feedback';
  const now = (): string => new Date().toISOString();

  const withSuggestion = (await cardsFor()).find((c) => (c.suggestions?.length ?? 0) > 0);
  assert.ok(withSuggestion, 'a coding card offers suggestions');
  const accepted = await sandbox.post(feedback, {
    feedback: [
      {
        card: withSuggestion.uuid,
        outcome: 'accepted',
        acceptedSuggestions: [{ id: withSuggestion.suggestions?.[0]?.uuid }],
        outcomeTimestamp: now(),
      },
    ],
  });
  assert.equal(accepted.status, 200, JSON.stringify(accepted.json));

  const overrides: Record<string, unknown>[] = [
    {},
    { overrideReason: { reason: { code: 'not-relevant' } } },
    { overrideReason: { reason: { code: 'not-relevant', system: 'https://chartside.example/override-reasons' } } },
  ];
  for (const extra of overrides) {
    const card = (await cardsFor())[0];
    assert.ok(card);
    const res = await sandbox.post(feedback, {
      feedback: [{ card: card.uuid, outcome: 'overridden', outcomeTimestamp: now(), ...extra }],
    });
    assert.equal(res.status, 200, `${JSON.stringify(extra)}: ${JSON.stringify(res.json)}`);
  }
  const outcomes = sandbox.chartside.feedback.records.map((r) => r.outcome);
  assert.deepEqual(outcomes, ['accepted', 'overridden', 'overridden', 'overridden']);
});
