import assert from 'node:assert/strict';
import { statSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { decodeProtectedHeader, decodeJwt } from 'jose';
import { BackendAuth } from '../../server/bulk/backend-auth.ts';
import { generateBackendKeys, readPublicJwks, JWKS_FILE } from '../../server/bulk/backend-keys.ts';
import { DEFAULT_RETRY } from '../../server/bulk/bulk-http.ts';
import { createClientAssertion } from '../../server/bulk/client-assertion.ts';
import { AssertionChecker } from '../../fixtures/ehr/bulk-assertion-check.ts';
import { AppError } from '../../server/errors/app-error.ts';
import { startTestServer } from '../helpers/app.ts';
import { CLIENT_ID, recordingSleep, startSimulator, tempDir, testKey } from './bulk-setup.ts';

test('keys generate writes a 0600 private JWK and a public-only jwks.json that keeps earlier keys', async (t) => {
  const dir = tempDir(t);
  const first = await generateBackendKeys({ alg: 'ES384', outDir: dir });
  const second = await generateBackendKeys({ alg: 'RS384', outDir: dir });
  assert.equal(statSync(first.privateKeyPath).mode & 0o777, 0o600);
  const jwks = JSON.parse(readFileSync(join(dir, JWKS_FILE), 'utf8'));
  assert.deepEqual(
    jwks.keys.map((k: { kid: string; alg: string }) => [k.kid, k.alg]),
    [
      [first.kid, 'ES384'],
      [second.kid, 'RS384'],
    ],
  );
  for (const k of jwks.keys) for (const m of ['d', 'p', 'q', 'dp', 'dq', 'qi']) assert.equal(k[m], undefined, m);
  assert.equal(JSON.parse(readFileSync(first.privateKeyPath, 'utf8')).d.length > 0, true);
});

test('GET /.well-known/jwks.json serves the configured public keys, or an empty set', async (t) => {
  const { dir } = await testKey(t);
  const withKeys = await startTestServer(t, { backendKeys: dir });
  const res = await fetch(`${withKeys.url}/.well-known/jwks.json`);
  assert.equal(res.status, 200);
  const body = (await res.json()) as { keys: Record<string, unknown>[] };
  assert.deepEqual(body, await readPublicJwks(dir));
  assert.equal(body.keys.length, 1);
  assert.equal(body.keys[0]?.d, undefined);
  const none = await startTestServer(t);
  assert.deepEqual(await (await fetch(`${none.url}/.well-known/jwks.json`)).json(), { keys: [] });
});

test('the client assertion carries iss = sub = client id, aud = token URL, a jti, exp within 5 minutes, kid', async (t) => {
  const { key } = await testKey(t);
  const jwt = await createClientAssertion({
    clientId: 'c1',
    tokenUrl: 'https://ehr/token',
    signingKey: key,
    nowS: 1_000_000,
  });
  const header = decodeProtectedHeader(jwt);
  assert.deepEqual([header.alg, header.kid, header.typ], ['ES384', key.kid, 'JWT']);
  const claims = decodeJwt(jwt);
  assert.deepEqual([claims.iss, claims.sub, claims.aud, claims.exp], ['c1', 'c1', 'https://ehr/token', 1_000_300]);
  assert.match(String(claims.jti), /^[0-9a-f-]{36}$/);
});

test('the simulator checks assertions like a real server: signature, iss/sub, aud, exp, jti reuse', async (t) => {
  const { dir, key } = await testKey(t);
  const other = await testKey(t);
  const checker = new AssertionChecker([{ clientId: CLIENT_ID, jwks: await readPublicJwks(dir) }]);
  const aud = 'http://127.0.0.1/auth/token';
  const good = await createClientAssertion({ clientId: CLIENT_ID, tokenUrl: aud, signingKey: key });
  assert.deepEqual(await checker.check(good, aud), { ok: true, clientId: CLIENT_ID });
  assert.deepEqual(await checker.check(good, aud), { ok: false, reason: 'jti reused' });
  const wrongKey = await createClientAssertion({ clientId: CLIENT_ID, tokenUrl: aud, signingKey: other.key });
  assert.equal((await checker.check(wrongKey, aud)).ok, false);
  const wrongAud = await createClientAssertion({
    clientId: CLIENT_ID,
    tokenUrl: 'http://elsewhere/token',
    signingKey: key,
  });
  assert.deepEqual(await checker.check(wrongAud, aud), {
    ok: false,
    reason: 'assertion rejected (ERR_JWT_CLAIM_VALIDATION_FAILED)',
  });
  const unknown = await createClientAssertion({ clientId: 'someone-else', tokenUrl: aud, signingKey: key });
  assert.deepEqual(await checker.check(unknown, aud), { ok: false, reason: 'unknown client (iss)' });
  const expired = await createClientAssertion({
    clientId: CLIENT_ID,
    tokenUrl: aud,
    signingKey: key,
    nowS: Math.floor(Date.now() / 1000) - 3600,
  });
  assert.equal((await checker.check(expired, aud)).ok, false);
});

test('the token is discovered, cached, and renewed before it expires', async (t) => {
  const { dir, key } = await testKey(t);
  const server = await startSimulator(t, dir, { tokenLifetimeS: 300 });
  let now = Date.now();
  const auth = new BackendAuth({
    fhirBase: server.baseUrl,
    clientId: CLIENT_ID,
    signingKey: key,
    scope: 'system/*.read',
    policy: DEFAULT_RETRY,
    sleep: recordingSleep().sleep,
    now: () => now,
  });
  const first = await auth.token();
  assert.equal(await auth.token(), first);
  now += 230_000; // 70 s left: still fresh
  assert.equal(await auth.token(), first);
  now += 20_000; // 50 s left: inside the renewal margin
  const second = await auth.token();
  assert.notEqual(second, first);
  assert.equal(server.tokensIssued(), 2);
  assert.equal(server.requests.filter((r) => r.path.endsWith('smart-configuration')).length, 1);
});

test('a client whose key is not registered gets a clear UNAUTHENTICATED error, without the assertion in it', async (t) => {
  const { dir } = await testKey(t);
  const stranger = await testKey(t);
  const server = await startSimulator(t, dir);
  const auth = new BackendAuth({
    fhirBase: server.baseUrl,
    clientId: CLIENT_ID,
    signingKey: stranger.key,
    scope: 'system/*.read',
    policy: DEFAULT_RETRY,
    sleep: recordingSleep().sleep,
  });
  await assert.rejects(auth.token(), (error: unknown) => {
    assert.ok(error instanceof AppError);
    assert.equal(error.code, 'UNAUTHENTICATED');
    assert.match(error.message, /^token request: the server answered 400/);
    assert.doesNotMatch(error.message, /eyJ/);
    return true;
  });
  assert.deepEqual(server.assertionFailures, ['assertion rejected (ERR_JWKS_NO_MATCHING_KEY)']);
});
