import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { test } from 'node:test';
import {
  exportJWK,
  exportSPKI,
  generateKeyPair,
  importJWK,
  SignJWT,
  type CryptoKey,
  type JWK,
  type JWTPayload,
} from 'jose';
import { startJwksServer } from '../../fixtures/ehr/cds-client.ts';
import { startCdsServer, PUBLIC_URL } from '../cds-hooks/cds-test-server.ts';
import { rawRequest } from '../helpers/raw-request.ts';

/**
 * The forged-JWT suite (issue 20): every way a CDS client JWT can be forged, replayed or bent is refused
 * with a bare 401, for the reason the log names. The issuer's keys are pinned inline: an ES384 and an
 * RS384 key; a `jku` URL is allow-listed but serves an attacker's key.
 */
const ISS = 'https://ehr.forged.test/cds';
const PATH = '/cds-services';
const AUD = `${PUBLIC_URL}${PATH}`;

interface Key {
  kid: string;
  alg: 'ES384' | 'RS384';
  privateKey: CryptoKey;
  publicJwk: JWK & { kty: string };
}

async function newKey(alg: 'ES384' | 'RS384', kid: string): Promise<Key> {
  const { privateKey, publicKey } = await generateKeyPair(alg, { extractable: true });
  const jwk = await exportJWK(publicKey);
  return { kid, alg, privateKey, publicJwk: { ...jwk, kty: jwk.kty ?? '', kid, alg, use: 'sig' } };
}

/** The same key material, imported for another algorithm (an algorithm-confusion attempt). */
async function sameKeyAs(key: Key, alg: string): Promise<CryptoKey> {
  return (await importJWK(await exportJWK(key.privateKey), alg)) as CryptoKey;
}

const now = (): number => Math.floor(Date.now() / 1000);

function claims(over: Record<string, unknown> = {}): JWTPayload {
  const iat = now();
  const base: Record<string, unknown> = {
    iss: ISS,
    sub: 'ehr',
    aud: AUD,
    iat,
    nbf: iat,
    exp: iat + 300,
    jti: randomUUID(),
  };
  for (const [k, v] of Object.entries(over)) {
    if (v === undefined) delete base[k];
    else base[k] = v;
  }
  return base;
}

async function sign(
  key: Key,
  payload: JWTPayload,
  header: Record<string, unknown> = {},
  signingKey: CryptoKey | Uint8Array = key.privateKey,
): Promise<string> {
  return new SignJWT(payload)
    .setProtectedHeader({ alg: key.alg, typ: 'JWT', kid: key.kid, ...header })
    .sign(signingKey);
}

const b64 = (v: unknown): string => Buffer.from(JSON.stringify(v)).toString('base64url');
const part = (token: string, i: number): string => token.split('.')[i] ?? '';
const decode = (segment: string): Record<string, unknown> =>
  JSON.parse(Buffer.from(segment, 'base64url').toString('utf8')) as Record<string, unknown>;

test('the forged-JWT suite: each forgery is refused with a bare 401 for its reason', async (t) => {
  const ec = await newKey('ES384', 'ec-1');
  const rsa = await newKey('RS384', 'rsa-1');
  const attacker = await newKey('ES384', 'ec-1');
  const attackerOther = await newKey('ES384', 'attacker-kid');
  const evilJku = await startJwksServer(() => ({ keys: [attackerOther.publicJwk] }));
  const listedJku = await startJwksServer(() => ({ keys: [attackerOther.publicJwk] }));
  t.after(() => Promise.all([evilJku.close(), listedJku.close()]).then(() => undefined));
  const server = await startCdsServer(t, {
    clients: () => [{ iss: ISS, jwks: { keys: [ec.publicJwk, rsa.publicJwk] }, jku: [listedJku.url] }],
  });

  const send = async (token: string | undefined, scheme = 'Bearer'): Promise<{ status: number; body: string }> => {
    const headers: Record<string, string> = token === undefined ? {} : { authorization: `${scheme} ${token}` };
    const res = await rawRequest(server.url, 'GET', PATH, headers);
    return { status: res.status, body: res.body };
  };
  const refusalReason = (): string | undefined =>
    server.logs
      .map((l) => JSON.parse(l) as { msg?: string; reason?: string })
      .filter((l) => l.msg === 'CDS client JWT refused')
      .at(-1)?.reason;

  // the genuine article passes, so every refusal below is the forgery's doing
  assert.equal((await send(await sign(ec, claims()))).status, 200);
  assert.equal((await send(await sign(rsa, claims()))).status, 200);

  const replayed = await sign(ec, claims());
  assert.equal((await send(replayed)).status, 200);
  const pem = new TextEncoder().encode(await exportSPKI((await importJWK(ec.publicJwk, 'ES384')) as CryptoKey));
  const genuine = await sign(ec, claims());
  const otherService = await sign(ec, claims({ aud: `${PUBLIC_URL}/cds-services/chartside-icd10-discharge` }));

  const forgeries: [name: string, token: () => Promise<string> | string, reason: string][] = [
    ['alg none', () => `${b64({ alg: 'none', typ: 'JWT', kid: 'ec-1' })}.${b64(claims())}.`, 'alg-not-allowed'],
    [
      'alg none with a signature kept',
      () => `${b64({ alg: 'none', kid: 'ec-1' })}.${b64(claims())}.${part(genuine, 2)}`,
      'alg-not-allowed',
    ],
    [
      'HS256 signed with the public key (PEM) as secret',
      () => sign(ec, claims(), { alg: 'HS256' }, pem),
      'alg-not-allowed',
    ],
    [
      'HS384 signed with the public JWK as secret',
      () => sign(ec, claims(), { alg: 'HS384' }, new TextEncoder().encode(JSON.stringify(ec.publicJwk))),
      'alg-not-allowed',
    ],
    [
      'RS256 with the RS384 key',
      async () => sign(rsa, claims(), { alg: 'RS256' }, await sameKeyAs(rsa, 'RS256')),
      'alg-not-allowed',
    ],
    [
      'PS384 with the RS384 key',
      async () => sign(rsa, claims(), { alg: 'PS384' }, await sameKeyAs(rsa, 'PS384')),
      'alg-not-allowed',
    ],
    ['ES384 header over the RSA key id', () => sign(ec, claims(), { kid: 'rsa-1' }), 'unknown-key'],
    ['expired', () => sign(ec, claims({ iat: now() - 400, nbf: now() - 400, exp: now() - 100 })), 'expired'],
    ['not yet valid (future nbf)', () => sign(ec, claims({ nbf: now() + 600 })), 'not-yet-valid'],
    ['issued in the future (iat)', () => sign(ec, claims({ iat: now() + 600, exp: now() + 900 })), 'issued-in-future'],
    ['lifetime over the maximum', () => sign(ec, claims({ exp: now() + 3600 })), 'lifetime-too-long'],
    ['wrong aud', () => sign(ec, claims({ aud: 'https://elsewhere.test/cds-services' })), 'wrong-audience'],
    ['aud of another service', () => otherService, 'wrong-audience'],
    [
      'aud list without this URL',
      () => sign(ec, claims({ aud: ['https://a.test', 'https://b.test'] })),
      'wrong-audience',
    ],
    ['unknown iss', () => sign(ec, claims({ iss: 'https://attacker.test/cds' })), 'unknown-issuer'],
    ['no iss', () => sign(ec, claims({ iss: undefined })), 'unknown-issuer'],
    ['unknown kid', () => sign(ec, claims(), { kid: 'no-such-key' }), 'unknown-key'],
    ['no kid', () => sign(ec, claims(), { kid: undefined }), 'malformed'],
    ['jku off the allow-list', () => sign(attackerOther, claims(), { jku: evilJku.url }), 'jku-not-allowed'],
    ['different key under a pinned kid', () => sign(attacker, claims()), 'bad-signature'],
    ['replayed jti', () => replayed, 'replayed'],
    ['missing jti', () => sign(ec, claims({ jti: undefined })), 'missing-claim'],
    ['empty jti', () => sign(ec, claims({ jti: '' })), 'missing-claim'],
    ['missing exp', () => sign(ec, claims({ exp: undefined })), 'missing-claim'],
    ['missing iat', () => sign(ec, claims({ iat: undefined })), 'missing-claim'],
    ['exp as a string', () => sign(ec, claims({ exp: String(now() + 300) })), 'malformed'],
    [
      'tampered claims (aud moved to this URL)',
      () => `${part(otherService, 0)}.${b64({ ...decode(part(otherService, 1)), aud: AUD })}.${part(otherService, 2)}`,
      'bad-signature',
    ],
    [
      'tampered claims (tenant added)',
      async () => {
        const token = await sign(ec, claims());
        return `${part(token, 0)}.${b64({ ...decode(part(token, 1)), tenant: 'other' })}.${part(token, 2)}`;
      },
      'bad-signature',
    ],
    [
      'tampered header (kid moved to the RSA key)',
      async () => {
        const token = await sign(ec, claims());
        return `${b64({ ...decode(part(token, 0)), kid: 'rsa-1' })}.${part(token, 1)}.${part(token, 2)}`;
      },
      'unknown-key',
    ],
    ['signature stripped', () => `${part(genuine, 0)}.${part(genuine, 1)}.`, 'bad-signature'],
    ['five segments (a JWE shape)', () => `${genuine}.x.y`, 'malformed'],
    ['oversize token (9 KB, validly signed)', () => sign(ec, claims({ pad: 'x'.repeat(7_000) })), 'oversize'],
    // over Node's default 16 KiB head: a route must still see it, to answer the bare 401 (not an empty 431)
    ['oversize token (20 KB, validly signed)', () => sign(ec, claims({ pad: 'x'.repeat(15_000) })), 'oversize'],
    ['oversize token (60 KB, validly signed)', () => sign(ec, claims({ pad: 'x'.repeat(45_000) })), 'oversize'],
  ];

  for (const [name, token, reason] of forgeries) {
    await t.test(name, async () => {
      const res = await send(await token());
      assert.equal(res.status, 401);
      assert.equal(res.body, '', 'a bare 401');
      assert.equal(refusalReason(), reason);
    });
  }
  await t.test('no Authorization header, or another scheme', async () => {
    assert.equal((await send(undefined)).status, 401);
    assert.equal(refusalReason(), 'missing-token');
    assert.equal((await send(await sign(ec, claims()), 'Basic')).status, 401);
    assert.equal(refusalReason(), 'malformed');
  });
  assert.equal(evilJku.hits(), 0, 'a jku off the allow-list is never fetched');
  t.diagnostic(`forged tokens refused: ${forgeries.length + 2}`);
});

test('an Authorization header past the 64 KiB head limit is a 431 OperationOutcome, on every route', async (t) => {
  const server = await startCdsServer(t);
  const token = `Bearer ${'A'.repeat(40)}.${'B'.repeat(70_000)}.${'C'.repeat(40)}`;
  for (const [method, path] of [
    ['GET', PATH],
    ['POST', `${PATH}/chartside-icd10-discharge`],
    ['POST', '/api/suggestions'],
  ] as const) {
    const res = await rawRequest(
      server.url,
      method,
      path,
      { authorization: token, 'content-type': 'application/json' },
      '{}',
    );
    assert.equal(res.status, 431, `${method} ${path}`);
    assert.match(String(res.headers['content-type']), /^application\/fhir\+json/);
    const outcome = JSON.parse(res.body) as { resourceType: string; issue: { code: string }[] };
    assert.equal(outcome.resourceType, 'OperationOutcome');
    assert.equal(outcome.issue[0]?.code, 'too-long');
  }
  assert.ok(!server.logs.join('\n').includes('BBBBBBBB'), 'the token is never logged');
});

test('a SMART app bearer token over 8 KB (past the 16 KiB default head) is a 401 OperationOutcome', async (t) => {
  const server = await startCdsServer(t);
  const res = await rawRequest(
    server.url,
    'POST',
    '/api/suggestions',
    { authorization: `Bearer ${'t'.repeat(20_000)}`, 'content-type': 'application/json' },
    JSON.stringify({ fhirServer: 'https://ehr.test/fhir', patient: 'p1' }),
  );
  assert.equal(res.status, 401);
  const outcome = JSON.parse(res.body) as { resourceType: string; issue: { code: string }[] };
  assert.equal(outcome.resourceType, 'OperationOutcome');
  assert.equal(outcome.issue[0]?.code, 'login');
});
