import { AppError } from '../errors/app-error.ts';

/**
 * Chartside's only way to reach an EHR's FHIR server. Only the configured base URLs are ever contacted:
 * a `fhirServer` named in a request that is not on the list is never fetched from, and its access token
 * is never sent anywhere. Redirects are refused (a token must not follow one), and every fetch is bounded
 * in time and in size.
 */
export interface FhirFetcher {
  /** True when `base` is one of the configured FHIR servers. */
  isAllowed(base: string): boolean;
  /**
   * GETs `relative` (e.g. `Condition?patient=123`) from an allowed base, as JSON; without a token for an
   * open server (a CDS client that sends no `fhirAuthorization`, as the reference sandbox does).
   */
  get(base: string, relative: string, accessToken: string | undefined, signal?: AbortSignal): Promise<unknown>;
}

export interface FhirFetcherOptions {
  servers: readonly string[];
  timeoutMs: number;
  maxBytes: number;
}

/** `https://ehr.example.org/fhir/` and `https://EHR.example.org/fhir` are the same base. */
export function normalizeBase(url: string): string | undefined {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return undefined;
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') return undefined;
  if (parsed.username !== '' || parsed.password !== '' || parsed.search !== '' || parsed.hash !== '') return undefined;
  return `${parsed.origin}${parsed.pathname.replace(/\/+$/, '')}`;
}

async function readCapped(response: Response, maxBytes: number): Promise<Buffer> {
  const declared = Number(response.headers.get('content-length') ?? NaN);
  if (Number.isFinite(declared) && declared > maxBytes) {
    await response.body?.cancel();
    throw new AppError('UPSTREAM_FHIR', 'FHIR server response is larger than the configured limit');
  }
  const chunks: Buffer[] = [];
  let total = 0;
  if (!response.body) return Buffer.alloc(0);
  const reader = response.body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > maxBytes) {
      await reader.cancel();
      throw new AppError('UPSTREAM_FHIR', 'FHIR server response is larger than the configured limit');
    }
    chunks.push(Buffer.from(value));
  }
  return Buffer.concat(chunks);
}

export function createFhirFetcher(options: FhirFetcherOptions): FhirFetcher {
  const allowed = new Set(options.servers.map(normalizeBase).filter((b): b is string => b !== undefined));
  const isAllowed = (base: string): boolean => {
    const normal = normalizeBase(base);
    return normal !== undefined && allowed.has(normal);
  };
  return {
    isAllowed,
    async get(base, relative, accessToken, signal) {
      const normal = normalizeBase(base);
      if (normal === undefined || !allowed.has(normal)) {
        throw new AppError('FORBIDDEN', 'fhirServer is not one of the configured FHIR servers');
      }
      const url = new URL(`${normal}/${relative.replace(/^\/+/, '')}`);
      if (!`${url.origin}${url.pathname}`.startsWith(`${normal}/`)) {
        throw new AppError('INVALID_INPUT', 'FHIR query leaves the FHIR server base');
      }
      const timeout = AbortSignal.timeout(options.timeoutMs);
      let response: Response;
      try {
        response = await fetch(url, {
          headers: {
            accept: 'application/fhir+json, application/json',
            ...(accessToken !== undefined ? { authorization: `Bearer ${accessToken}` } : {}),
          },
          redirect: 'error',
          signal: signal ? AbortSignal.any([timeout, signal]) : timeout,
        });
      } catch (error) {
        throw new AppError(
          'UPSTREAM_FHIR',
          timeout.aborted ? 'FHIR server did not answer in time' : 'FHIR server unreachable',
          {
            issue: timeout.aborted ? 'timeout' : 'transient',
            cause: error,
          },
        );
      }
      if (!response.ok) {
        await response.body?.cancel();
        throw new AppError('UPSTREAM_FHIR', `FHIR server answered HTTP ${response.status}`);
      }
      let body: Buffer;
      try {
        body = await readCapped(response, options.maxBytes);
      } catch (error) {
        if (error instanceof AppError) throw error;
        throw new AppError('UPSTREAM_FHIR', 'FHIR server response was cut off', { cause: error });
      }
      try {
        return JSON.parse(body.toString('utf8')) as unknown;
      } catch {
        throw new AppError('UPSTREAM_FHIR', 'FHIR server answered something that is not JSON');
      }
    },
  };
}
