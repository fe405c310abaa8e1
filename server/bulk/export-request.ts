import { z } from 'zod';

/** Each the CLI validates as its flag (`--type`, `--since`, `--type-filter`, `--group`), to name that flag. */
export const ResourceTypeSchema = z.string().regex(/^[A-Z][A-Za-z]+$/, 'must be a FHIR resource type');

/** A FHIR instant (Bulk Data IG §Query Parameters `_since`). */
export const InstantSchema = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:Z|[+-]\d{2}:\d{2})$/, 'must be a FHIR instant');

export const GroupIdSchema = z.string().regex(/^[A-Za-z0-9\-.]{1,64}$/, 'must be a FHIR id');

export const TypeFilterSchema = z.string().regex(/^[A-Z][A-Za-z]+\?\S+$/, 'must look like Type?search-params');

/** What to export: Bulk Data IG §Bulk Data Kick-off Request. */
export const ExportRequestSchema = z
  .object({
    fhirBase: z.url(),
    level: z.enum(['system', 'patient', 'group']),
    groupId: GroupIdSchema.optional(),
    types: z.array(ResourceTypeSchema).default([]),
    since: InstantSchema.optional(),
    typeFilters: z.array(TypeFilterSchema).default([]),
    outputFormat: z.string().min(1).default('application/fhir+ndjson'),
  })
  .refine((r) => (r.level === 'group') === (r.groupId !== undefined), {
    path: ['groupId'],
    message: 'is required for a Group export and only then',
  });
export type ExportRequest = z.infer<typeof ExportRequestSchema>;

/** The kick-off URL: `[base]/$export`, `[base]/Patient/$export` or `[base]/Group/[id]/$export`, with parameters. */
export function kickoffUrl(request: ExportRequest): string {
  const base = request.fhirBase.replace(/\/+$/, '');
  const path =
    request.level === 'system'
      ? '/$export'
      : request.level === 'patient'
        ? '/Patient/$export'
        : `/Group/${encodeURIComponent(request.groupId ?? '')}/$export`;
  const params = new URLSearchParams({ _outputFormat: request.outputFormat });
  if (request.types.length > 0) params.set('_type', request.types.join(','));
  if (request.since !== undefined) params.set('_since', request.since);
  for (const filter of request.typeFilters) params.append('_typeFilter', filter);
  return `${base}${path}?${params.toString()}`;
}
