import { randomUUID } from 'node:crypto';
import { SignJWT } from 'jose';
import type { SigningKey } from './backend-keys.ts';

/** Longest lifetime SMART Backend Services allows a client assertion (§Authentication JWT: `exp`). */
export const MAX_ASSERTION_LIFETIME_S = 300;

/**
 * A `private_key_jwt` client assertion (SMART Backend Services §Protocol details, RFC 7523): `iss` and
 * `sub` are the client id, `aud` the token endpoint, a fresh `jti`, `exp` at most five minutes away; the
 * header carries `kid` and `typ: JWT`. The assertion is a credential: never log it.
 */
export async function createClientAssertion(options: {
  clientId: string;
  tokenUrl: string;
  signingKey: SigningKey;
  /** Seconds since the epoch; injected by tests. */
  nowS?: number;
  lifetimeS?: number;
}): Promise<string> {
  const now = options.nowS ?? Math.floor(Date.now() / 1000);
  const lifetime = Math.min(options.lifetimeS ?? MAX_ASSERTION_LIFETIME_S, MAX_ASSERTION_LIFETIME_S);
  return new SignJWT({})
    .setProtectedHeader({ alg: options.signingKey.alg, kid: options.signingKey.kid, typ: 'JWT' })
    .setIssuer(options.clientId)
    .setSubject(options.clientId)
    .setAudience(options.tokenUrl)
    .setJti(randomUUID())
    .setIssuedAt(now)
    .setExpirationTime(now + lifetime)
    .sign(options.signingKey.key);
}
