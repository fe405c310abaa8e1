import { z } from 'zod';
import { maskPhi } from '../deid/text/mask-phi.ts';
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
  /**
   * The longest the client waits when the server asks with `Retry-After` (default 1 hour): a 429 is retried
   * after the wait asked, however often, until the waits for one request would pass this ceiling. The backoff
   * without `Retry-After` stops at `maxDelayMs`.
   */
  readonly maxRetryAfterMs?: number | undefined;
}

export const DEFAULT_RETRY: RetryPolicy = { maxAttempts: 6, baseDelayMs: 1000, maxDelayMs: 60_000 };

/** Default ceiling on a wait the server asks for (`RetryPolicy.maxRetryAfterMs`). */
export const DEFAULT_MAX_RETRY_AFTER_MS = 3_600_000;

/** A retry the client is about to make: why, and how long it waits. */
export interface RetryNotice {
  readonly what: string;
  readonly status: number | null;
  readonly attempt: number;
  readonly waitMs: number;
}

/** Delay-seconds never reach this (31 years): a number this large is a point in time since the epoch. */
const EPOCH_SECONDS = 1e9;
const EPOCH_MILLISECONDS = 1e12;

/**
 * `Retry-After` in milliseconds from now: delay-seconds or an HTTP-date (RFC 9110 §10.2.3), and, as some
 * servers and gateways send, a Unix time in seconds or milliseconds (a number of a billion or more cannot
 * be a delay). A time already past is a wait of 0.
 */
export function parseRetryAfter(header: string | null, nowMs: number = Date.now()): number | undefined {
  const value = header?.trim();
  if (value === undefined || value === '') return undefined;
  if (/^\d+(?:\.\d+)?$/.test(value)) {
    const n = Number(value);
    if (n >= EPOCH_MILLISECONDS) return Math.max(0, Math.round(n - nowMs));
    if (n >= EPOCH_SECONDS) return Math.max(0, Math.round(n * 1000 - nowMs));
    return Math.round(n * 1000);
  }
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, at - nowMs);
}

/** A wait in words for messages: "90 s", "25 min", "3.5 h". */
export function describeWait(ms: number): string {
  if (ms < 120_000) return `${Math.round(ms / 1000)} s`;
  if (ms < 7_200_000) return `${Math.round(ms / 60_000)} min`;
  return `${Math.round(ms / 360_000) / 10} h`;
}

/**
 * The error for a 429 the client stops retrying: "rate limited until <instant>" when the server said
 * until when (`Retry-After`), whatever the body is (an HTML page from a gateway included).
 */
export function rateLimitedError(what: string, askedMs: number | undefined, nowMs: number, why: string): AppError {
  const until =
    askedMs === undefined
      ? 'rate limited by the server (it gave no Retry-After)'
      : `rate limited until ${new Date(nowMs + askedMs).toISOString().replace(/\.\d{3}Z$/, 'Z')}`;
  return new AppError('RATE_LIMITED', `${what}: ${until}; ${why}`, { status: 503 });
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

/**
 * The server's own words, one line, with any PHI they carry masked: a server may name a patient in its
 * diagnostics ("no Patient Jane Doe, MRN 123"), and this message is printed and may be logged.
 */
function outcomeMessage(outcome: z.infer<typeof OperationOutcomeSchema>): string {
  const issue = outcome.issue.find((i) => i.severity === 'error' || i.severity === 'fatal') ?? outcome.issue[0];
  return oneLine(maskPhi(issue?.diagnostics ?? issue?.details?.text ?? issue?.code ?? 'no message'));
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
  /** What to check when the server cannot be reached at all (the flag that named its URL). */
  readonly unreachableHint?: string | undefined;
  /** Builds the request for each attempt (a renewed token goes into the next one). */
  readonly send: () => Promise<Response>;
  readonly policy: RetryPolicy;
  readonly sleep: Sleep;
  readonly signal?: AbortSignal | undefined;
  readonly onRetry?: ((notice: RetryNotice) => void) | undefined;
  /** Called once on a 401: drop the cached token; the request is sent again with a new one. */
  readonly onUnauthorized?: (() => void) | undefined;
  readonly now?: (() => number) | undefined;
}

/**
 * Sends a request, retrying 429 and 5xx answers and broken connections with exponential backoff that
 * honours `Retry-After` (Bulk Data IG §Status Request: a transient OperationOutcome means "try later").
 * A 429 with `Retry-After` is retried after the wait the server asked for, as often as it asks, while the
 * waits stay within `policy.maxRetryAfterMs`; past that, or after `maxAttempts` 429s without `Retry-After`,
 * it throws a `RATE_LIMITED` AppError saying until when. A 5xx whose OperationOutcome has a non-transient
 * issue code is the job's failure and is not retried. Returns the first other response, for the caller.
 */
export async function sendWithRetry(request: RetryingRequest): Promise<Response> {
  const now = request.now ?? Date.now;
  const ceiling = request.policy.maxRetryAfterMs ?? DEFAULT_MAX_RETRY_AFTER_MS;
  let unauthorizedRetried = false;
  let rateLimitedMs = 0;
  let failures = 0;
  for (let attempt = 1; ; attempt++) {
    request.signal?.throwIfAborted();
    let res: Response;
    try {
      res = await request.send();
    } catch (error) {
      if (request.signal?.aborted || error instanceof AppError) throw error;
      failures++;
      if (failures >= request.policy.maxAttempts) {
        throw new AppError(
          'UPSTREAM_FHIR',
          `${request.what}: the server cannot be reached (after ${failures} attempts)${request.unreachableHint ? `; ${request.unreachableHint}` : ''}`,
          {
            cause: error,
          },
        );
      }
      const waitMs = backoff(request.policy, failures);
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
    const asked = parseRetryAfter(res.headers.get('retry-after'), now());
    let waitMs: number;
    if (res.status === 429 && asked !== undefined) {
      // The server says when: wait that long, however many times it asks, up to the ceiling in all.
      if (rateLimitedMs + asked > ceiling) {
        await res.body?.cancel();
        throw rateLimitedError(
          request.what,
          asked,
          now(),
          `that is past the longest wait allowed (${describeWait(ceiling)}, --max-wait)`,
        );
      }
      rateLimitedMs += asked;
      waitMs = asked;
    } else {
      failures++;
      if (failures >= request.policy.maxAttempts) {
        if (res.status !== 429) return res;
        await res.body?.cancel();
        throw rateLimitedError(request.what, undefined, now(), `gave up after ${failures} attempts`);
      }
      waitMs = asked !== undefined ? Math.min(ceiling, asked) : backoff(request.policy, failures);
    }
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
