import {
  createLocalJWKSet,
  createRemoteJWKSet,
  decodeJwt,
  decodeProtectedHeader,
  errors,
  jwtVerify,
  type JWTVerifyGetKey,
} from 'jose';
import type { CdsClient } from './cds-clients.ts';
import { ReplayCache, type ReplayStore } from './replay-cache.ts';

/**
 * Longest token read, in characters: an EHR's CDS JWT is a few hundred bytes to 2 KB; anything near the
 * 16 KB header limit is refused before it is decoded or its claims parsed.
 */
export const MAX_CDS_JWT_CHARS = 8192;

/** Asymmetric algorithms the CDS Hooks spec recommends; `none` and every HMAC are always refused. */
export const CDS_JWT_ALGORITHMS = ['RS384', 'ES384'] as const;

/** Why a token was refused: logged (never the token), never told to the caller, who gets a bare 401. */
export type CdsAuthFailure =
  | 'missing-token'
  | 'malformed'
  | 'oversize'
  | 'alg-not-allowed'
  | 'unknown-issuer'
  | 'jku-not-allowed'
  | 'unknown-key'
  | 'bad-signature'
  | 'wrong-audience'
  | 'expired'
  | 'not-yet-valid'
  | 'issued-in-future'
  | 'lifetime-too-long'
  | 'missing-claim'
  | 'replayed'
  | 'tenant-not-allowed'
  | 'keys-unavailable'
  | 'no-audience-configured';

export class CdsAuthError extends Error {
  readonly reason: CdsAuthFailure;
  /** The issuer, only when it is a configured one (an unknown `iss` is attacker text). */
  readonly issuer: string | undefined;
  constructor(reason: CdsAuthFailure, issuer?: string) {
    super(`CDS client JWT refused: ${reason}`);
    this.name = 'CdsAuthError';
    this.reason = reason;
    this.issuer = issuer;
  }
}

/** The caller, as its verified JWT says. */
export interface CdsCaller {
  issuer: string;
  subject?: string;
  tenant?: string;
  /** A `fhirUser` claim, when the EHR sends one (the user, for the audit record). */
  fhirUser?: string;
}

export interface CdsJwtVerifierOptions {
  clients: readonly CdsClient[];
  /** Tolerated clock skew on exp, iat and nbf, in seconds. */
  clockSkewS: number;
  /** Longest accepted token lifetime (exp - iat) and age, in seconds. */
  maxLifetimeS: number;
  /** The clock (tests move it). */
  now?: () => Date;
  /** Least time between two fetches of a JWKS URL for an unknown `kid` (key rotation), in ms. */
  jwksCooldownMs?: number;
  jwksTimeoutMs?: number;
  /** Where used `jti`s are kept; this process's memory when absent (shared by replicas when in the database). */
  replay?: ReplayStore;
}

export interface CdsJwtVerifier {
  /** Verifies the `Authorization` header for a call to `audience`; throws CdsAuthError. */
  verify(authorization: string | undefined, audience: string): Promise<CdsCaller>;
}

function mapJoseError(error: unknown, issuer: string): CdsAuthError {
  if (error instanceof CdsAuthError) return error;
  if (error instanceof errors.JWTExpired) {
    return new CdsAuthError(error.claim === 'iat' ? 'lifetime-too-long' : 'expired', issuer);
  }
  if (error instanceof errors.JWTClaimValidationFailed) {
    const byClaim: Record<string, CdsAuthFailure> = {
      aud: 'wrong-audience',
      nbf: 'not-yet-valid',
      iat: 'issued-in-future',
      iss: 'unknown-issuer',
    };
    if (error.reason === 'missing') return new CdsAuthError('missing-claim', issuer);
    return new CdsAuthError(byClaim[error.claim] ?? 'malformed', issuer);
  }
  if (error instanceof errors.JWKSNoMatchingKey || error instanceof errors.JWKSMultipleMatchingKeys) {
    return new CdsAuthError('unknown-key', issuer);
  }
  if (error instanceof errors.JWSSignatureVerificationFailed) return new CdsAuthError('bad-signature', issuer);
  if (error instanceof errors.JOSEAlgNotAllowed) return new CdsAuthError('alg-not-allowed', issuer);
  if (error instanceof errors.JWKSTimeout || error instanceof errors.JWKSInvalid) {
    return new CdsAuthError('keys-unavailable', issuer);
  }
  if (error instanceof errors.JOSEError) return new CdsAuthError('malformed', issuer);
  // fetch failures of a JWKS URL surface as plain errors
  return new CdsAuthError('keys-unavailable', issuer);
}

/**
 * Verifies CDS client JWTs (CDS Hooks 2.0 §Trusting CDS Clients) with jose: the issuer must be on the
 * configured list; keys come from its inline JWK Set or its JWKS URL (cached, re-fetched on an unknown
 * `kid` to follow rotation) whatever the token's `jku`, and from a `jku` header URL only when those have
 * no key with the token's `kid` and its entry allow-lists that URL; the algorithm must be
 * RS384 or ES384; `aud` must be the URL called; `exp`, `iat` and `nbf` hold within the skew; the lifetime
 * is bounded; `jti` is single-use; and the `tenant`, when the entry restricts tenants, is one of them.
 */
export function createCdsJwtVerifier(options: CdsJwtVerifierOptions): CdsJwtVerifier {
  const byIssuer = new Map(options.clients.map((c) => [c.iss, c]));
  const now = options.now ?? (() => new Date());
  const remote = new Map<string, JWTVerifyGetKey>();
  const local = new Map<string, JWTVerifyGetKey>();
  const replay = options.replay ?? new ReplayCache();

  const remoteSet = (url: string): JWTVerifyGetKey => {
    let set = remote.get(url);
    if (!set) {
      set = createRemoteJWKSet(new URL(url), {
        cooldownDuration: options.jwksCooldownMs ?? 30_000,
        cacheMaxAge: 10 * 60_000,
        timeoutDuration: options.jwksTimeoutMs ?? 3000,
      });
      remote.set(url, set);
    }
    return set;
  };

  /** The issuer's own key set, as IT configured it (inline or at its JWKS URL). */
  const configuredSet = (client: CdsClient): JWTVerifyGetKey | undefined => {
    if (client.jwks) {
      let set = local.get(client.iss);
      if (!set) {
        set = createLocalJWKSet(client.jwks);
        local.set(client.iss, set);
      }
      return set;
    }
    return client.jwksUrl ? remoteSet(client.jwksUrl) : undefined;
  };

  /**
   * The key rule: the configured key set verifies the token whatever its `jku` (EHRs and the reference
   * sandbox always send one, and a pinned key must work offline); a `jku` is fetched only when the
   * configured set has no key with the token's `kid` and the client entry allow-lists that very URL.
   */
  const keysFor =
    (client: CdsClient, jku: string | undefined): JWTVerifyGetKey =>
    async (header, token) => {
      const configured = configuredSet(client);
      if (configured) {
        try {
          return await configured(header, token);
        } catch (error) {
          if (jku === undefined || !(error instanceof errors.JWKSNoMatchingKey)) throw error;
        }
      }
      if (jku === undefined) throw new CdsAuthError('unknown-key', client.iss);
      if (!client.jku?.includes(jku)) throw new CdsAuthError('jku-not-allowed', client.iss);
      return remoteSet(jku)(header, token);
    };

  return {
    async verify(authorization, audience) {
      if (authorization !== undefined && authorization.length > MAX_CDS_JWT_CHARS + 16) {
        throw new CdsAuthError('oversize');
      }
      const match = /^Bearer\s+([A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*)\s*$/i.exec(authorization ?? '');
      const token = match?.[1];
      if (token === undefined) throw new CdsAuthError(authorization ? 'malformed' : 'missing-token');
      let header: ReturnType<typeof decodeProtectedHeader>;
      let unverified: ReturnType<typeof decodeJwt>;
      try {
        header = decodeProtectedHeader(token);
        unverified = decodeJwt(token);
      } catch {
        throw new CdsAuthError('malformed');
      }
      if (!(CDS_JWT_ALGORITHMS as readonly string[]).includes(String(header.alg))) {
        throw new CdsAuthError('alg-not-allowed');
      }
      const client = typeof unverified.iss === 'string' ? byIssuer.get(unverified.iss) : undefined;
      if (!client) throw new CdsAuthError('unknown-issuer');
      if (typeof header.kid !== 'string' || header.kid === '') throw new CdsAuthError('malformed', client.iss);
      const at = now();
      let payload;
      try {
        const keys = keysFor(client, typeof header.jku === 'string' ? header.jku : undefined);
        ({ payload } = await jwtVerify(token, keys, {
          algorithms: [...CDS_JWT_ALGORITHMS],
          issuer: client.iss,
          audience,
          clockTolerance: options.clockSkewS,
          maxTokenAge: options.maxLifetimeS,
          currentDate: at,
          requiredClaims: ['iss', 'aud', 'exp', 'iat', 'jti'],
        }));
      } catch (error) {
        throw mapJoseError(error, client.iss);
      }
      const { exp, iat, jti } = payload;
      if (typeof exp !== 'number' || typeof iat !== 'number' || typeof jti !== 'string' || jti === '') {
        throw new CdsAuthError('missing-claim', client.iss);
      }
      if (exp - iat > options.maxLifetimeS) throw new CdsAuthError('lifetime-too-long', client.iss);
      const tenant = typeof payload.tenant === 'string' ? payload.tenant : undefined;
      if (client.tenants && (tenant === undefined || !client.tenants.includes(tenant))) {
        throw new CdsAuthError('tenant-not-allowed', client.iss);
      }
      const expiresAtMs = (exp + options.clockSkewS) * 1000;
      if (!(await replay.firstUse(client.iss, jti, expiresAtMs, at.getTime()))) {
        throw new CdsAuthError('replayed', client.iss);
      }
      const caller: CdsCaller = { issuer: client.iss };
      if (typeof payload.sub === 'string') caller.subject = payload.sub;
      if (tenant !== undefined) caller.tenant = tenant;
      if (typeof payload.fhirUser === 'string') caller.fhirUser = payload.fhirUser;
      return caller;
    },
  };
}
