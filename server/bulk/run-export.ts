import { mkdir, readdir, rename, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { AppError } from '../errors/app-error.ts';
import { BackendAuth } from './backend-auth.ts';
import type { SigningKey } from './backend-keys.ts';
import {
  DEFAULT_MAX_RETRY_AFTER_MS,
  DEFAULT_RETRY,
  isJobFailure,
  parseRetryAfter,
  readJson,
  realSleep,
  sendWithRetry,
  upstreamError,
  type RetryNotice,
  type RetryPolicy,
  type Sleep,
} from './bulk-http.ts';
import { ManifestSchema, type Manifest, type ManifestFile } from './bulk-schemas.ts';
import { downloadFile, mayCarryToken } from './download-file.ts';
import { assertOpenAccess } from './open-access.ts';
import type { ExportEvent, ExportSummary } from './export-events.ts';
import { kickoffUrl, type ExportRequest } from './export-request.ts';
import {
  readExportState,
  removeExportState,
  writeExportState,
  type ExportState,
  type FileState,
} from './export-state.ts';
import { verifyNdjsonFile } from './verify-ndjson.ts';

export interface ExportOptions {
  readonly request: ExportRequest;
  /** The SMART Backend Services client; absent with `open`. */
  readonly clientId?: string | undefined;
  readonly signingKey?: SigningKey | undefined;
  /**
   * Export without authorization, from a server inside the network that needs none (a research extract).
   * Refused when the server's SMART configuration declares a token endpoint (`assertOpenAccess`).
   */
  readonly open?: boolean | undefined;
  readonly outDir: string;
  /** Token endpoint; discovered from the server's `.well-known/smart-configuration` when absent. */
  readonly tokenUrl?: string | undefined;
  readonly scope?: string | undefined;
  /** Parallel file downloads (default 4). */
  readonly concurrency?: number | undefined;
  readonly retry?: RetryPolicy | undefined;
  /** Longest wait between two status polls when the server gives no `Retry-After` (default 60 s). */
  readonly maxPollWaitMs?: number | undefined;
  /**
   * The longest wait a server may ask for with `Retry-After` (default 1 hour): a status poll waits at most
   * this long, and a 429 is retried as the server asks until its waits pass this; then the export stops with
   * "rate limited until …", after cancelling (DELETE) a job it cannot go on polling.
   */
  readonly maxRetryAfterMs?: number | undefined;
  readonly sleep?: Sleep | undefined;
  readonly now?: (() => number) | undefined;
  /**
   * Stops the export. Aborted with an `ExportPause` reason, the job and the state are kept and the same
   * command resumes it (a service stop, `kill`); with any other reason the export is cancelled: the job is
   * deleted on the server and the export's files are removed.
   */
  readonly signal?: AbortSignal | undefined;
  readonly onEvent?: ((event: ExportEvent) => void) | undefined;
}

/** The abort reason that stops an export resumably (SIGTERM, SIGHUP), as opposed to cancelling it. */
export class ExportPause extends Error {
  constructor() {
    super('export paused');
    this.name = 'ExportPause';
  }
}

/** The local manifest written beside the files: the server's, with local file names and verified counts. */
export const LOCAL_MANIFEST = 'manifest.json';

/** What an export writes into its folder (besides the state file). */
const EXPORT_FILE = /\.ndjson(?:\.part)?$|^manifest\.json$|^(?:error|deleted)$/;

function fileName(kind: FileState['kind'], type: string, index: number): string {
  const base = `${type}.${String(index).padStart(3, '0')}.ndjson`;
  return kind === 'output' ? base : `${kind}/${base}`;
}

function plan(manifest: Manifest, statusUrl: string): FileState[] {
  const files: FileState[] = [];
  const add = (kind: FileState['kind'], list: readonly ManifestFile[]): void => {
    const perType = new Map<string, number>();
    for (const f of list) {
      const index = perType.get(f.type) ?? 0;
      perType.set(f.type, index + 1);
      files.push({
        kind,
        type: f.type,
        url: new URL(f.url, statusUrl).toString(),
        name: fileName(kind, f.type, index),
        ...(f.count !== undefined ? { count: f.count } : {}),
        done: false,
      });
    }
  };
  add('output', manifest.output);
  add('error', manifest.error);
  add('deleted', manifest.deleted ?? []);
  return files;
}

/**
 * A FHIR Bulk Data export (Bulk Data Access IG 2.0) into `outDir`: SMART Backend Services authorization,
 * kick-off (§Bulk Data Kick-off Request), status polling that honours `Retry-After` and reports
 * `X-Progress` (§Bulk Data Status Request), parallel streaming downloads of the manifest's output, error
 * and deleted files (§File Request) with integrity checks, and `DELETE` of the job when done or cancelled
 * (§Bulk Data Delete Request). Everything needed to resume after a crash is kept in `.export-state.json`:
 * run the same export into the same folder again and it goes on where it stopped.
 */
export async function runExport(options: ExportOptions): Promise<ExportSummary> {
  const emit = options.onEvent ?? ((): void => undefined);
  const maxRetryAfter = options.maxRetryAfterMs ?? options.retry?.maxRetryAfterMs ?? DEFAULT_MAX_RETRY_AFTER_MS;
  const policy: RetryPolicy = { ...(options.retry ?? DEFAULT_RETRY), maxRetryAfterMs: maxRetryAfter };
  const sleep = options.sleep ?? realSleep;
  const signal = options.signal;
  const onRetry = (n: RetryNotice): void => emit({ event: 'retry', ...n });
  const fhirBase = options.request.fhirBase.replace(/\/+$/, '');
  const open = options.open === true;
  if (open && (options.clientId !== undefined || options.signingKey !== undefined))
    throw new AppError('INVALID_INPUT', 'an open export takes no client id or key');
  if (!open && (options.clientId === undefined || options.signingKey === undefined))
    throw new AppError('INVALID_INPUT', 'an export needs a client id and a signing key, or open mode');
  const clientId = options.clientId ?? '';
  const auth = open
    ? undefined
    : new BackendAuth({
        fhirBase,
        clientId,
        signingKey: options.signingKey as SigningKey,
        tokenUrl: options.tokenUrl,
        scope: options.scope ?? 'system/*.read',
        policy,
        sleep,
        now: options.now,
        onRetry,
        signal,
      });
  const headers = async (accept: string): Promise<Record<string, string>> =>
    auth === undefined ? { accept } : { accept, authorization: `Bearer ${await auth.token()}` };
  const onUnauthorized = auth === undefined ? undefined : (): void => auth.invalidate();

  const deleteJob = async (statusUrl: string): Promise<void> => {
    const res = await sendWithRetry({
      what: 'job delete',
      send: async () => fetch(statusUrl, { method: 'DELETE', headers: await headers('application/fhir+json') }),
      // A cancellation is not worth a long wait: a server that rate-limits it gets it again on the next run.
      policy: {
        ...policy,
        maxAttempts: Math.min(policy.maxAttempts, 3),
        maxRetryAfterMs: Math.min(maxRetryAfter, 60_000),
      },
      sleep,
      onRetry,
      onUnauthorized,
    });
    await res.body?.cancel();
    if (!res.ok && res.status !== 404 && res.status !== 410) throw await upstreamError(res, 'job delete');
    emit({ event: 'job-deleted' });
  };

  /**
   * Cancels a job the client stops polling and drops it from the state, so that the next run starts a new
   * export and none is left behind on the server. False when the DELETE fails: the job is then kept, unless
   * it failed on the server anyway (`failed`).
   */
  const giveUpJob = async (statusUrl: string, failed = false): Promise<boolean> => {
    const cancelled = await deleteJob(statusUrl).then(
      () => true,
      () => false,
    );
    if (cancelled || failed) delete current.statusUrl;
    await save();
    return cancelled;
  };

  await mkdir(options.outDir, { recursive: true });
  const url = kickoffUrl(options.request);
  let state = await readExportState(options.outDir);
  if (state?.expired && state.kickoffUrl === url && state.clientId === clientId) {
    emit({ event: 'restart', reason: 'the export job expired on the server' });
    await removeExportFiles(options.outDir, state);
    state = undefined;
  }
  if (state !== undefined && (state.kickoffUrl !== url || state.clientId !== clientId)) {
    throw new AppError(
      'PRECONDITION_FAILED',
      `${options.outDir} holds another export (a different request or client); choose another --out or empty it`,
    );
  }
  if (state === undefined) {
    // Files without a state are another export's (or a cancelled one's): never mixed with this job's.
    const leftover = (await readdir(options.outDir)).find((n) => EXPORT_FILE.test(n));
    if (leftover !== undefined)
      throw new AppError(
        'PRECONDITION_FAILED',
        `${options.outDir} holds files of another export (${leftover}) and no export state; choose another --out or empty it`,
      );
  }
  if (state?.complete) {
    if (!state.jobDeleted && state.statusUrl !== undefined) {
      await deleteJob(state.statusUrl).catch(() => undefined);
      state.jobDeleted = true;
      await writeExportState(options.outDir, state);
    }
    return summarize(options.outDir, state, true);
  }
  state ??= {
    version: 1,
    request: options.request,
    clientId,
    kickoffUrl: url,
    files: [],
    complete: false,
    jobDeleted: false,
    expired: false,
  };
  let saving = Promise.resolve();
  const current = state;
  const save = (): Promise<void> => {
    saving = saving.then(() => writeExportState(options.outDir, current));
    return saving;
  };

  try {
    if (state.statusUrl === undefined) {
      if (open) await assertOpenAccess({ fhirBase, policy, sleep, signal, onRetry });
      emit({ event: 'kickoff', resumed: false });
      const res = await sendWithRetry({
        what: 'kick-off',
        unreachableHint: 'check --fhir-base and that the server is up',
        send: async () =>
          fetch(url, {
            headers: { ...(await headers('application/fhir+json')), prefer: 'respond-async' },
            signal: signal ?? null,
          }),
        policy,
        sleep,
        signal,
        onRetry,
        onUnauthorized,
      });
      if (res.status !== 202) {
        if (open && (res.status === 401 || res.status === 403)) {
          await res.body?.cancel();
          throw new AppError(
            'UNAUTHENTICATED',
            `kick-off: the server answered ${res.status}: it requires authorization; run with --client-id and --key (SMART Backend Services) instead of --open`,
            { status: 502 },
          );
        }
        if (res.ok && !/html/i.test(res.headers.get('content-type') ?? '')) {
          await res.body?.cancel();
          throw new AppError(
            'UPSTREAM_FHIR',
            `kick-off: the server answered ${res.status}, not 202 Accepted; is this a Bulk Data server?`,
          );
        }
        throw await upstreamError(res, 'kick-off');
      }
      await res.body?.cancel();
      const location = res.headers.get('content-location');
      if (location === null) throw new AppError('UPSTREAM_FHIR', 'kick-off: 202 without a Content-Location header');
      state.statusUrl = new URL(location, url).toString();
      await save();
    } else {
      emit({
        event: 'resume',
        phase: state.manifest ? 'downloading' : 'polling',
        filesDone: state.files.filter((f) => f.done).length,
        filesTotal: state.files.length,
      });
    }
    const statusUrl = state.statusUrl;

    if (state.manifest === undefined) {
      let pollWait = 1000;
      const maxPollWait = options.maxPollWaitMs ?? 60_000;
      for (;;) {
        let res: Response;
        try {
          res = await sendWithRetry({
            what: 'status request',
            send: async () => fetch(statusUrl, { headers: await headers('application/json'), signal: signal ?? null }),
            policy,
            sleep,
            signal,
            onRetry,
            onUnauthorized,
          });
        } catch (error) {
          if (!(error instanceof AppError) || error.code !== 'RATE_LIMITED') throw error;
          // Giving up on the job: it is cancelled first, never left running on the server (a new run would
          // start another beside it).
          if (await giveUpJob(statusUrl))
            throw new AppError(
              'RATE_LIMITED',
              `${error.message}; the export job was cancelled on the server: run the command again after then to start a new export`,
              { status: error.status, cause: error },
            );
          throw new AppError(
            'RATE_LIMITED',
            `${error.message}; the job could not be cancelled on the server and is kept: run the same command again after then to resume it`,
            { status: error.status, cause: error },
          );
        }
        if (res.status === 202) {
          await res.body?.cancel();
          // The server's Retry-After is honoured (within a sanity bound); without one, the wait doubles.
          const asked = parseRetryAfter(res.headers.get('retry-after'));
          const waitMs = asked !== undefined ? Math.min(maxRetryAfter, asked) : pollWait;
          pollWait = Math.min(maxPollWait, pollWait * 2);
          emit({ event: 'status', progress: res.headers.get('x-progress'), waitMs });
          await sleep(waitMs, signal);
          continue;
        }
        if (res.status === 200) {
          state.manifest = await readJson(res, ManifestSchema, 'manifest');
          break;
        }
        if (!(await isJobFailure(res))) {
          // A transient 5xx after every retry (an outage): the job may well be running; keep it.
          const error = await upstreamError(res, 'status request');
          await save();
          throw new AppError(
            error.code,
            `${error.message} after ${policy.maxAttempts} attempts; the job is kept: run the same command again to resume it`,
            { status: error.status },
          );
        }
        const error = await upstreamError(res, 'export job');
        // The job failed or is gone (Bulk Data IG §Status Request, error status): the next run starts a new one.
        await giveUpJob(statusUrl, true);
        throw new AppError(error.code, `${error.message}; run the command again to start a new export`, {
          status: error.status,
        });
      }
      state.files = plan(state.manifest, statusUrl);
      if (open && state.manifest.requiresAccessToken) {
        await giveUpJob(statusUrl, true);
        throw new AppError(
          'UNAUTHENTICATED',
          'manifest: the server says its files need an access token (requiresAccessToken), which an --open export does not have; run with --client-id and --key instead',
          { status: 502 },
        );
      }
      if (state.manifest.requiresAccessToken) {
        const foreign = state.files.find((f) => !mayCarryToken(f.url, fhirBase));
        if (foreign !== undefined) {
          await save();
          throw new AppError(
            'FORBIDDEN',
            `manifest: ${foreign.name} is on ${new URL(foreign.url).host}, not on the FHIR server (${new URL(fhirBase).host}); the access token is only sent to the FHIR server`,
          );
        }
      }
      await save();
    }
    const manifest = state.manifest;
    const expected = manifest.output.every((f) => f.count !== undefined)
      ? manifest.output.reduce((n, f) => n + (f.count ?? 0), 0)
      : null;
    emit({
      event: 'manifest',
      files: state.files.length,
      expectedResources: expected,
      transactionTime: manifest.transactionTime,
    });

    const pending = state.files.filter((f) => !f.done);
    const workers = Math.max(1, Math.min(options.concurrency ?? 4, pending.length));
    let next = 0;
    let failure: unknown;
    const worker = async (): Promise<void> => {
      while (failure === undefined && next < pending.length) {
        const file = pending[next++] as FileState;
        try {
          await fetchOne(file);
        } catch (error) {
          failure ??= error;
        }
      }
    };
    const fetchOne = async (file: FileState): Promise<void> => {
      const path = join(options.outDir, file.name);
      const partPath = `${path}.part`;
      await mkdir(dirname(path), { recursive: true });
      emit({ event: 'file-start', name: file.name });
      const { bytes } = await downloadFile({
        url: file.url,
        partPath,
        name: file.name,
        fhirBase,
        requiresAccessToken: manifest.requiresAccessToken,
        token: () => (auth === undefined ? Promise.resolve('') : auth.token()),
        invalidateToken: () => auth?.invalidate(),
        policy,
        sleep,
        signal,
        onRetry,
        onData: (b, l) => emit({ event: 'data', name: file.name, bytes: b, lines: l }),
        onResume: (offset) => emit({ event: 'file-resume', name: file.name, offset }),
      });
      let resources: number;
      try {
        ({ resources } = await verifyNdjsonFile({
          path: partPath,
          name: file.name,
          type: file.type,
          count: file.count,
        }));
      } catch (error) {
        // A corrupt file is downloaded again from the start on the next run.
        await rm(partPath, { force: true });
        throw error;
      }
      await rename(partPath, path);
      file.done = true;
      file.resources = resources;
      file.bytes = bytes;
      await save();
      emit({ event: 'file-done', name: file.name, type: file.type, resources, bytes });
    };
    await Promise.all(Array.from({ length: workers }, worker));
    if (failure !== undefined) throw failure instanceof Error ? failure : new AppError('INTERNAL', 'a download failed');

    await writeLocalManifest(options.outDir, state);
    state.complete = true;
    await save();
    // The files are safe on disk: a failed DELETE is retried by the next run, it does not fail this one.
    await deleteJob(statusUrl).then(
      () => {
        current.jobDeleted = true;
      },
      () => undefined,
    );
    await save();
    const summary = summarize(options.outDir, state, false);
    emit({ event: 'done', summary });
    return summary;
  } catch (error) {
    await saving.catch(() => undefined);
    if (signal?.aborted && signal.reason instanceof ExportPause) {
      if (state.statusUrl !== undefined) await save().catch(() => undefined);
      throw new AppError('PRECONDITION_FAILED', 'export stopped; run the same command again to resume it', {
        cause: error,
      });
    }
    if (signal?.aborted && state.statusUrl !== undefined && !state.complete) {
      // Cancelled by the user: the job is deleted on the server and its files here, nothing is left to resume.
      await deleteJob(state.statusUrl).catch(() => undefined);
      await removeExportFiles(options.outDir, state);
      throw new AppError('PRECONDITION_FAILED', 'export cancelled; the job was deleted on the server', {
        cause: error,
      });
    }
    if (
      error instanceof AppError &&
      error.code === 'RATE_LIMITED' &&
      !/\brun the (?:same )?command\b/.test(error.message)
    ) {
      // Rate limited at kick-off, token or download: nothing is lost, the state resumes where it stopped.
      if (state.statusUrl !== undefined) await save().catch(() => undefined);
      throw new AppError('RATE_LIMITED', `${error.message}; run the same command again after then`, {
        status: error.status,
        cause: error,
      });
    }
    if (error instanceof AppError && error.code === 'NOT_FOUND' && state.manifest !== undefined) {
      // The server no longer has the job's files (it expired): the next run starts a new export.
      state.expired = true;
      await save().catch(() => undefined);
      throw new AppError(
        'PRECONDITION_FAILED',
        `${error.message}; run the same command again to start a new export (the expired job's files here are replaced)`,
        { cause: error },
      );
    }
    throw error;
  }
}

/** Removes what an export wrote into its folder: its files, their partial downloads, the manifest and the state. */
async function removeExportFiles(outDir: string, state: ExportState): Promise<void> {
  for (const f of state.files) {
    await rm(join(outDir, f.name), { force: true });
    await rm(join(outDir, `${f.name}.part`), { force: true });
  }
  await rm(join(outDir, LOCAL_MANIFEST), { force: true });
  for (const sub of ['error', 'deleted']) await rm(join(outDir, sub), { recursive: true, force: true });
  await removeExportState(outDir);
}

async function writeLocalManifest(outDir: string, state: ExportState): Promise<void> {
  const m = state.manifest;
  if (m === undefined) return;
  const list = (kind: FileState['kind']): { type: string; url: string; count: number }[] =>
    state.files.filter((f) => f.kind === kind).map((f) => ({ type: f.type, url: f.name, count: f.resources ?? 0 }));
  const local = {
    transactionTime: m.transactionTime,
    request: m.request,
    requiresAccessToken: false,
    output: list('output'),
    error: list('error'),
    ...(m.deleted !== undefined ? { deleted: list('deleted') } : {}),
  };
  await writeFile(join(outDir, LOCAL_MANIFEST), JSON.stringify(local, null, 2) + '\n');
}

function summarize(outDir: string, state: ExportState, alreadyComplete: boolean): ExportSummary {
  const byType: Record<string, number> = {};
  let resources = 0;
  let bytes = 0;
  for (const f of state.files) {
    bytes += f.bytes ?? 0;
    if (f.kind !== 'output') continue;
    byType[f.type] = (byType[f.type] ?? 0) + (f.resources ?? 0);
    resources += f.resources ?? 0;
  }
  return {
    outDir,
    transactionTime: state.manifest?.transactionTime ?? '',
    files: state.files.length,
    resources,
    bytes,
    resourcesByType: byType,
    errorFiles: state.files.filter((f) => f.kind === 'error').length,
    deletedFiles: state.files.filter((f) => f.kind === 'deleted').length,
    alreadyComplete,
  };
}
