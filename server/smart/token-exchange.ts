import { z } from 'zod';
import { AppError } from '../errors/app-error.ts';

/** The token response fields Chartside reads (SMART App Launch 2.x §Obtain access token). */
export const TokenResponseSchema = z.looseObject({
  access_token: z.string().min(1),
  token_type: z.string().refine((t) => t.toLowerCase() === 'bearer', 'must be Bearer'),
  expires_in: z.number().int().positive().optional(),
  scope: z.string(),
  refresh_token: z.string().optional(),
  id_token: z.string().optional(),
  patient: z.string().optional(),
  encounter: z.string().optional(),
  need_patient_banner: z.boolean().optional(),
  smart_style_url: z.url().optional(),
});
export type TokenResponse = z.infer<typeof TokenResponseSchema>;

export interface CodeExchange {
  tokenEndpoint: string;
  code: string;
  redirectUri: string;
  clientId: string;
  codeVerifier: string;
  timeoutMs: number;
}

/**
 * What a token endpoint's refusal (RFC 6749 §5.2) means for the person in front of the screen, and what to
 * do: a registration problem is for IT, an expired or reused code needs a relaunch.
 */
export function tokenRefusalMessage(error: string | undefined, status: number): string {
  const code = error ?? `HTTP ${status}`;
  if (error === 'invalid_client' || error === 'unauthorized_client') {
    return `The EHR does not accept Chartside's registration (${code}). Contact IT: Chartside's client id at this EHR (CHARTSIDE_SMART_CLIENT_ID or CHARTSIDE_SMART_EHRS) must match the app registered there.`;
  }
  if (error === 'invalid_scope') {
    return `The EHR refused the access Chartside asks for (${code}). Contact IT: the scopes registered for Chartside at this EHR must include those in CHARTSIDE_SMART_SCOPES.`;
  }
  if (error === 'invalid_grant') {
    return `The sign-in expired or was already used (${code}). Relaunch Chartside from the patient's chart.`;
  }
  return `The EHR refused the sign-in (${code}). Relaunch Chartside; if it happens again, contact IT.`;
}

/** Exchanges an authorization code for tokens as a public client with its PKCE verifier (RFC 7636 §4.5). */
export async function exchangeCode(exchange: CodeExchange): Promise<TokenResponse> {
  const body = new URLSearchParams({
    grant_type: 'authorization_code',
    code: exchange.code,
    redirect_uri: exchange.redirectUri,
    client_id: exchange.clientId,
    code_verifier: exchange.codeVerifier,
  });
  let response: Response;
  try {
    response = await fetch(exchange.tokenEndpoint, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
      body,
      redirect: 'error',
      signal: AbortSignal.timeout(exchange.timeoutMs),
    });
  } catch (error) {
    throw new AppError('UPSTREAM_FHIR', 'the EHR token endpoint could not be reached', { cause: error });
  }
  const json: unknown = await response.json().catch(() => undefined);
  if (!response.ok) {
    const error = z.object({ error: z.string().regex(/^[a-z_]{1,64}$/) }).safeParse(json);
    throw new AppError(
      'UNAUTHENTICATED',
      tokenRefusalMessage(error.success ? error.data.error : undefined, response.status),
    );
  }
  const parsed = TokenResponseSchema.safeParse(json);
  if (!parsed.success) throw new AppError('UPSTREAM_FHIR', 'the EHR token response is not valid');
  return parsed.data;
}
