import { z } from 'zod';
import { AppError } from '../errors/app-error.ts';
import { sendWithRetry, type RetryNotice, type RetryPolicy, type Sleep } from './bulk-http.ts';

const SmartConfigurationSchema = z.looseObject({
  token_endpoint: z.string().optional(),
  grant_types_supported: z.array(z.string()).optional(),
  capabilities: z.array(z.string()).optional(),
});

export interface OpenAccessCheck {
  readonly fhirBase: string;
  readonly policy: RetryPolicy;
  readonly sleep: Sleep;
  readonly signal?: AbortSignal | undefined;
  readonly onRetry?: ((notice: RetryNotice) => void) | undefined;
}

/**
 * Refuses an export without authorization (`--open`) from a server whose SMART configuration
 * (`.well-known/smart-configuration`, SMART App Launch §Conformance) declares a token endpoint: such a
 * server requires SMART Backend Services, and a client that sees it must authorize. A server without a
 * SMART configuration (404), or whose configuration names no token endpoint, is open.
 */
export async function assertOpenAccess(check: OpenAccessCheck): Promise<void> {
  const url = `${check.fhirBase.replace(/\/+$/, '')}/.well-known/smart-configuration`;
  const res = await sendWithRetry({
    what: 'SMART configuration',
    unreachableHint: 'check --fhir-base and that the server is up',
    send: () => fetch(url, { headers: { accept: 'application/json' }, signal: check.signal ?? null }),
    policy: check.policy,
    sleep: check.sleep,
    signal: check.signal,
    onRetry: check.onRetry,
  });
  if (!res.ok) {
    // No SMART configuration (404, 410…) or none readable without credentials: nothing declares auth.
    await res.body?.cancel();
    return;
  }
  let json: unknown;
  try {
    json = await res.json();
  } catch {
    return;
  }
  const config = SmartConfigurationSchema.safeParse(json);
  if (!config.success || config.data.token_endpoint === undefined || config.data.token_endpoint === '') return;
  throw new AppError(
    'FORBIDDEN',
    `--open: the server's SMART configuration (${url}) declares a token endpoint, so it requires authorization; run with --client-id and --key (SMART Backend Services) instead of --open`,
    { status: 403 },
  );
}
