import assert from 'node:assert/strict';
import { existsSync, readFileSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { gunzipSync } from 'node:zlib';
import { AppError } from '../../server/errors/app-error.ts';
import type { ExportEvent } from '../../server/bulk/export-events.ts';
import { ExportRequestSchema, type ExportRequest } from '../../server/bulk/export-request.ts';
import { ExportPause, runExport, type ExportOptions } from '../../server/bulk/run-export.ts';
import { readExportState } from '../../server/bulk/export-state.ts';
import { BULK_DIR, exportOptions, startSimulator, tempDir, testKey } from './bulk-setup.ts';
import type { SigningKey } from '../../server/bulk/backend-keys.ts';

const SMALL_TYPES = ['Patient', 'Condition', 'AllergyIntolerance', 'Device', 'ImagingStudy', 'CarePlan'];

function request(fhirBase: string, extra: Partial<ExportRequest> = {}): ExportRequest {
  return ExportRequestSchema.parse({ fhirBase, level: 'system', types: SMALL_TYPES, ...extra });
}

function sourceLines(type: string): string {
  return gunzipSync(readFileSync(join(BULK_DIR, `${type}.ndjson.gz`))).toString('utf8');
}

const options = (base: string, key: SigningKey, outDir: string, extra: Partial<ExportOptions> = {}) =>
  exportOptions(base, key, outDir, SMALL_TYPES, extra);

async function rejectsWith(promise: Promise<unknown>, code: string, message: RegExp): Promise<AppError> {
  try {
    await promise;
  } catch (error) {
    assert.ok(error instanceof AppError, `expected AppError, got ${String(error)}`);
    assert.equal(error.code, code);
    assert.match(error.message, message);
    return error;
  }
  assert.fail('expected a rejection');
}

test('a system export downloads every file byte for byte, with counts checked, and deletes the job', async (t) => {
  const { dir, key } = await testKey(t);
  const server = await startSimulator(t, dir, { filesPerType: 2 });
  const out = tempDir(t);
  const o = options(server.baseUrl, key, out);
  const summary = await runExport(o);
  for (const type of SMALL_TYPES) {
    const got = readdirSync(out)
      .filter((f) => f.startsWith(`${type}.`) && f.endsWith('.ndjson'))
      .sort()
      .map((f) => readFileSync(join(out, f), 'utf8'))
      .join('');
    assert.equal(got, sourceLines(type), type);
  }
  const manifest = JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8'));
  assert.equal(manifest.output.find((f: { url: string }) => f.url === 'Patient.000.ndjson').count, 40);
  assert.equal(summary.resourcesByType.Patient, 80);
  assert.equal(summary.resourcesByType.Condition, 509);
  assert.equal(server.jobs.size, 0, 'the job was deleted');
  assert.ok(server.requests.some((r) => r.method === 'DELETE' && r.status === 202));
  assert.ok(
    server.requests.filter((r) => r.path.includes('/files/')).every((r) => r.authorized),
    'files need the token',
  );
  assert.equal(server.tokensIssued(), 1, 'one token, cached');
  assert.deepEqual(o.waits.slice(0, 2), [1000, 1000], 'Retry-After honoured');
  const progress = o.events.filter((e) => e.event === 'status').map((e) => (e.event === 'status' ? e.progress : ''));
  assert.deepEqual(progress, ['in progress: 33%', 'in progress: 67%']);
  assert.equal((await readExportState(out))?.complete, true);
  // Running it again finds the export complete and does nothing.
  const again = await runExport(options(server.baseUrl, key, out));
  assert.equal(again.alreadyComplete, true);
});

test('the kick-off sends Prefer: respond-async and _type, _since, _typeFilter, _outputFormat', async (t) => {
  const { dir, key } = await testKey(t, 'RS384');
  const server = await startSimulator(t, dir, { groups: ['g1'] });
  const out = tempDir(t);
  await runExport(
    options(server.baseUrl, key, out, {
      request: request(server.baseUrl, {
        level: 'group',
        groupId: 'g1',
        types: ['Patient', 'Condition'],
        since: '2019-01-01T00:00:00Z',
        typeFilters: ['Condition?clinical-status=active'],
      }),
    }),
  );
  const kickoff = server.requests.find((r) => r.path.endsWith('$export'));
  assert.equal(kickoff?.path, '/fhir/Group/g1/$export');
  const manifest = JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8'));
  const url = new URL(manifest.request);
  assert.equal(url.searchParams.get('_type'), 'Patient,Condition');
  assert.equal(url.searchParams.get('_since'), '2019-01-01T00:00:00Z');
  assert.deepEqual(url.searchParams.getAll('_typeFilter'), ['Condition?clinical-status=active']);
  assert.equal(url.searchParams.get('_outputFormat'), 'application/fhir+ndjson');
  assert.deepEqual(manifest.deleted, [{ type: 'Bundle', url: 'deleted/Bundle.000.ndjson', count: 1 }]);
  assert.ok(existsSync(join(out, 'deleted/Bundle.000.ndjson')));
});

test('a Patient-level export leaves out resources outside the patient compartment', async (t) => {
  const { dir, key } = await testKey(t);
  const server = await startSimulator(t, dir);
  const out = tempDir(t);
  const summary = await runExport(
    options(server.baseUrl, key, out, {
      request: request(server.baseUrl, { level: 'patient', types: ['Patient', 'Organization'] }),
    }),
  );
  assert.deepEqual(Object.keys(summary.resourcesByType), ['Patient']);
  assert.ok(server.requests.some((r) => r.path === '/fhir/Patient/$export'));
});

test('429 and transient 500 answers are retried after Retry-After or a backoff', async (t) => {
  const { dir, key } = await testKey(t);
  const server = await startSimulator(t, dir, {
    faults: { kickoff429Once: true, status429Once: true, status500Once: true },
    retryAfterS: 7,
  });
  const out = tempDir(t);
  const o = options(server.baseUrl, key, out);
  const summary = await runExport(o);
  assert.equal(summary.resourcesByType.Patient, 80);
  const retries = o.events.filter((e) => e.event === 'retry');
  assert.deepEqual(
    retries.map((e) => (e.event === 'retry' ? [e.what, e.status, e.waitMs] : [])),
    [
      ['kick-off', 429, 7000],
      ['status request', 429, 7000],
      // A 429 with Retry-After is the server's schedule, not a failure: the 500 is the first, backed off 1 s.
      ['status request', 500, 1000],
    ],
  );
});

test('an error OperationOutcome on the status stops the export with its message', async (t) => {
  const { dir, key } = await testKey(t);
  const server = await startSimulator(t, dir, { faults: { jobError: 'export failed: database unavailable' } });
  const out = tempDir(t);
  await rejectsWith(
    runExport(options(server.baseUrl, key, out)),
    'UPSTREAM_FHIR',
    /export job: the server answered 500: export failed: database unavailable/,
  );
  // The job failed: the next run kicks off a new one.
  server.faults.jobError = undefined;
  await runExport(options(server.baseUrl, key, out));
  assert.equal(server.requests.filter((r) => r.path.endsWith('$export')).length, 2);
});

test('a connection cut mid-file resumes with a Range request from the last complete line', async (t) => {
  const { dir, key } = await testKey(t);
  const server = await startSimulator(t, dir, { faults: { cutFileOnce: 'CarePlan' } });
  const out = tempDir(t);
  const o = options(server.baseUrl, key, out);
  await runExport(o);
  assert.equal(readFileSync(join(out, 'CarePlan.000.ndjson'), 'utf8'), sourceLines('CarePlan'));
  const ranged = server.requests.filter((r) => r.path.endsWith('CarePlan-0.ndjson'));
  assert.equal(ranged.length, 2);
  assert.match(ranged[1]?.range ?? '', /^bytes=\d+-$/);
  assert.equal(ranged[1]?.status, 206);
  assert.ok(o.events.some((e) => e.event === 'file-resume' && e.name === 'CarePlan.000.ndjson' && e.offset > 0));
});

test('a server that ignores Range sends the whole file again, and nothing is duplicated', async (t) => {
  const { dir, key } = await testKey(t);
  const server = await startSimulator(t, dir, { faults: { cutFileOnce: 'CarePlan', ignoreRange: true } });
  const out = tempDir(t);
  await runExport(options(server.baseUrl, key, out));
  assert.equal(readFileSync(join(out, 'CarePlan.000.ndjson'), 'utf8'), sourceLines('CarePlan'));
});

test('an HTML answer is a clear error and the export resumes once the server is fixed', async (t) => {
  const { dir, key } = await testKey(t);
  const server = await startSimulator(t, dir, { faults: { htmlAt: 'kickoff' } });
  const out = tempDir(t);
  await rejectsWith(
    runExport(options(server.baseUrl, key, out)),
    'UPSTREAM_FHIR',
    /^kick-off: the server answered an HTML page/,
  );
  server.faults.htmlAt = 'status';
  await rejectsWith(
    runExport(options(server.baseUrl, key, out)),
    'UPSTREAM_FHIR',
    /^manifest: the server answered an HTML page/,
  );
  server.faults.htmlAt = undefined;
  const summary = await runExport(options(server.baseUrl, key, out));
  assert.equal(summary.resourcesByType.Patient, 80);
  assert.equal(
    server.requests.filter((r) => r.path.endsWith('$export') && r.status === 202).length,
    1,
    'the job was resumed, not restarted',
  );
});

test('a manifest pointing at another host never gets the token', async (t) => {
  const { dir, key } = await testKey(t);
  const server = await startSimulator(t, dir);
  server.faults.foreignHost = `localhost:${server.port}`;
  const out = tempDir(t);
  await rejectsWith(
    runExport(options(server.baseUrl, key, out)),
    'FORBIDDEN',
    new RegExp(`is on localhost:${server.port}, not on the FHIR server \\(127\\.0\\.0\\.1:${server.port}\\)`),
  );
  assert.equal(server.requests.filter((r) => r.host.startsWith('localhost')).length, 0);
  assert.ok((await readExportState(out))?.manifest, 'the state keeps the manifest');
});

test('a truncated NDJSON file fails the integrity check and is downloaded again on the next run', async (t) => {
  const { dir, key } = await testKey(t);
  const server = await startSimulator(t, dir, { faults: { truncateFile: 'Condition' } });
  const out = tempDir(t);
  await rejectsWith(
    runExport(options(server.baseUrl, key, out)),
    'CORRUPT_DATA',
    /^Condition\.000\.ndjson line 509: not valid JSON/,
  );
  assert.equal(existsSync(join(out, 'Condition.000.ndjson')), false);
  server.faults.truncateFile = undefined;
  const summary = await runExport(options(server.baseUrl, key, out));
  assert.equal(summary.resourcesByType.Condition, 509);
  assert.equal(readFileSync(join(out, 'Condition.000.ndjson'), 'utf8'), sourceLines('Condition'));
});

/** Runs an export until the simulator stalls mid-file, then stops it with `reason` (pause or cancel). */
async function stopMidFile(
  server: Awaited<ReturnType<typeof startSimulator>>,
  key: SigningKey,
  out: string,
  reason: Error,
): Promise<AppError> {
  server.faults.stallFile = 'CarePlan';
  const controller = new AbortController();
  // Stopped once the client has bytes of the stalled file (the server's 'stalled' may come before they arrive).
  const onEvent = (e: ExportEvent): void => {
    if (e.event === 'data' && e.name.startsWith('CarePlan.')) controller.abort(reason);
  };
  const error = await rejectsWith(
    runExport(options(server.baseUrl, key, out, { signal: controller.signal, onEvent })),
    'PRECONDITION_FAILED',
    /^export (stopped|cancelled)/,
  );
  server.faults.stallFile = undefined;
  return error;
}

test('a paused export keeps its job and state, and resumes to the same files as an uninterrupted run', async (t) => {
  const { dir, key } = await testKey(t);
  const server = await startSimulator(t, dir);
  const out = tempDir(t);
  const error = await stopMidFile(server, key, out, new ExportPause());
  assert.match(error.message, /export stopped; run the same command again to resume it/);
  assert.equal(server.jobs.size, 1, 'the job is not deleted');
  assert.ok(existsSync(join(out, 'CarePlan.000.ndjson.part')));
  const resumed = await runExport(options(server.baseUrl, key, out));
  assert.equal(server.requests.filter((r) => r.path.endsWith('$export')).length, 1, 'the same job');
  assert.equal(readFileSync(join(out, 'CarePlan.000.ndjson'), 'utf8'), sourceLines('CarePlan'));
  const straight = tempDir(t);
  const reference = await runExport(options(server.baseUrl, key, straight));
  assert.deepEqual(resumed.resourcesByType, reference.resourcesByType);
  for (const name of readdirSync(straight).filter((n) => n.endsWith('.ndjson')))
    assert.equal(readFileSync(join(out, name), 'utf8'), readFileSync(join(straight, name), 'utf8'), name);
});

// /dev/full (Linux) answers every write with ENOSPC: a real disk-full error without filling a disk.
test('a full disk is a clear error and the export resumes when there is space again', async (t) => {
  const { dir, key } = await testKey(t);
  const server = await startSimulator(t, dir);
  const out = tempDir(t);
  await stopMidFile(server, key, out, new ExportPause());
  const part = join(out, 'CarePlan.000.ndjson.part');
  rmSync(part);
  symlinkSync('/dev/full', part);
  await rejectsWith(
    runExport(options(server.baseUrl, key, out, { concurrency: 1 })),
    'IO',
    /^disk full while writing CarePlan\.000\.ndjson; .* resume/,
  );
  const state = await readExportState(out);
  assert.ok(state?.manifest && !state.complete);
  rmSync(part);
  await runExport(options(server.baseUrl, key, out));
  assert.equal(readFileSync(join(out, 'CarePlan.000.ndjson'), 'utf8'), sourceLines('CarePlan'));
});

test('a cancelled export deletes the job on the server, its files and its state', async (t) => {
  const { dir, key } = await testKey(t);
  const server = await startSimulator(t, dir);
  const out = tempDir(t);
  const error = await stopMidFile(server, key, out, new Error('cancelled'));
  assert.match(error.message, /export cancelled; the job was deleted/);
  assert.equal(server.jobs.size, 0);
  assert.deepEqual(readdirSync(out), [], 'no file of the cancelled export is left');
  // The folder can take a new export at once.
  const summary = await runExport(options(server.baseUrl, key, out));
  assert.equal(summary.resourcesByType.CarePlan, 228);
});

test('files of another export without a state are never mixed into a new one', async (t) => {
  const { dir, key } = await testKey(t);
  const server = await startSimulator(t, dir);
  const out = tempDir(t);
  writeFileSync(join(out, 'CarePlan.000.ndjson.part'), '{"resourceType":"CarePlan","id":"stale"}\n');
  await rejectsWith(
    runExport(options(server.baseUrl, key, out)),
    'PRECONDITION_FAILED',
    /holds files of another export \(CarePlan\.000\.ndjson\.part\)/,
  );
  assert.equal(server.requests.filter((r) => r.path.endsWith('$export')).length, 0, 'no job was started');
});

test('an outage longer than the retries keeps the job, and the next run polls the same job', async (t) => {
  const { dir, key } = await testKey(t);
  const server = await startSimulator(t, dir, { faults: { statusUnavailable: 4 } });
  const out = tempDir(t);
  const retry = { maxAttempts: 2, baseDelayMs: 10, maxDelayMs: 10 };
  await rejectsWith(
    runExport(options(server.baseUrl, key, out, { retry })),
    'UPSTREAM_FHIR',
    /status request: the server answered 503: the export service is unavailable after 2 attempts; the job is kept/,
  );
  assert.ok((await readExportState(out))?.statusUrl);
  await rejectsWith(runExport(options(server.baseUrl, key, out, { retry })), 'UPSTREAM_FHIR', /the job is kept/);
  const summary = await runExport(options(server.baseUrl, key, out, { retry }));
  assert.equal(summary.resourcesByType.Patient, 80);
  assert.equal(server.requests.filter((r) => r.path.endsWith('$export')).length, 1, 'one job from start to end');
});

test('a job that expired on the server is a clear error, and the next run starts a new export', async (t) => {
  const { dir, key } = await testKey(t);
  const server = await startSimulator(t, dir);
  const out = tempDir(t);
  await stopMidFile(server, key, out, new ExportPause());
  server.jobs.clear();
  await rejectsWith(
    runExport(options(server.baseUrl, key, out)),
    'PRECONDITION_FAILED',
    /no longer has this file \(404\): the export job has expired; run the same command again to start a new export/,
  );
  const o = options(server.baseUrl, key, out);
  await runExport(o);
  assert.ok(o.events.some((e) => e.event === 'restart'));
  assert.equal(server.requests.filter((r) => r.path.endsWith('$export')).length, 2);
  assert.equal(readFileSync(join(out, 'CarePlan.000.ndjson'), 'utf8'), sourceLines('CarePlan'));
});

test('a Retry-After longer than the backoff cap is honoured as the server asked', async (t) => {
  const { dir, key } = await testKey(t);
  const server = await startSimulator(t, dir, { retryAfterS: 300, pollsBeforeComplete: 1 });
  const out = tempDir(t);
  const o = options(server.baseUrl, key, out);
  await runExport(o);
  const statuses = o.events.filter((e) => e.event === 'status');
  assert.deepEqual(
    statuses.map((e) => (e.event === 'status' ? e.waitMs : 0)),
    [300_000],
  );
  assert.ok(o.waits.includes(300_000));
});

test('a file redirected to pre-signed storage on another origin is fetched there without the token', async (t) => {
  const { dir, key } = await testKey(t);
  const server = await startSimulator(t, dir, { faults: { presignedRedirect: true } });
  const out = tempDir(t);
  await runExport(options(server.baseUrl, key, out));
  assert.equal(readFileSync(join(out, 'Condition.000.ndjson'), 'utf8'), sourceLines('Condition'));
  const origin = new URL(server.baseUrl).host;
  const fileRequests = server.requests.filter((r) => r.path.includes('/files/'));
  const atStorage = fileRequests.filter((r) => r.host !== origin);
  assert.ok(atStorage.length >= SMALL_TYPES.length, 'files were fetched from storage');
  assert.ok(
    atStorage.every((r) => !r.authorized && r.status === 200),
    'storage never gets the token',
  );
  assert.ok(fileRequests.filter((r) => r.host === origin).every((r) => r.authorized && r.status === 307));
});

test('an output folder holding another export is refused', async (t) => {
  const { dir, key } = await testKey(t);
  const server = await startSimulator(t, dir);
  const out = tempDir(t);
  await runExport(options(server.baseUrl, key, out));
  await rejectsWith(
    runExport(options(server.baseUrl, key, out, { request: request(server.baseUrl, { types: ['Patient'] }) })),
    'PRECONDITION_FAILED',
    /holds another export/,
  );
});
