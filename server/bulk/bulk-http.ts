import { z } from 'zod';
import { AppError } from '../errors/app-error.ts';
import { OperationOutcomeSchema } from './bulk-schemas.ts';

/** Waits `ms` (tests inject a clock-free version); rejects when the signal aborts. */
export type Sleep = (ms: number, signal?: AbortSignal) => Promise<void>;

export const realSleep: Sleep = (ms, signal) =>
  new Promise<void>((resolve, reject) => {
    if (signal?.aborted) {
      reject(signal.reason as Error);
      return;
    }
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(signal?.reason as Error);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });

/** How hard to retry a request that met 429, a 5xx or a broken connection. */
export interface RetryPolicy {
  readonly maxAttempts: number;
  readonly baseDelayMs: number;
  readonly maxDelayMs: number;
  /** Longest `Retry-After` honoured as asked (default 15 minutes); the backoff itself stops at `maxDelayMs`. */
  readonly maxRetryAfterMs?: number;
}

export const DEFAULT_RETRY: RetryPolicy = { maxAttempts: 6, baseDelayMs: 1000, maxDelayMs: 60_000 };

const DEFAULT_MAX_RETRY_AFTER_MS = 15 * 60_000;

/** A retry the client is about to make: why, and how long it waits. */
export interface RetryNotice {
  readonly what: string;
  readonly status: number | null;
  readonly attempt: number;
  readonly waitMs: number;
}

/** `Retry-After` in milliseconds: delay-seconds or an HTTP-date (RFC 9110 §10.2.3). */
export function parseRetryAfter(header: string | null, nowMs: number = Date.now()): number | undefined {
  if (header === null || header.trim() === '') return undefined;
  if (/^\d+$/.test(header.trim())) return Number(header.trim()) * 1000;
  const at = Date.parse(header);
  return Number.isNaN(at) ? undefined : Math.max(0, at - nowMs);
}

/** Server-written text made safe for one line of an error message. */
export function oneLine(text: string, max = 300): string {
  const flat = text.replace(/[\u0000-\u001f\u007f]+/g, ' ').trim();
  return flat.length > max ? flat.slice(0, max) + '…' : flat;
}

const OAuthErrorSchema = z.looseObject({ error: z.string(), error_description: z.string().optional() });

function isJson(contentType: string | null): boolean {
  return contentType !== null && /^application\/(?:fhir\+)?json\b/i.test(contentType.trim());
}

function mediaType(contentType: string | null): string {
  return contentType?.split(';')[0]?.trim() || 'no content type';
}

/** The OperationOutcome of an error response, if it sent one. */
async function readOutcome(res: Response): Promise<z.infer<typeof OperationOutcomeSchema> | undefined> {
  if (!isJson(res.headers.get('content-type'))) {
    await res.body?.cancel();
    return undefined;
  }
  try {
    const json: unknown = await res.json();
    const parsed = OperationOutcomeSchema.safeParse(json);
    if (parsed.success) return parsed.data;
    // An OAuth error (RFC 6749 §5.2) from the token endpoint, read as an outcome.
    const oauth = OAuthErrorSchema.safeParse(json);
    if (!oauth.success) return undefined;
    const text = oauth.data.error_description
      ? `${oauth.data.error}: ${oauth.data.error_description}`
      : oauth.data.error;
    return { resourceType: 'OperationOutcome', issue: [{ severity: 'error', code: 'security', diagnostics: text }] };
  } catch {
    return undefined;
  }
}

function outcomeMessage(outcome: z.infer<typeof OperationOutcomeSchema>): string {
  const issue = outcome.issue.find((i) => i.severity === 'error' || i.severity === 'fatal') ?? outcome.issue[0];
  return oneLine(issue?.diagnostics ?? issue?.details?.text ?? issue?.code ?? 'no message');
}

/** The error for a response the client cannot use: the server's OperationOutcome message, or its status. */
export async function upstreamError(res: Response, what: string): Promise<AppError> {
  const contentType = res.headers.get('content-type');
  if (contentType !== null && /html/i.test(contentType)) {
    await res.body?.cancel();
    return new AppError(
      'UPSTREAM_FHIR',
      `${what}: the server answered an HTML page (status ${res.status}), not a FHIR response; check --fhir-base`,
    );
  }
  const outcome = await readOutcome(res);
  const status = res.status === 401 ? 'UNAUTHENTICATED' : res.status === 403 ? 'FORBIDDEN' : 'UPSTREAM_FHIR';
  return new AppError(
    status,
    outcome
      ? `${what}: the server answered ${res.status}: ${outcomeMessage(outcome)}`
      : `${what}: the server answered ${res.status}`,
    { status: 502 },
  );
}

/** Reads a JSON body through a schema; an HTML page or a body that does not fit is a clear error. */
export async function readJson<S extends z.ZodType>(res: Response, schema: S, what: string): Promise<z.output<S>> {
  const contentType = res.headers.get('content-type');
  if (!isJson(contentType)) {
    await res.body?.cancel();
    throw new AppError(
      'UPSTREAM_FHIR',
      /html/i.test(contentType ?? '')
        ? `${what}: the server answered an HTML page (status ${res.status}), not JSON; check --fhir-base`
        : `${what}: the server answered ${mediaType(contentType)} (status ${res.status}), not JSON`,
    );
  }
  let json: unknown;
  try {
    json = await res.json();
  } catch {
    throw new AppError('UPSTREAM_FHIR', `${what}: the response is not valid JSON`);
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new AppError(
      'UPSTREAM_FHIR',
      `${what}: unexpected response at ${issue?.path.join('.') || '(root)'}: ${issue?.message ?? 'invalid'}`,
    );
  }
  return parsed.data;
}

export interface RetryingRequest {
  readonly what: string;
  /** Builds the request for each attempt (a renewed token goes into the next one). */
  readonly send: () => Promise<Response>;
  readonly policy: RetryPolicy;
  readonly sleep: Sleep;
  readonly signal?: AbortSignal | undefined;
  readonly onRetry?: ((notice: RetryNotice) => void) | undefined;
  /** Called once on a 401: drop the cached token; the request is sent again with a new one. */
  readonly onUnauthorized?: (() => void) | undefined;
}

/**
 * Sends a request, retrying 429 and 5xx answers and broken connections with exponential backoff that
 * honours `Retry-After` (Bulk Data IG §Status Request: a transient OperationOutcome means "try later").
 * A 5xx whose OperationOutcome has a non-transient issue code is the job's failure and is not retried.
 * Returns the first other response, for the caller to interpret.
 */
export async function sendWithRetry(request: RetryingRequest): Promise<Response> {
  let unauthorizedRetried = false;
  for (let attempt = 1; ; attempt++) {
    request.signal?.throwIfAborted();
    let res: Response;
    try {
      res = await request.send();
    } catch (error) {
      if (request.signal?.aborted || error instanceof AppError) throw error;
      if (attempt >= request.policy.maxAttempts) {
        throw new AppError(
          'UPSTREAM_FHIR',
          `${request.what}: the server cannot be reached (after ${attempt} attempts)`,
          {
            cause: error,
          },
        );
      }
      const waitMs = backoff(request.policy, attempt);
      request.onRetry?.({ what: request.what, status: null, attempt, waitMs });
      await request.sleep(waitMs, request.signal);
      continue;
    }
    if (res.status === 401 && request.onUnauthorized && !unauthorizedRetried) {
      unauthorizedRetried = true;
      await res.body?.cancel();
      request.onUnauthorized();
      continue;
    }
    if (res.status !== 429 && res.status < 500) return res;
    if (res.status >= 500 && (await hasFatalOutcome(res))) return res;
    if (attempt >= request.policy.maxAttempts) return res;
    const asked = parseRetryAfter(res.headers.get('retry-after'));
    const waitMs =
      asked !== undefined
        ? Math.min(request.policy.maxRetryAfterMs ?? DEFAULT_MAX_RETRY_AFTER_MS, asked)
        : backoff(request.policy, attempt);
    await res.body?.cancel();
    request.onRetry?.({ what: request.what, status: res.status, attempt, waitMs });
    await request.sleep(waitMs, request.signal);
  }
}

/** A 5xx whose OperationOutcome has an error issue that is not `transient`: a failure, not "try later". */
async function hasFatalOutcome(res: Response): Promise<boolean> {
  const outcome = await readOutcome(res.clone());
  return (
    outcome?.issue.some((i) => (i.severity === 'error' || i.severity === 'fatal') && i.code !== 'transient') ?? false
  );
}

/**
 * Whether an error answer to a status request means the export job failed or is gone (Bulk Data IG
 * §Status Request, error status), so that a new one must be started; 429, a transient 5xx and 401/403
 * (credentials, not the job) leave the job to be polled again.
 */
export async function isJobFailure(res: Response): Promise<boolean> {
  if (res.status === 429 || res.status === 401 || res.status === 403) return false;
  if (res.status >= 500) return hasFatalOutcome(res);
  return res.status >= 400;
}

function backoff(policy: RetryPolicy, attempt: number): number {
  return Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1));
}
