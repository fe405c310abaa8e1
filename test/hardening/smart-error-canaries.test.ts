import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { test, type TestContext } from 'node:test';
import { startCdsServer } from '../cds-hooks/cds-test-server.ts';

/**
 * PHI canaries through the SMART app's error pages (issue 20): an EHR that puts a patient's name, MRN and
 * phone number in everything it answers (a failing SMART configuration, an OAuth error and its description,
 * a token endpoint's refusal, an OperationOutcome from its FHIR server) and a launch URL that carries them.
 * Every page Chartside shows (HTML to the browser, OperationOutcome to a JSON caller), its logs and its
 * audit records stay free of them.
 */
const NAME = 'Wilhelmina Quarrendon';
const MRN = 'MRN55510042';
const PHONE = '617-555-0142';
const CANARIES = ['Wilhelmina', 'Quarrendon', MRN, PHONE];
const SAID = `Patient ${NAME} (${MRN}, tel ${PHONE})`;

/** A hostile EHR: a FHIR server whose every error speaks of the patient. `broken` fails its SMART configuration. */
async function hostileEhr(t: TestContext, broken: boolean): Promise<string> {
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const url = new URL(req.url ?? '/', base);
    if (url.pathname === '/fhir/.well-known/smart-configuration') {
      if (broken) {
        res.writeHead(500, { 'content-type': 'text/html' }).end(`<h1>Error while loading ${SAID}</h1>`);
        return;
      }
      res.writeHead(200, { 'content-type': 'application/json' }).end(
        JSON.stringify({
          authorization_endpoint: `${base}/authorize`,
          token_endpoint: `${base}/token`,
          code_challenge_methods_supported: ['S256'],
          capabilities: ['launch-ehr'],
          note: SAID,
        }),
      );
      return;
    }
    if (url.pathname === '/token') {
      res
        .writeHead(400, { 'content-type': 'application/json' })
        .end(JSON.stringify({ error: 'invalid_grant', error_description: `code expired for ${SAID}` }));
      return;
    }
    res.writeHead(404, { 'content-type': 'application/fhir+json' }).end(
      JSON.stringify({
        resourceType: 'OperationOutcome',
        issue: [{ severity: 'error', code: 'not-found', diagnostics: `${SAID} is not in this chart` }],
      }),
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  t.after(() => new Promise<void>((resolve) => server.close(() => resolve())));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}/fhir`;
}

function assertClean(where: string, text: string): void {
  for (const c of CANARIES) assert.ok(!text.includes(c), `${where} shows ${c}`);
}

test('SMART error pages, JSON errors, logs and audit hold nothing the EHR or the launch URL said', async (t) => {
  const ehr = await hostileEhr(t, false);
  const broken = await hostileEhr(t, true);
  const server = await startCdsServer(t, { config: { fhirServers: [ehr, broken] } });
  const q = encodeURIComponent;
  const pages: { what: string; status: number; body: string }[] = [];
  const get = async (what: string, path: string, accept = 'text/html'): Promise<Response> => {
    const res = await fetch(`${server.url}${path}`, { headers: { accept }, redirect: 'manual' });
    pages.push({ what, status: res.status, body: await res.clone().text() });
    return res;
  };
  /** A launch that reaches the EHR's authorize endpoint: its state, for the callback. */
  const launched = async (): Promise<string> => {
    const res = await get('launch', `/smart/launch?iss=${q(ehr)}&launch=${q(SAID)}`);
    assert.equal(res.status, 302);
    const authorize = new URL(res.headers.get('location') ?? '');
    assert.equal(authorize.searchParams.get('launch'), SAID, 'the launch context goes to the EHR only');
    return authorize.searchParams.get('state') ?? '';
  };

  for (const accept of ['text/html', 'application/json']) {
    assert.equal(
      (await get('discovery failed', `/smart/launch?iss=${q(broken)}&launch=${q(SAID)}`, accept)).status,
      502,
    );
    const unlisted = `https://ehr.elsewhere.test/fhir/${q(NAME)}`;
    assert.equal((await get('unlisted EHR', `/smart/launch?iss=${q(unlisted)}`, accept)).status, 403);
    assert.equal((await get('bad iss', `/smart/launch?iss=${q(SAID)}`, accept)).status, 400);
    assert.equal((await get('unknown state', `/smart/callback?state=${q(SAID)}&code=${q(MRN)}`, accept)).status, 400);
    const refused = `/smart/callback?state=${await launched()}&error=${q(SAID)}&error_description=${q(SAID)}`;
    assert.equal((await get('authorization refused', refused, accept)).status, 400);
    const denied = `/smart/callback?state=${await launched()}&error=access_denied&error_description=${q(SAID)}`;
    assert.equal((await get('access denied', denied, accept)).status, 400);
    const exchange = `/smart/callback?state=${await launched()}&code=${q(SAID)}`;
    assert.equal((await get('token refused', exchange, accept)).status, 502);
  }
  const chart = await fetch(`${server.url}/api/suggestions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${MRN}` },
    body: JSON.stringify({ fhirServer: ehr, patient: 'p-canary' }),
  });
  pages.push({ what: 'chart read failed', status: chart.status, body: await chart.text() });
  assert.equal(chart.status, 502);

  for (const page of pages) assertClean(`${page.what} (${page.status})`, page.body);
  assert.ok(
    pages.some((p) => p.what === 'token refused' && p.body.includes('The sign-in expired')),
    'the token refusal page says what happened',
  );
  assertClean('logs', server.logs.join('\n'));
  await server.audit.flush();
  const audit = readFileSync(server.auditFile, 'utf8');
  assert.ok(audit.split('\n').length > pages.length, 'every request was audited');
  assertClean('audit', audit);
});
