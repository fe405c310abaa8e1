import { createWriteStream, type WriteStream } from 'node:fs';
import { open, stat, truncate } from 'node:fs/promises';
import { Readable } from 'node:stream';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import { AppError } from '../errors/app-error.ts';
import { upstreamError, type RetryNotice, type RetryPolicy, type Sleep, sendWithRetry } from './bulk-http.ts';

/** Whether a file URL may receive the access token: only on the FHIR server's own origin. */
export function mayCarryToken(url: string, fhirBase: string): boolean {
  return new URL(url).origin === new URL(fhirBase).origin;
}

/**
 * The length of the part file up to its last complete line, after cutting off any partial line: a resumed
 * download starts there, so no resource is lost and none is written twice.
 */
export async function committedLength(path: string): Promise<number> {
  let size: number;
  try {
    size = (await stat(path)).size;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return 0;
    throw error;
  }
  if (size === 0) return 0;
  const handle = await open(path, 'r');
  let end = size;
  try {
    const chunk = Buffer.alloc(64 * 1024);
    while (end > 0) {
      const start = Math.max(0, end - chunk.length);
      const { bytesRead } = await handle.read(chunk, 0, end - start, start);
      const nl = chunk.subarray(0, bytesRead).lastIndexOf(10);
      if (nl !== -1) {
        end = start + nl + 1;
        break;
      }
      end = start;
    }
  } finally {
    await handle.close();
  }
  if (end !== size) await truncate(path, end);
  return end;
}

export interface DownloadOptions {
  readonly url: string;
  readonly partPath: string;
  /** The name shown in messages (relative path in the output folder). */
  readonly name: string;
  readonly fhirBase: string;
  readonly requiresAccessToken: boolean;
  readonly token: () => Promise<string>;
  readonly invalidateToken: () => void;
  readonly policy: RetryPolicy;
  readonly sleep: Sleep;
  readonly signal?: AbortSignal | undefined;
  readonly onRetry?: ((notice: RetryNotice) => void) | undefined;
  /** Bytes and complete lines received since the last call. */
  readonly onData?: ((bytes: number, lines: number) => void) | undefined;
  /** The transfer broke and resumes at `offset` bytes. */
  readonly onResume?: ((offset: number) => void) | undefined;
}

const MAX_REDIRECTS = 5;

async function request(options: DownloadOptions, offset: number): Promise<Response> {
  let url = options.url;
  for (let hop = 0; hop <= MAX_REDIRECTS; hop++) {
    const withToken = options.requiresAccessToken && mayCarryToken(url, options.fhirBase);
    // The manifest's own URL must be the FHIR server's when files need the token; a redirect from there to
    // another host (a pre-signed storage URL) is followed without it.
    if (options.requiresAccessToken && !withToken && hop === 0) {
      throw new AppError(
        'FORBIDDEN',
        `${options.name}: the file is on ${new URL(url).host}, not on the FHIR server (${new URL(options.fhirBase).host}); the access token is only sent to the FHIR server`,
      );
    }
    const target = url;
    const res = await sendWithRetry({
      what: `download of ${options.name}`,
      send: async () => {
        const headers: Record<string, string> = { accept: 'application/fhir+ndjson' };
        if (withToken) headers.authorization = `Bearer ${await options.token()}`;
        if (offset > 0) headers.range = `bytes=${offset}-`;
        return fetch(target, { headers, redirect: 'manual', signal: options.signal ?? null });
      },
      policy: options.policy,
      sleep: options.sleep,
      signal: options.signal,
      onRetry: options.onRetry,
      onUnauthorized: withToken ? options.invalidateToken : undefined,
    });
    if (res.status >= 300 && res.status < 400 && res.headers.has('location')) {
      await res.body?.cancel();
      url = new URL(res.headers.get('location') ?? '', url).toString();
      continue;
    }
    return res;
  }
  throw new AppError('UPSTREAM_FHIR', `${options.name}: more than ${MAX_REDIRECTS} redirects`);
}

/**
 * Waits until a write stream has room again or has failed. Both listeners go when either fires: one left
 * behind per full buffer piles up on a long file (MaxListenersExceededWarning, and a leak for its lifetime).
 */
function drained(out: WriteStream): Promise<void> {
  return new Promise<void>((resolve) => {
    const done = (): void => {
      out.off('drain', done);
      out.off('error', done);
      resolve();
    };
    out.once('drain', done);
    out.once('error', done);
  });
}

function isBrokenTransfer(error: unknown): boolean {
  if (error instanceof AppError) return false;
  const code = (error as { code?: unknown } | null)?.code;
  // Disk errors are not the network's: they stop the run (the state stays resumable).
  return !(typeof code === 'string' && ['ENOSPC', 'EDQUOT', 'EACCES', 'EROFS', 'EIO', 'EPERM'].includes(code));
}

/**
 * Streams one manifest file to `partPath` without holding it in memory (Bulk Data IG §File Request). A
 * part file left by an earlier run or a broken connection is resumed with a `Range` request from its last
 * complete line; a server that ignores `Range` (200) sends the whole file again, which replaces the part.
 */
export async function downloadFile(options: DownloadOptions): Promise<{ bytes: number }> {
  for (let attempt = 1; ; attempt++) {
    options.signal?.throwIfAborted();
    const offset = await committedLength(options.partPath);
    if (attempt > 1) options.onResume?.(offset);
    const res = await request(options, offset);
    if (res.status === 416) {
      // Nothing after `offset`, or the server lost track: start the file over.
      await res.body?.cancel();
      await truncate(options.partPath, 0);
      continue;
    }
    if (res.status === 404 || res.status === 410) {
      await res.body?.cancel();
      throw new AppError(
        'NOT_FOUND',
        `${options.name}: the server no longer has this file (${res.status}): the export job has expired`,
      );
    }
    if (res.status !== 200 && res.status !== 206) throw await upstreamError(res, `download of ${options.name}`);
    const contentType = res.headers.get('content-type') ?? '';
    if (/html/i.test(contentType)) {
      await res.body?.cancel();
      throw new AppError('UPSTREAM_FHIR', `${options.name}: the server answered an HTML page, not NDJSON`);
    }
    const append =
      res.status === 206 && offset > 0 && (res.headers.get('content-range') ?? '').startsWith(`bytes ${offset}-`);
    if (res.status === 206 && !append) {
      await res.body?.cancel();
      throw new AppError('UPSTREAM_FHIR', `${options.name}: the server answered a range that was not asked for`);
    }
    const body = res.body ? Readable.fromWeb(res.body as WebReadableStream<Uint8Array>) : Readable.from([]);
    // Every byte received is written before a broken transfer is handled (a pipeline would drop what the
    // file stream still buffered), so a resume starts from the last complete line actually received.
    const out = createWriteStream(options.partPath, { flags: append ? 'a' : 'w' });
    let writeError: unknown;
    out.on('error', (e) => (writeError ??= e));
    let transferError: unknown;
    // A stop must end the read even where the web stream's abort does not reach the Node stream.
    const onAbort = (): void => {
      const reason: unknown = options.signal?.reason;
      body.destroy(reason instanceof Error ? reason : new Error('aborted'));
    };
    options.signal?.addEventListener('abort', onAbort, { once: true });
    try {
      for await (const chunk of body as AsyncIterable<Buffer>) {
        let lines = 0;
        for (let i = chunk.indexOf(10); i !== -1; i = chunk.indexOf(10, i + 1)) lines++;
        options.onData?.(chunk.length, lines);
        if (!out.write(chunk)) await drained(out);
        if (writeError !== undefined) break;
      }
    } catch (error) {
      transferError = error;
    } finally {
      options.signal?.removeEventListener('abort', onAbort);
    }
    // An aborted body may simply end: never take what arrived before a stop for the whole file.
    if (transferError === undefined && options.signal?.aborted)
      transferError = options.signal.reason ?? new Error('aborted');
    body.destroy();
    if (!out.closed)
      await new Promise<void>((resolve) => {
        out.once('close', resolve);
        out.end();
      });
    const error = writeError ?? transferError;
    if (error === undefined) {
      const size = (await stat(options.partPath)).size;
      return { bytes: size };
    }
    if (options.signal?.aborted)
      throw error instanceof Error ? error : new AppError('PRECONDITION_FAILED', 'cancelled');
    if (writeError !== undefined || !isBrokenTransfer(error)) {
      const code = (error as { code?: string }).code ?? 'unknown';
      throw new AppError(
        'IO',
        code === 'ENOSPC' || code === 'EDQUOT'
          ? `disk full while writing ${options.name}; free some space and run the same command again to resume`
          : `cannot write ${options.name} (${code}); fix it and run the same command again to resume`,
        { cause: error },
      );
    }
    if (attempt >= options.policy.maxAttempts) {
      throw new AppError(
        'UPSTREAM_FHIR',
        `${options.name}: the connection broke ${attempt} times; run the same command again to resume`,
        { cause: error },
      );
    }
    const waitMs = Math.min(options.policy.maxDelayMs, options.policy.baseDelayMs * 2 ** (attempt - 1));
    options.onRetry?.({ what: `download of ${options.name}`, status: null, attempt, waitMs });
    await options.sleep(waitMs, options.signal);
  }
}
