import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { AppError } from '../server/errors/app-error.ts';

/** http only on loopback (tests, a sidecar on the same host); https everywhere else. */
const keySetUrl = z.url().refine(
  (u) => {
    const url = new URL(u);
    return (
      url.protocol === 'https:' ||
      (url.protocol === 'http:' && ['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname))
    );
  },
  { message: 'must be an https URL (http only on loopback)' },
);

const JwkSchema = z.looseObject({ kty: z.string(), kid: z.string().optional() });

/**
 * One trusted CDS client (an EHR): its JWT issuer, where its public keys are (a JWKS URL or the JWK Set
 * inline), the `jku` URLs it may name in a token header, and optionally the tenants it may speak for
 * (CDS Hooks 2.0 §Trusting CDS Clients).
 */
export const CdsClientSchema = z
  .object({
    iss: z.string().min(1),
    jwksUrl: keySetUrl.optional(),
    jwks: z.object({ keys: z.array(JwkSchema).min(1) }).optional(),
    jku: z.array(keySetUrl).optional(),
    tenants: z.array(z.string().min(1)).min(1).optional(),
  })
  .strict()
  .refine((c) => (c.jwksUrl === undefined) !== (c.jwks === undefined), {
    message: 'needs exactly one of jwksUrl and jwks',
    path: ['jwksUrl'],
  });
export type CdsClient = z.infer<typeof CdsClientSchema>;

export const CdsClientListSchema = z.array(CdsClientSchema).superRefine((list, ctx) => {
  const seen = new Set<string>();
  for (const [i, c] of list.entries()) {
    if (seen.has(c.iss)) ctx.addIssue({ code: 'custom', path: [i, 'iss'], message: 'is listed twice' });
    seen.add(c.iss);
  }
});

/** Reads the client list named by `CHARTSIDE_CDS_CLIENTS`; a bad file stops start-up naming the entry. */
export function loadCdsClients(file: string): CdsClient[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    throw new AppError('CONFIG', `invalid configuration: CHARTSIDE_CDS_CLIENTS file cannot be read as JSON (${file})`);
  }
  const result = CdsClientListSchema.safeParse(parsed);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  throw new AppError(
    'CONFIG',
    `invalid configuration: CHARTSIDE_CDS_CLIENTS entry ${issue?.path.join('.') ?? '?'} ${issue?.message ?? 'is invalid'}`,
  );
}
