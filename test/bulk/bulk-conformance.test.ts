import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { test, type TestContext } from 'node:test';
import { SignJWT } from 'jose';
import type { SigningKey } from '../../server/bulk/backend-keys.ts';
import { createClientAssertion } from '../../server/bulk/client-assertion.ts';
import { ExportRequestSchema } from '../../server/bulk/export-request.ts';
import { runExport } from '../../server/bulk/run-export.ts';
import type { BulkServer } from '../../fixtures/ehr/bulk-server.ts';
import { CLIENT_ID, recordingSleep, startSimulator, tempDir, testKey } from './bulk-setup.ts';

/*
 * The Bulk Data simulator under the checks of bdt (smart-on-fhir/bdt, the Bulk Data IG's test suite),
 * reproduced here because bdt is not on npm: metadata, authorization and scopes, kick-off headers and
 * parameters (GET and POST), status, cancellation, download. The export client runs against the same
 * server, so what it is proven against is what a conformant server does.
 */

interface Fixture {
  readonly server: BulkServer;
  readonly key: SigningKey;
  token(scope?: string): Promise<string>;
  kickoff(
    path: string,
    init?: { method?: string; headers?: Record<string, string>; body?: unknown },
  ): Promise<Response>;
}

async function fixture(t: TestContext): Promise<Fixture> {
  const { dir, key } = await testKey(t);
  const server = await startSimulator(t, dir, { retryAfterS: 0, pollsBeforeComplete: 1 });
  const token = async (scope = 'system/*.read'): Promise<string> => {
    const res = await tokenRequest(server, key, { scope });
    assert.equal(res.status, 200, await res.clone().text());
    return ((await res.json()) as { access_token: string }).access_token;
  };
  const kickoff = async (
    path: string,
    init: { method?: string; headers?: Record<string, string>; body?: unknown } = {},
  ): Promise<Response> => {
    const headers: Record<string, string> = {
      accept: 'application/fhir+json',
      prefer: 'respond-async',
      authorization: `Bearer ${await token()}`,
      ...(init.body !== undefined ? { 'content-type': 'application/fhir+json' } : {}),
      ...init.headers,
    };
    for (const [k, v] of Object.entries(headers)) if (v === '') delete headers[k];
    return fetch(`${server.baseUrl}/${path}`, {
      method: init.method ?? 'GET',
      headers,
      ...(init.body !== undefined ? { body: JSON.stringify(init.body) } : {}),
    });
  };
  return { server, key, token, kickoff };
}

async function tokenRequest(
  server: BulkServer,
  key: SigningKey,
  form: Record<string, string>,
  assertion?: string,
): Promise<Response> {
  return fetch(server.tokenUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      grant_type: 'client_credentials',
      client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer',
      client_assertion:
        assertion ?? (await createClientAssertion({ clientId: CLIENT_ID, tokenUrl: server.tokenUrl, signingKey: key })),
      ...form,
    }),
  });
}

/** Polls a kick-off's status URL to its manifest. */
async function manifestOf(
  f: Fixture,
  kickoff: Response,
): Promise<{ output: { type: string; url: string }[]; error: { type: string; url: string }[] }> {
  assert.equal(kickoff.status, 202, await kickoff.clone().text());
  const status = kickoff.headers.get('content-location') ?? '';
  const auth = { authorization: `Bearer ${await f.token()}` };
  for (;;) {
    const res = await fetch(status, { headers: auth });
    if (res.status === 200) return (await res.json()) as Awaited<ReturnType<typeof manifestOf>>;
    assert.equal(res.status, 202);
  }
}

async function lines(f: Fixture, url: string, scope?: string): Promise<Record<string, unknown>[]> {
  const res = await fetch(url, { headers: { authorization: `Bearer ${await f.token(scope)}` } });
  assert.equal(res.status, 200);
  return (await res.text())
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => JSON.parse(l) as Record<string, unknown>);
}

test('metadata: the CapabilityStatement instantiates bulk-data, names the token endpoint and the three exports', async (t) => {
  const f = await fixture(t);
  const res = await fetch(`${f.server.baseUrl}/metadata`);
  assert.equal(res.status, 200);
  const cs = (await res.json()) as {
    instantiates: string[];
    rest: {
      security: { extension: { url: string; extension: { url: string; valueUri: string }[] }[] };
      operation: { name: string }[];
      resource: { type: string; operation: { name: string }[] }[];
    }[];
  };
  assert.ok(cs.instantiates.includes('http://hl7.org/fhir/uv/bulkdata/CapabilityStatement/bulk-data'));
  const rest = cs.rest[0];
  const oauth = rest?.security.extension.find(
    (e) => e.url === 'http://fhir-registry.smarthealthit.org/StructureDefinition/oauth-uris',
  );
  assert.equal(oauth?.extension.find((e) => e.url === 'token')?.valueUri, f.server.tokenUrl);
  assert.ok(rest?.operation.some((o) => o.name === 'export'));
  assert.ok(rest?.resource.find((r) => r.type === 'Patient')?.operation.some((o) => o.name === 'patient-export'));
  assert.ok(rest?.resource.find((r) => r.type === 'Group')?.operation.some((o) => o.name === 'group-export'));
  const smart = (await (await fetch(`${f.server.baseUrl}/.well-known/smart-configuration`)).json()) as {
    token_endpoint: string;
  };
  assert.equal(smart.token_endpoint, f.server.tokenUrl);
});

test('token endpoint: only system read scopes of known types are granted; write, other levels, an empty scope and a jku are refused', async (t) => {
  const f = await fixture(t);
  const grant = async (scope: string | undefined): Promise<{ status: number; body: Record<string, string> }> => {
    const res = await tokenRequest(f.server, f.key, scope === undefined ? {} : { scope });
    return { status: res.status, body: (await res.json()) as Record<string, string> };
  };
  for (const [asked, granted] of [
    ['system/*.read', 'system/*.read'],
    ['system/*.*', 'system/*.read'],
    ['system/Patient.rs', 'system/Patient.rs'],
    ['system/Patient.cruds', 'system/Patient.rs'],
    ['system/Patient.read system/Observation.rs', 'system/Patient.read system/Observation.rs'],
  ] as const) {
    const r = await grant(asked);
    assert.equal(r.status, 200, asked);
    assert.equal(r.body.scope, granted, asked);
  }
  for (const refused of [
    undefined,
    '',
    'patient/*.read',
    'user/Patient.read',
    'system/Patient.write',
    'system/Patient.cud',
    'system/Patient.sudo',
    'system/Patient.xyz',
    'system/NotAType.read',
    'system/NotAType.rs',
  ]) {
    const r = await grant(refused);
    assert.equal(r.status, 400, String(refused));
    assert.equal(r.body.error, 'invalid_scope', String(refused));
  }
  const now = Math.floor(Date.now() / 1000);
  const withJku = await new SignJWT({})
    .setProtectedHeader({ alg: f.key.alg, kid: f.key.kid, typ: 'JWT', jku: 'https://attacker.example/jwks.json' })
    .setIssuer(CLIENT_ID)
    .setSubject(CLIENT_ID)
    .setAudience(f.server.tokenUrl)
    .setJti(randomUUID())
    .setExpirationTime(now + 60)
    .sign(f.key.key);
  const jku = await tokenRequest(f.server, f.key, { scope: 'system/*.read' }, withJku);
  assert.equal(jku.status, 400);
  assert.equal(((await jku.json()) as { error: string }).error, 'invalid_client');
});

test('kick-off headers: Authorization, Accept and Prefer: respond-async are required; handling=lenient is allowed', async (t) => {
  const f = await fixture(t);
  for (const path of ['$export', 'Patient/$export', 'Group/all/$export']) {
    const anonymous = await f.kickoff(path, { headers: { authorization: '' } });
    assert.equal(anonymous.status, 401, path);
    assert.equal(((await anonymous.json()) as { resourceType: string }).resourceType, 'OperationOutcome');
    assert.equal((await f.kickoff(path, { headers: { accept: '' } })).status, 400, path);
    assert.equal((await f.kickoff(path, { headers: { prefer: '' } })).status, 400, path);
    assert.equal((await f.kickoff(path, { headers: { prefer: 'respond-async, handling=lenient' } })).status, 202, path);
    assert.equal((await f.kickoff(path, { headers: { prefer: 'handling=lenient,respond-async' } })).status, 202, path);
  }
});

test('kick-off parameters: _outputFormat, _since (malformed or future), _type (unknown) are checked, in GET and POST', async (t) => {
  const f = await fixture(t);
  const post = (parameter: Record<string, unknown>[], headers?: Record<string, string>): Promise<Response> =>
    f.kickoff('$export', { method: 'POST', body: { resourceType: 'Parameters', parameter }, headers });
  for (const format of ['application/fhir+ndjson', 'application/ndjson', 'ndjson']) {
    assert.equal((await f.kickoff(`$export?_type=Patient&_outputFormat=${encodeURIComponent(format)}`)).status, 202);
    assert.equal((await post([{ name: '_outputFormat', valueString: format }])).status, 202);
  }
  for (const format of ['application/xml', 'text/html', 'x-custom']) {
    assert.equal((await f.kickoff(`$export?_outputFormat=${encodeURIComponent(format)}`)).status, 400, format);
    assert.equal((await post([{ name: '_outputFormat', valueString: format }])).status, 400, format);
  }
  for (const since of ['0000-60-01T30:70:80+05:00', '2057-01-01T00:00:00+05:00']) {
    assert.equal((await f.kickoff(`$export?_since=${encodeURIComponent(since)}`)).status, 400, since);
    assert.equal((await post([{ name: '_since', valueInstant: since }])).status, 400, since);
  }
  assert.equal((await f.kickoff('$export?_type=MissingType')).status, 400);
  assert.equal((await post([{ name: '_type', valueString: 'MissingType' }])).status, 400);
  assert.equal((await f.kickoff('$export', { method: 'POST', body: { resourceType: 'Patient' } })).status, 400);
  // The patient parameter is for POST only.
  assert.equal((await f.kickoff('Patient/$export?patient=Patient/x')).status, 400);
});

test('handling=lenient: an unknown _type and an unsupported _typeFilter are left out and reported in the manifest error file', async (t) => {
  const f = await fixture(t);
  const res = await f.kickoff('$export?_type=Patient,MissingType&_typeFilter=Patient%3Fnot-a-param%3Dx', {
    headers: { prefer: 'respond-async, handling=lenient' },
  });
  const manifest = await manifestOf(f, res);
  assert.deepEqual(
    manifest.output.map((o) => o.type),
    ['Patient'],
  );
  assert.equal(manifest.error[0]?.type, 'OperationOutcome');
  const outcomes = await lines(f, manifest.error[0]?.url ?? '');
  const text = JSON.stringify(outcomes);
  assert.ok(outcomes.every((o) => o.resourceType === 'OperationOutcome'));
  assert.match(text, /MissingType/);
  assert.match(text, /_typeFilter/);
});

test('_elements: resources keep the elements asked for and the mandatory ones, tagged SUBSETTED', async (t) => {
  const f = await fixture(t);
  const manifest = await manifestOf(
    f,
    await f.kickoff('$export?_type=Patient,Condition&_elements=Patient.gender,code'),
  );
  const patients = await lines(f, manifest.output.find((o) => o.type === 'Patient')?.url ?? '');
  const conditions = await lines(f, manifest.output.find((o) => o.type === 'Condition')?.url ?? '');
  assert.equal(patients.length, 80);
  for (const p of patients) {
    assert.deepEqual(Object.keys(p).sort(), ['gender', 'id', 'meta', 'resourceType']);
    assert.ok(JSON.stringify(p.meta).includes('"SUBSETTED"'));
  }
  for (const c of conditions) assert.deepEqual(Object.keys(c).sort(), ['code', 'id', 'meta', 'resourceType']);
});

test('POST kick-off with patient references exports only those patients; an unknown patient is refused', async (t) => {
  const f = await fixture(t);
  const all = await manifestOf(f, await f.kickoff('Patient/$export?_type=Patient'));
  const someone = (await lines(f, all.output[0]?.url ?? ''))[3]?.id as string;
  const body = (ref: string): unknown => ({
    resourceType: 'Parameters',
    parameter: [
      { name: '_type', valueString: 'Patient,Condition' },
      { name: 'patient', valueReference: { reference: ref } },
    ],
  });
  const manifest = await manifestOf(
    f,
    await f.kickoff('Patient/$export', { method: 'POST', body: body(`Patient/${someone}`) }),
  );
  const patients = await lines(f, manifest.output.find((o) => o.type === 'Patient')?.url ?? '');
  assert.deepEqual(
    patients.map((p) => p.id),
    [someone],
  );
  const conditions = await lines(f, manifest.output.find((o) => o.type === 'Condition')?.url ?? '');
  assert.ok(conditions.length > 0);
  assert.ok(conditions.every((c) => JSON.stringify(c.subject).includes(someone)));
  assert.equal(
    (await f.kickoff('Patient/$export', { method: 'POST', body: body('Patient/no-such-patient') })).status,
    400,
  );
});

test('scopes bound the export: a type outside them is refused at kick-off, and its file at download', async (t) => {
  const f = await fixture(t);
  const narrow = await f.token('system/Patient.read');
  const refused = await f.kickoff('$export?_type=Condition', { headers: { authorization: `Bearer ${narrow}` } });
  assert.equal(refused.status, 403);
  const manifest = await manifestOf(f, await f.kickoff('$export?_type=Patient,Condition'));
  const condition = manifest.output.find((o) => o.type === 'Condition')?.url ?? '';
  const download = await fetch(condition, { headers: { authorization: `Bearer ${narrow}` } });
  assert.equal(download.status, 403);
  // Without _type, a narrow token exports only what it may read.
  const own = await manifestOf(f, await f.kickoff('$export', { headers: { authorization: `Bearer ${narrow}` } }));
  assert.deepEqual(
    own.output.map((o) => o.type),
    ['Patient'],
  );
});

test('status and cancellation: 202 while running, then the manifest; after DELETE the status is a 404 OperationOutcome', async (t) => {
  const f = await fixture(t);
  const res = await f.kickoff('$export?_type=Patient');
  const status = res.headers.get('content-location') ?? '';
  const auth = { authorization: `Bearer ${await f.token()}`, accept: 'application/json' };
  assert.equal((await fetch(status, { headers: auth })).status, 202);
  const manifest = (await (await fetch(status, { headers: auth })).json()) as Record<string, unknown>;
  assert.deepEqual(Object.keys(manifest).sort(), [
    'error',
    'output',
    'request',
    'requiresAccessToken',
    'transactionTime',
  ]);
  assert.equal((await fetch(status, { method: 'DELETE', headers: auth })).status, 202);
  for (const method of ['GET', 'DELETE']) {
    const gone = await fetch(status, { method, headers: auth });
    assert.equal(gone.status, 404, method);
    assert.equal(gone.headers.get('content-type'), 'application/json');
    assert.equal(((await gone.json()) as { resourceType: string }).resourceType, 'OperationOutcome');
  }
});

test('the export client passes the same checks: a patient-level export with narrow v2 scopes, every file verified', async (t) => {
  const f = await fixture(t);
  const out = tempDir(t);
  const summary = await runExport({
    request: ExportRequestSchema.parse({
      fhirBase: f.server.baseUrl,
      level: 'patient',
      types: ['Patient', 'Condition'],
    }),
    clientId: CLIENT_ID,
    signingKey: f.key,
    scope: 'system/Patient.rs system/Condition.rs',
    outDir: out,
    sleep: recordingSleep().sleep,
  });
  assert.deepEqual(summary.resourcesByType, { Patient: 80, Condition: 509 });
  assert.deepEqual(
    readdirSync(out)
      .filter((n) => n.endsWith('.ndjson'))
      .sort(),
    ['Condition.000.ndjson', 'Patient.000.ndjson'],
  );
  assert.equal(JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8')).output.length, 2);
  assert.ok(f.server.requests.filter((r) => r.path.includes('/files/')).every((r) => r.authorized && r.status === 200));
  assert.equal(f.server.jobs.size, 0);
  assert.deepEqual(f.server.assertionFailures, []);
});
