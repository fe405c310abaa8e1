import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { test, type TestContext } from 'node:test';
import { AppError } from '../../server/errors/app-error.ts';
import { exchangeCode } from '../../server/smart/token-exchange.ts';
import { startTestServer } from '../helpers/app.ts';

/** A token endpoint on 127.0.0.1 that refuses every request with `status` and `body`. */
async function refusingTokenEndpoint(t: TestContext, status: number, body: unknown): Promise<string> {
  const server = createServer((_req, res) => {
    res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  t.after(() => new Promise<void>((resolve) => server.close(() => resolve())));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}/token`;
}

async function refusal(tokenEndpoint: string): Promise<AppError> {
  const error = await exchangeCode({
    tokenEndpoint,
    code: 'code-1',
    redirectUri: 'https://chartside.test/smart/callback',
    clientId: 'chartside',
    codeVerifier: 'v'.repeat(43),
    timeoutMs: 3000,
  }).then(
    () => assert.fail('the exchange should be refused'),
    (e: unknown) => e,
  );
  assert.ok(error instanceof AppError);
  return error;
}

test('a token endpoint refusing the client (invalid_client) tells the user to contact IT, in a sentence', async (t) => {
  const error = await refusal(await refusingTokenEndpoint(t, 401, { error: 'invalid_client' }));
  assert.match(error.message, /^The EHR does not accept Chartside's registration \(invalid_client\)\. Contact IT: /);
  assert.match(error.message, /CHARTSIDE_SMART_CLIENT_ID/);
});

test('an expired or reused code (invalid_grant) asks for a relaunch; an unknown refusal names its status', async (t) => {
  const grant = await refusal(await refusingTokenEndpoint(t, 400, { error: 'invalid_grant' }));
  assert.match(grant.message, /^The sign-in expired or was already used \(invalid_grant\)\. Relaunch Chartside/);
  const other = await refusal(await refusingTokenEndpoint(t, 500, 'oops'));
  assert.match(
    other.message,
    /^The EHR refused the sign-in \(HTTP 500\)\. Relaunch Chartside; if it happens again, contact IT\.$/,
  );
});

test('a launch whose iss is not a URL says so, naming iss and what to do; one without iss says it is missing', async (t) => {
  const server = await startTestServer(t);
  const bad = await fetch(`${server.url}/smart/launch?iss=not-a-url&launch=abc`);
  assert.equal(bad.status, 400);
  const page = await bad.text();
  assert.match(page, /iss parameter is not a URL: it must be the EHR(&#39;|&#x27;|')s FHIR server base URL/);
  assert.doesNotMatch(page, /did not name the EHR/);
  assert.doesNotMatch(page, /not-a-url/, 'the value is not echoed');
  const missing = await fetch(`${server.url}/smart/launch?launch=abc`);
  assert.equal(missing.status, 400);
  assert.match(await missing.text(), /did not name the EHR \(iss\)/);
});
