import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { test } from 'node:test';
import { generateKeyPair, SignJWT } from 'jose';
import request from 'supertest';
import { createCdsClient, startJwksServer, tamperedJwt, unsecuredJwt } from '../../fixtures/ehr/cds-client.ts';
import { EHR_ISS, PUBLIC_URL, startCdsServer, type CdsTestServer } from './cds-test-server.ts';

const DISCOVERY = '/cds-services';
const SERVICE = '/cds-services/chartside-icd10-discharge';

/** Asserts a bare 401, and that the log says why (the reason only: never the token). */
async function expectRefused(
  server: CdsTestServer,
  authorization: string | undefined,
  reason: string,
  path = DISCOVERY,
): Promise<void> {
  const req = request(server.url).get(path);
  if (authorization !== undefined) req.set('authorization', authorization);
  const res = await req;
  assert.equal(res.status, 401);
  assert.equal(res.text, '', 'a bare 401: no body');
  assert.equal(res.headers['www-authenticate'], 'Bearer');
  const refusals = server.logs.map((l) => JSON.parse(l)).filter((l) => l.msg === 'CDS client JWT refused');
  assert.equal(refusals.at(-1)?.reason, reason);
}

test('a token signed by the configured EHR (ES384, inline JWKS) opens discovery', async (t) => {
  const server = await startCdsServer(t);
  const res = await request(server.url)
    .get(DISCOVERY)
    .set('authorization', await server.auth(DISCOVERY));
  assert.equal(res.status, 200);
});

test('RS384 is accepted as well as ES384', async (t) => {
  const client = await createCdsClient({ iss: EHR_ISS, alg: 'RS384' });
  const server = await startCdsServer(t, { client });
  const res = await request(server.url)
    .get(DISCOVERY)
    .set('authorization', await server.auth(DISCOVERY));
  assert.equal(res.status, 200);
});

test('no token, or a non-Bearer header, is a bare 401', async (t) => {
  const server = await startCdsServer(t);
  await expectRefused(server, undefined, 'missing-token');
  await expectRefused(server, 'Basic dXNlcjpwYXNz', 'malformed');
  await expectRefused(server, 'Bearer not-a-jwt', 'malformed');
});

test('alg none is refused', async (t) => {
  const server = await startCdsServer(t);
  const now = Math.floor(Date.now() / 1000);
  const token = unsecuredJwt(
    { typ: 'JWT', kid: server.client.kid },
    { iss: EHR_ISS, aud: `${PUBLIC_URL}${DISCOVERY}`, iat: now, exp: now + 300, jti: randomUUID(), tenant: 'tenant-a' },
  );
  await expectRefused(server, `Bearer ${token}`, 'alg-not-allowed');
});

test('HS256 signed with the public key as the secret is refused', async (t) => {
  const server = await startCdsServer(t);
  const pem = await server.client.publicKeyPem();
  const token = await new SignJWT({ tenant: 'tenant-a' })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT', kid: server.client.kid })
    .setIssuer(EHR_ISS)
    .setAudience(`${PUBLIC_URL}${DISCOVERY}`)
    .setIssuedAt()
    .setExpirationTime('5m')
    .setJti(randomUUID())
    .sign(new TextEncoder().encode(pem));
  await expectRefused(server, `Bearer ${token}`, 'alg-not-allowed');
});

test('a token for another URL (wrong aud, or another service) is refused', async (t) => {
  const server = await startCdsServer(t);
  await expectRefused(
    server,
    `Bearer ${await server.client.sign('https://elsewhere.test/cds-services')}`,
    'wrong-audience',
  );
  await expectRefused(server, await server.auth(SERVICE), 'wrong-audience', DISCOVERY);
});

test('an expired token is refused; one expired within the clock skew still passes', async (t) => {
  const server = await startCdsServer(t);
  const now = Math.floor(Date.now() / 1000);
  await expectRefused(server, await server.auth(DISCOVERY, { iat: now - 400, lifetime: 300 }), 'expired');
  const withinSkew = await server.auth(DISCOVERY, { iat: now - 310, lifetime: 300 });
  const res = await request(server.url).get(DISCOVERY).set('authorization', withinSkew);
  assert.equal(res.status, 200);
});

test('a token issued in the future, or not yet valid, is refused', async (t) => {
  const server = await startCdsServer(t);
  const now = Math.floor(Date.now() / 1000);
  await expectRefused(server, await server.auth(DISCOVERY, { iat: now + 600, nbf: now }), 'issued-in-future');
  await expectRefused(server, await server.auth(DISCOVERY, { nbf: now + 600 }), 'not-yet-valid');
});

test('a token living longer than the configured maximum is refused', async (t) => {
  const server = await startCdsServer(t);
  await expectRefused(server, await server.auth(DISCOVERY, { lifetime: 3600 }), 'lifetime-too-long');
});

test('an unknown issuer is refused, and its iss is never logged', async (t) => {
  const server = await startCdsServer(t);
  const stranger = await createCdsClient({ iss: 'https://attacker.test/<script>' });
  await expectRefused(server, `Bearer ${await stranger.sign(`${PUBLIC_URL}${DISCOVERY}`)}`, 'unknown-issuer');
  assert.ok(!server.logs.join('\n').includes('attacker.test'));
  assert.ok(server.logs.some((l) => JSON.parse(l).reason === 'unknown-issuer'));
});

test('an unknown kid is refused', async (t) => {
  const server = await startCdsServer(t);
  await expectRefused(server, await server.auth(DISCOVERY, { kid: 'no-such-key' }), 'unknown-key');
});

test('a bad signature (another key, same kid) is refused', async (t) => {
  const server = await startCdsServer(t);
  const { privateKey } = await generateKeyPair('ES384');
  await expectRefused(server, await server.auth(DISCOVERY, { key: privateKey }), 'bad-signature');
});

test('a tampered payload is refused', async (t) => {
  const server = await startCdsServer(t);
  const token = await server.client.sign(`${PUBLIC_URL}${SERVICE}`);
  const forged = tamperedJwt(token, (c) => ({ ...c, aud: `${PUBLIC_URL}${DISCOVERY}` }));
  await expectRefused(server, `Bearer ${forged}`, 'bad-signature');
});

test('a replayed jti is refused within the token life', async (t) => {
  const server = await startCdsServer(t);
  const auth = await server.auth(DISCOVERY);
  assert.equal((await request(server.url).get(DISCOVERY).set('authorization', auth)).status, 200);
  await expectRefused(server, auth, 'replayed');
});

test('a tenant outside the client entry allow-list, or none, is refused', async (t) => {
  const server = await startCdsServer(t, {
    clients: (c) => [{ iss: c.iss, jwks: c.jwks(), tenants: ['tenant-a'] }],
  });
  assert.equal(
    (
      await request(server.url)
        .get(DISCOVERY)
        .set('authorization', await server.auth(DISCOVERY))
    ).status,
    200,
  );
  await expectRefused(server, await server.auth(DISCOVERY, { tenant: 'tenant-b' }), 'tenant-not-allowed');
  await expectRefused(server, await server.auth(DISCOVERY, { tenant: null }), 'tenant-not-allowed');
});

test('keys from a jwksUrl are cached and re-fetched when the EHR rotates its key', async (t) => {
  const client = await createCdsClient({ iss: EHR_ISS });
  const jwks = await startJwksServer(() => client.jwks());
  t.after(() => jwks.close());
  const server = await startCdsServer(t, {
    client,
    clients: (c) => [{ iss: c.iss, jwksUrl: jwks.url }],
    jwksCooldownMs: 0,
  });
  for (let i = 0; i < 3; i++) {
    const res = await request(server.url)
      .get(DISCOVERY)
      .set('authorization', await server.auth(DISCOVERY));
    assert.equal(res.status, 200);
  }
  assert.equal(jwks.hits(), 1, 'the key set is fetched once, then cached');
  await client.rotate(true);
  const res = await request(server.url)
    .get(DISCOVERY)
    .set('authorization', await server.auth(DISCOVERY));
  assert.equal(res.status, 200);
  assert.equal(jwks.hits(), 2, 'an unknown kid triggers one re-fetch');
});

test('a jku header is followed only when the client entry allow-lists it', async (t) => {
  const client = await createCdsClient({ iss: EHR_ISS });
  const good = await startJwksServer(() => client.jwks());
  const evil = await startJwksServer(() => client.jwks());
  t.after(() => Promise.all([good.close(), evil.close()]).then(() => undefined));
  const server = await startCdsServer(t, {
    client,
    clients: (c) => [{ iss: c.iss, jwks: { keys: [{ kty: 'EC', kid: 'other' }] }, jku: [good.url] }],
  });
  const ok = await request(server.url)
    .get(DISCOVERY)
    .set('authorization', await server.auth(DISCOVERY, { jku: good.url }));
  assert.equal(ok.status, 200);
  await expectRefused(server, await server.auth(DISCOVERY, { jku: evil.url }), 'jku-not-allowed');
  assert.equal(evil.hits(), 0, 'a jku not on the allow-list is never fetched');
});

test('the JWT never appears in the logs or the audit log', async (t) => {
  const server = await startCdsServer(t);
  const auth = await server.auth(DISCOVERY);
  await request(server.url).get(DISCOVERY).set('authorization', auth);
  await expectRefused(server, auth, 'replayed');
  await server.audit.flush();
  const { readFile } = await import('node:fs/promises');
  const audit = await readFile(server.auditFile, 'utf8');
  const token = auth.slice('Bearer '.length);
  for (const part of token.split('.').filter((p) => p.length > 0)) {
    assert.ok(!server.logs.join('\n').includes(part));
    assert.ok(!audit.includes(part));
  }
});

test('a pinned JWK Set verifies the token whatever its jku, and the jku is never fetched', async (t) => {
  const client = await createCdsClient({ iss: EHR_ISS });
  const elsewhere = await startJwksServer(() => ({ keys: [] }));
  const listed = await startJwksServer(() => ({ keys: [] }));
  t.after(() => Promise.all([elsewhere.close(), listed.close()]).then(() => undefined));
  const server = await startCdsServer(t, {
    client,
    clients: (c) => [{ iss: c.iss, jwks: c.jwks(), jku: [listed.url] }],
  });
  for (const jku of [elsewhere.url, listed.url, 'https://sandbox.cds-hooks.org/.well-known/jwks.json']) {
    const res = await request(server.url)
      .get(DISCOVERY)
      .set('authorization', await server.auth(DISCOVERY, { jku }));
    assert.equal(res.status, 200, jku);
  }
  assert.equal(elsewhere.hits() + listed.hits(), 0, 'no jku is fetched while a pinned key matches the kid');
});

test('a configured jwksUrl verifies the token whatever its jku', async (t) => {
  const client = await createCdsClient({ iss: EHR_ISS });
  const jwks = await startJwksServer(() => client.jwks());
  const other = await startJwksServer(() => client.jwks());
  t.after(() => Promise.all([jwks.close(), other.close()]).then(() => undefined));
  const server = await startCdsServer(t, { client, clients: (c) => [{ iss: c.iss, jwksUrl: jwks.url }] });
  const res = await request(server.url)
    .get(DISCOVERY)
    .set('authorization', await server.auth(DISCOVERY, { jku: other.url }));
  assert.equal(res.status, 200);
  assert.equal(other.hits(), 0);
});

test('a kid the pinned set lacks, with a jku off the allow-list, is refused without a fetch', async (t) => {
  const client = await createCdsClient({ iss: EHR_ISS });
  const evil = await startJwksServer(() => client.jwks());
  t.after(() => evil.close());
  const server = await startCdsServer(t, { client, clients: (c) => [{ iss: c.iss, jwks: c.jwks() }] });
  await expectRefused(server, await server.auth(DISCOVERY, { kid: 'other-kid', jku: evil.url }), 'jku-not-allowed');
  assert.equal(evil.hits(), 0);
});
