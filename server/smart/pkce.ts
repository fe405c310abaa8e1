import { createHash, randomBytes } from 'node:crypto';

/** A PKCE pair (RFC 7636, S256 only, as SMART App Launch 2.x §PKCE requires). */
export interface PkcePair {
  verifier: string;
  challenge: string;
}

/** 32 random bytes: a 43-character verifier, the shortest RFC 7636 §4.1 allows at full entropy. */
export function createPkcePair(): PkcePair {
  const verifier = randomBytes(32).toString('base64url');
  return { verifier, challenge: createHash('sha256').update(verifier).digest('base64url') };
}

/** An unguessable, URL-safe identifier (OAuth `state`, hand-off codes, suggestion set ids). */
export function randomId(): string {
  return randomBytes(32).toString('base64url');
}
