import FHIR from 'fhirclient';
import type { fhirclient } from 'fhirclient/lib/types.js';

/** fhirclient's Client (its CommonJS typings are reachable only through `FHIR.client`). */
export type Client = ReturnType<typeof FHIR.client>;

/** What Chartside's server hands the app once after a launch (`POST /smart/handoff`). */
export interface LaunchSession {
  serverUrl: string;
  clientId: string;
  tokenUri: string;
  launchType: 'ehr' | 'standalone';
  relaunchUrl?: string;
  tokenResponse: {
    access_token: string;
    token_type: string;
    expires_in?: number;
    scope: string;
    refresh_token?: string;
    id_token?: string;
    patient?: string;
    encounter?: string;
    need_patient_banner?: boolean;
    smart_style_url?: string;
  };
}

/** The launch has ended (reload, expiry, a used hand-off): the user must relaunch. */
export class SessionExpiredError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SessionExpiredError';
  }
}

/**
 * Takes the one-time hand-off code from the URL fragment and clears it from the address bar and history
 * at once, so a reload or a copied URL cannot replay it. The token lives in this page's memory only: no
 * cookies, no `sessionStorage` (SMART App Launch in embedded browsers and iframes).
 */
export function takeHandoffFromUrl(location: Location, history: History): string | undefined {
  const handoff = new URLSearchParams(location.hash.slice(1)).get('handoff') ?? undefined;
  if (location.hash !== '') history.replaceState(null, '', location.pathname + location.search);
  return handoff;
}

export async function claimHandoff(handoff: string): Promise<LaunchSession> {
  const response = await fetch('/smart/handoff', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ handoff }),
    credentials: 'omit',
  });
  if (response.status === 401 || response.status === 400) {
    throw new SessionExpiredError('This Chartside session has expired or was already opened.');
  }
  if (!response.ok) throw new Error(`Chartside could not open the session (HTTP ${response.status}).`);
  return (await response.json()) as LaunchSession;
}

/** The user's FHIR identity (`fhirUser`) from the OpenID id_token, when one came (display and `recorder`). */
export function fhirUserOf(session: LaunchSession): string | undefined {
  const payload = session.tokenResponse.id_token?.split('.')[1];
  if (payload === undefined) return undefined;
  try {
    const json = JSON.parse(atob(payload.replace(/-/g, '+').replace(/_/g, '/'))) as { fhirUser?: unknown };
    return typeof json.fhirUser === 'string' ? json.fhirUser : undefined;
  } catch {
    return undefined;
  }
}

/**
 * A fhirclient Client for the EHR's FHIR server, built from the session (no storage key, so fhirclient
 * keeps its state in memory). It refreshes the token with `online_access` when a request meets an
 * expired token or a 401, sending `client_id` as public clients must.
 */
export function fhirClientFor(session: LaunchSession): Client {
  const settings = FHIR.oauth2.settings as fhirclient.BrowserFHIRSettings;
  settings.refreshTokenWithClientId = true;
  settings.refreshTokenWithCredentials = 'omit';
  const expiresIn = session.tokenResponse.expires_in;
  const state: fhirclient.ClientState = {
    serverUrl: session.serverUrl,
    clientId: session.clientId,
    tokenUri: session.tokenUri,
    scope: session.tokenResponse.scope,
    tokenResponse: session.tokenResponse as fhirclient.TokenResponse,
    ...(expiresIn !== undefined ? { expiresAt: Math.floor(Date.now() / 1000) + expiresIn } : {}),
  };
  const client = FHIR.client(state);
  // fhirclient would touch sessionStorage when it clears state after a 401; keep even that in memory.
  const memory = new Map<string, unknown>();
  client.environment.getStorage = () => ({
    get: (key: string) => Promise.resolve(memory.get(key)),
    set: (key: string, value: unknown) => {
      memory.set(key, value);
      return Promise.resolve(value);
    },
    unset: (key: string) => Promise.resolve(memory.delete(key)),
  });
  return client;
}

/**
 * Runs a FHIR call with the user's token; when the EHR answers 401 (a token revoked or expired early),
 * refreshes once with the refresh token and tries again. fhirclient itself refreshes only on its own
 * clock, and forgets the token response on a 401, so the response is put back before refreshing.
 */
export async function withTokenRetry<T>(client: Client, call: () => Promise<T>): Promise<T> {
  const saved = { ...client.state.tokenResponse };
  try {
    return await call();
  } catch (error) {
    if ((error as { status?: unknown }).status !== 401 || saved.refresh_token === undefined) throw error;
    client.state.tokenResponse = saved;
    try {
      await client.refresh();
    } catch {
      throw new SessionExpiredError('The EHR session has ended.');
    }
    return call();
  }
}

/** The current access token, refreshed first when it is about to expire. */
export async function freshAccessToken(client: Client): Promise<string> {
  await client.refreshIfNeeded();
  return client.getState('tokenResponse.access_token') as string;
}
