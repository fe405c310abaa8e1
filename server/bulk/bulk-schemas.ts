import { z } from 'zod';

/**
 * What a Bulk Data server and its authorization server send back, as loose schemas: only the fields
 * Chartside reads are checked, everything else passes through untouched.
 */

/** SMART App Launch §Discovery (`.well-known/smart-configuration`), the part Backend Services needs. */
export const SmartConfigurationSchema = z.looseObject({
  token_endpoint: z.url(),
  token_endpoint_auth_signing_alg_values_supported: z.array(z.string()).optional(),
});
export type SmartConfiguration = z.infer<typeof SmartConfigurationSchema>;

/** SMART Backend Services §Access Token Response. */
export const TokenResponseSchema = z.looseObject({
  access_token: z.string().min(1),
  token_type: z.string().refine((t) => t.toLowerCase() === 'bearer', 'must be "bearer"'),
  expires_in: z.number().int().positive().optional(),
  scope: z.string().optional(),
});
export type TokenResponse = z.infer<typeof TokenResponseSchema>;

const ManifestFileSchema = z.looseObject({
  type: z.string().regex(/^[A-Z][A-Za-z]+$/, 'must be a FHIR resource type'),
  url: z.string().min(1),
  count: z.number().int().min(0).optional(),
});
export type ManifestFile = z.infer<typeof ManifestFileSchema>;

/** Bulk Data IG §Response - Complete Status: the manifest. */
export const ManifestSchema = z.looseObject({
  transactionTime: z.string().min(1),
  request: z.string(),
  requiresAccessToken: z.boolean(),
  output: z.array(ManifestFileSchema),
  error: z.array(ManifestFileSchema).default([]),
  deleted: z.array(ManifestFileSchema).optional(),
});
export type Manifest = z.infer<typeof ManifestSchema>;

/** FHIR R4 OperationOutcome, the parts an error message is made from. */
export const OperationOutcomeSchema = z.looseObject({
  resourceType: z.literal('OperationOutcome'),
  issue: z
    .array(
      z.looseObject({
        severity: z.string(),
        code: z.string(),
        diagnostics: z.string().optional(),
        details: z.looseObject({ text: z.string().optional() }).optional(),
      }),
    )
    .min(1),
});
export type OperationOutcomeBody = z.infer<typeof OperationOutcomeSchema>;

/** One NDJSON line of an export: a resource of the expected type (the rest is the resource's business). */
export const ResourceLineSchema = z.looseObject({
  resourceType: z.string().regex(/^[A-Z][A-Za-z]+$/),
  id: z.string().optional(),
});
