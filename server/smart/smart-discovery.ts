import { z } from 'zod';
import { AppError } from '../errors/app-error.ts';

/** The fields Chartside uses from `.well-known/smart-configuration` (SMART App Launch 2.x §Discovery). */
export const SmartConfigurationSchema = z.looseObject({
  authorization_endpoint: z.url(),
  token_endpoint: z.url(),
  capabilities: z.array(z.string()).optional(),
  code_challenge_methods_supported: z.array(z.string()).optional(),
});
export type SmartConfiguration = z.infer<typeof SmartConfigurationSchema>;

/**
 * Reads the EHR's SMART configuration from `{iss}/.well-known/smart-configuration`. Callers check that
 * `iss` is an allowed FHIR server first. An EHR that does not offer S256 PKCE is refused.
 */
export async function discoverSmartConfiguration(iss: string, timeoutMs: number): Promise<SmartConfiguration> {
  let response: Response;
  try {
    response = await fetch(`${iss.replace(/\/+$/, '')}/.well-known/smart-configuration`, {
      headers: { accept: 'application/json' },
      redirect: 'error',
      signal: AbortSignal.timeout(timeoutMs),
    });
  } catch (error) {
    throw new AppError('UPSTREAM_FHIR', 'the EHR SMART configuration could not be read', { cause: error });
  }
  if (!response.ok) {
    await response.body?.cancel();
    throw new AppError('UPSTREAM_FHIR', `the EHR SMART configuration answered HTTP ${response.status}`);
  }
  const parsed = SmartConfigurationSchema.safeParse(await response.json().catch(() => undefined));
  if (!parsed.success) throw new AppError('UPSTREAM_FHIR', 'the EHR SMART configuration is not valid');
  const methods = parsed.data.code_challenge_methods_supported;
  if (methods !== undefined && !methods.includes('S256')) {
    throw new AppError('UPSTREAM_FHIR', 'the EHR does not support PKCE S256');
  }
  return parsed.data;
}
