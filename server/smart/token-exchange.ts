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
      `the EHR refused the authorization code (${error.success ? error.data.error : `HTTP ${response.status}`})`,
    );
  }
  const parsed = TokenResponseSchema.safeParse(json);
  if (!parsed.success) throw new AppError('UPSTREAM_FHIR', 'the EHR token response is not valid');
  return parsed.data;
}
