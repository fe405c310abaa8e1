import type { FhirResource } from 'fhir/r4.d.ts';
import { z } from 'zod';
import { AppError } from '../server/errors/app-error.ts';
import type { FhirFetcher } from '../server/fhir/fhir-fetcher.ts';
import type { Logger } from '../server/log/logger.ts';
import type { HookRequest } from './request-schema.ts';
import type { PrefetchSpec } from './services.ts';

const ResourceSchema = z.looseObject({ resourceType: z.string().regex(/^[A-Z][A-Za-z]{1,63}$/) });
const BundleSchema = z.looseObject({
  resourceType: z.literal('Bundle'),
  entry: z.array(z.looseObject({ resource: ResourceSchema.optional() })).optional(),
});

/**
 * Fills a prefetch template's `{{context.x}}` tokens from the hook context (CDS Hooks 2.0 §Prefetch
 * tokens): only first-level primitive fields, URL-encoded. Undefined when a token has no value (the key
 * does not apply to this call, e.g. the encounter on a patient-view without one).
 */
export function fillTemplate(template: string, context: Record<string, unknown>): string | undefined {
  let missing = false;
  const filled = template.replace(/\{\{\s*context\.([A-Za-z0-9_]+)\s*\}\}/g, (_m, name: string) => {
    const value = context[name];
    if (typeof value !== 'string' && typeof value !== 'number') {
      missing = true;
      return '';
    }
    return encodeURIComponent(String(value));
  });
  return missing || /\{\{/.test(filled) ? undefined : filled;
}

/** The resources a prefetch value (or a FHIR read/search answer) holds. */
export function resourcesOf(value: unknown): FhirResource[] | undefined {
  const bundle = BundleSchema.safeParse(value);
  if (bundle.success) {
    return (bundle.data.entry ?? []).flatMap((e) => (e.resource ? [e.resource as unknown as FhirResource] : []));
  }
  const resource = ResourceSchema.safeParse(value);
  if (!resource.success || resource.data.resourceType === 'OperationOutcome') return undefined;
  return [resource.data as unknown as FhirResource];
}

export interface GatheredCase {
  /** Resources by prefetch key. */
  byKey: Map<string, FhirResource[]>;
  /** Keys answered by prefetch, by a FHIR fetch, or not at all. */
  sources: { prefetched: number; fetched: number; missing: number };
  /** The keys that applied to this call and that neither the prefetch nor the FHIR server gave, sorted. */
  unread: string[];
}

/**
 * Gathers each prefetch key's data: from the request's prefetch when the client sent it (`null` means
 * "no data"), else from `fhirServer` (with `fhirAuthorization`, or none for an open server) when that
 * server is on the allow-list. A
 * required key that neither gives is a 412 Precondition Failed (CDS Hooks 2.0 §Prefetch).
 */
export async function gatherPrefetch(
  specs: Record<string, PrefetchSpec>,
  request: HookRequest,
  context: Record<string, unknown>,
  fetcher: FhirFetcher,
  logger: Logger,
  reqId: string,
  signal?: AbortSignal,
): Promise<GatheredCase> {
  const byKey = new Map<string, FhirResource[]>();
  const sources = { prefetched: 0, fetched: 0, missing: 0 };
  const given = request.prefetch ?? {};
  const token = request.fhirAuthorization?.access_token;
  const server = request.fhirServer;
  // Without fhirAuthorization the client says its FHIR server is open (CDS Hooks 2.0 §Passing the Access
  // Token): an allow-listed one is read without a token.
  const canFetch = server !== undefined && fetcher.isAllowed(server);
  if (server !== undefined && !canFetch) {
    logger.warn({ reqId, reason: 'fhir-server-not-allowed' }, 'fhirServer is not on the allow-list: not contacted');
  }
  const failures: string[] = [];
  const unread: string[] = [];
  await Promise.all(
    Object.entries(specs).map(async ([key, spec]) => {
      const query = fillTemplate(spec.template, context);
      if (query === undefined) return;
      if (Object.hasOwn(given, key)) {
        const value = given[key];
        if (value === null) {
          byKey.set(key, []);
          sources.prefetched++;
          return;
        }
        const resources = resourcesOf(value);
        if (resources) {
          byKey.set(key, resources);
          sources.prefetched++;
          return;
        }
      }
      if (canFetch) {
        try {
          const answer = await fetcher.get(server, query, token, signal);
          const resources = resourcesOf(answer);
          if (resources) {
            byKey.set(key, resources);
            sources.fetched++;
            return;
          }
        } catch (error) {
          logger.warn(
            { reqId, reason: error instanceof AppError ? error.code : 'fetch-failed', task: key },
            'prefetch key could not be fetched from the FHIR server',
          );
        }
      }
      sources.missing++;
      unread.push(key);
      if (spec.required) failures.push(key);
    }),
  );
  if (failures.length > 0) {
    throw new AppError(
      'PRECONDITION_FAILED',
      `required data could not be obtained by prefetch or from the FHIR server: ${failures.sort().join(', ')}`,
      { expression: failures.map((k) => `body.prefetch.${k}`) },
    );
  }
  return { byKey, sources, unread: unread.sort() };
}
