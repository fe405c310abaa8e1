import { AppError } from '../errors/app-error.ts';
import type { SigningKey } from './backend-keys.ts';
import { readJson, sendWithRetry, upstreamError, type RetryNotice, type RetryPolicy, type Sleep } from './bulk-http.ts';
import { SmartConfigurationSchema, TokenResponseSchema } from './bulk-schemas.ts';
import { createClientAssertion } from './client-assertion.ts';

export interface BackendAuthOptions {
  readonly fhirBase: string;
  readonly clientId: string;
  readonly signingKey: SigningKey;
  /** The token endpoint; discovered from `<fhirBase>/.well-known/smart-configuration` when absent. */
  readonly tokenUrl?: string | undefined;
  readonly scope: string;
  readonly policy: RetryPolicy;
  readonly sleep: Sleep;
  /** Milliseconds since the epoch, for the cache (tests move it); assertions always use the real clock. */
  readonly now?: (() => number) | undefined;
  readonly onRetry?: ((notice: RetryNotice) => void) | undefined;
  readonly signal?: AbortSignal | undefined;
}

/** Renew this long before the token expires, so that no request goes out with a token about to lapse. */
const RENEW_MARGIN_MS = 60_000;
/** When the server gives no `expires_in`, assume the shortest lifetime the spec recommends (5 min). */
const DEFAULT_LIFETIME_S = 300;

/**
 * SMART Backend Services (§Obtaining an Access Token): a `client_credentials` grant authenticated with a
 * signed `private_key_jwt` assertion. The token is cached and renewed before it expires (a minute ahead, or
 * at half its lifetime when that is shorter), and dropped when a server answers 401. Neither token nor
 * assertion is ever logged.
 */
export class BackendAuth {
  readonly #options: BackendAuthOptions;
  readonly #now: () => number;
  #tokenUrl: string | undefined;
  #token: { value: string; renewAt: number } | undefined;
  #pending: Promise<string> | undefined;
  /** How many tokens were obtained (for progress and tests). */
  tokensIssued = 0;

  constructor(options: BackendAuthOptions) {
    this.#options = options;
    this.#now = options.now ?? Date.now;
    this.#tokenUrl = options.tokenUrl;
  }

  /** A valid access token, from the cache while it is fresh. */
  async token(): Promise<string> {
    if (this.#token && this.#now() < this.#token.renewAt) return this.#token.value;
    this.#pending ??= this.#obtain().finally(() => {
      this.#pending = undefined;
    });
    return this.#pending;
  }

  /** Forgets the cached token (after a 401). */
  invalidate(): void {
    this.#token = undefined;
  }

  async #discover(): Promise<string> {
    if (this.#tokenUrl !== undefined) return this.#tokenUrl;
    const url = `${this.#options.fhirBase.replace(/\/$/, '')}/.well-known/smart-configuration`;
    const res = await sendWithRetry({
      what: 'SMART configuration',
      unreachableHint: 'check --fhir-base and that the server is up',
      send: () => fetch(url, { headers: { accept: 'application/json' }, signal: this.#options.signal ?? null }),
      policy: this.#options.policy,
      sleep: this.#options.sleep,
      signal: this.#options.signal,
      onRetry: this.#options.onRetry,
    });
    if (!res.ok) throw await upstreamError(res, 'SMART configuration');
    const config = await readJson(res, SmartConfigurationSchema, 'SMART configuration');
    this.#tokenUrl = config.token_endpoint;
    return config.token_endpoint;
  }

  async #obtain(): Promise<string> {
    const tokenUrl = await this.#discover();
    const res = await sendWithRetry({
      what: 'token request',
      unreachableHint: `check the token endpoint (${this.#options.tokenUrl === undefined ? 'named by the SMART configuration; --token-url overrides it' : '--token-url'})`,
      send: async () => {
        // A fresh assertion (new jti) for every attempt: servers reject a reused jti.
        const assertion = await createClientAssertion({
          clientId: this.#options.clientId,
          tokenUrl,
          signingKey: this.#options.signingKey,
        });
        const body = new URLSearchParams({
          grant_type: 'client_credentials',
          scope: this.#options.scope,
          client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer',
          client_assertion: assertion,
        });
        return fetch(tokenUrl, {
          method: 'POST',
          headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
          body,
          signal: this.#options.signal ?? null,
        });
      },
      policy: this.#options.policy,
      sleep: this.#options.sleep,
      signal: this.#options.signal,
      onRetry: this.#options.onRetry,
    });
    if (!res.ok) {
      const error = await upstreamError(res, 'token request');
      throw new AppError(res.status === 400 || res.status === 401 ? 'UNAUTHENTICATED' : error.code, error.message, {
        status: 502,
      });
    }
    const token = await readJson(res, TokenResponseSchema, 'token response');
    const lifetimeMs = (token.expires_in ?? DEFAULT_LIFETIME_S) * 1000;
    const margin = Math.min(RENEW_MARGIN_MS, lifetimeMs / 2);
    this.#token = { value: token.access_token, renewAt: this.#now() + lifetimeMs - margin };
    this.tokensIssued++;
    return token.access_token;
  }
}
