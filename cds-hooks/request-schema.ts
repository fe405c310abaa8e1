import { z } from 'zod';
import type { HookName } from './services.ts';

/** A FHIR logical id (FHIR R4 §id): what may go into a prefetch query. */
export const FhirIdSchema = z.string().regex(/^[A-Za-z0-9\-.]{1,64}$/, 'must be a FHIR id');

/** `Practitioner/123`, or whatever id the EHR uses for the user; printable and short. */
const UserIdSchema = z
  .string()
  .min(1)
  .max(256)
  .regex(/^[\x21-\x7e]+$/, 'must be a printable identifier');

/**
 * `fhirAuthorization` (CDS Hooks 2.0 §Passing the Access Token). Loose for 1.0-style clients, which may
 * leave out `expires_in`, `scope` or `subject`; only the token itself is needed.
 */
export const FhirAuthorizationSchema = z.looseObject({
  access_token: z.string().min(1).max(16_384),
  token_type: z
    .string()
    .refine((t) => t.toLowerCase() === 'bearer', { message: 'must be Bearer' })
    .optional(),
  expires_in: z.number().optional(),
  scope: z.string().optional(),
  subject: z.string().optional(),
  patient: z.string().optional(),
});

/** The request body of a CDS Service call (CDS Hooks 2.0 §HTTP Request), before the hook's context. */
export const HookRequestSchema = z.object({
  hook: z.string().min(1).max(64),
  hookInstance: z
    .string()
    .min(1, 'is required')
    .max(128)
    .regex(/^[A-Za-z0-9._:-]+$/, 'must be a UUID or similar identifier'),
  fhirServer: z.url().optional(),
  fhirAuthorization: FhirAuthorizationSchema.nullable().optional(),
  context: z.record(z.string(), z.unknown()),
  prefetch: z.record(z.string(), z.unknown()).nullable().optional(),
  /** 1.0 drafts carried the user and the patient beside `context`. */
  user: z.string().optional(),
  patient: z.string().optional(),
});
export type HookRequest = z.infer<typeof HookRequestSchema>;

const BundleSchema = z.looseObject({ resourceType: z.literal('Bundle'), entry: z.array(z.unknown()).optional() });

const base = { userId: UserIdSchema.optional(), patientId: FhirIdSchema };

/** The `context` of each hook (CDS Hooks hook definitions, 2.0 / R1 of each hook). */
export const CONTEXT_SCHEMAS = {
  'patient-view': z.looseObject({ ...base, encounterId: FhirIdSchema.optional() }),
  'encounter-start': z.looseObject({ ...base, encounterId: FhirIdSchema }),
  'encounter-discharge': z.looseObject({ ...base, encounterId: FhirIdSchema }),
  'order-sign': z.looseObject({ ...base, encounterId: FhirIdSchema.optional(), draftOrders: BundleSchema }),
} satisfies Record<HookName, z.ZodType>;

export interface HookContext {
  userId?: string;
  patientId: string;
  encounterId?: string;
  draftOrders?: { resourceType: 'Bundle'; entry?: unknown[] };
  [key: string]: unknown;
}

/**
 * Accepts 1.0-style requests as Epic and Oracle Health send them: a top-level `user` or `patient` stands
 * in for `context.userId` / `context.patientId` when those are absent.
 */
export function contextWithFallbacks(request: HookRequest): Record<string, unknown> {
  const context: Record<string, unknown> = { ...request.context };
  if (context.userId === undefined && request.user !== undefined) context.userId = request.user;
  if (context.patientId === undefined && request.patient !== undefined) context.patientId = request.patient;
  return context;
}
