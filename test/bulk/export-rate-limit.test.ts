import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseRetryAfter } from '../../server/bulk/bulk-http.ts';
import { readExportState } from '../../server/bulk/export-state.ts';
import { runExport, type ExportOptions } from '../../server/bulk/run-export.ts';
import type { SigningKey } from '../../server/bulk/backend-keys.ts';
import { AppError } from '../../server/errors/app-error.ts';
import { CLIENT_ID, exportOptions, startSimulator, tempDir, testKey } from './bulk-setup.ts';
import { cli } from './cli-process.ts';

const TYPES = ['Patient', 'Condition'];

const options = (base: string, key: SigningKey, outDir: string, extra: Partial<ExportOptions> = {}) =>
  exportOptions(base, key, outDir, TYPES, extra);

async function rejection(promise: Promise<unknown>): Promise<AppError> {
  try {
    await promise;
  } catch (error) {
    assert.ok(error instanceof AppError, `expected AppError, got ${String(error)}`);
    return error;
  }
  assert.fail('expected a rejection');
}

const httpDate = (ms: number): string => new Date(ms).toUTCString();
const kickoffs = (server: Awaited<ReturnType<typeof startSimulator>>): number =>
  server.requests.filter((r) => r.path.endsWith('$export')).length;

test('Retry-After is read as delay-seconds, an HTTP-date, or an epoch time in seconds or milliseconds', () => {
  const now = Date.parse('2026-12-06T12:00:00Z');
  assert.equal(parseRetryAfter('120', now), 120_000);
  assert.equal(parseRetryAfter(' 0 ', now), 0);
  assert.equal(parseRetryAfter('Sun, 06 Dec 2026 12:30:00 GMT', now), 1_800_000);
  assert.equal(parseRetryAfter(String(now / 1000 + 5400), now), 5_400_000);
  assert.equal(parseRetryAfter(String(now + 90_000), now), 90_000);
  assert.equal(parseRetryAfter('Sun, 06 Dec 2026 11:00:00 GMT', now), 0, 'a time already past');
  assert.equal(parseRetryAfter('soon', now), undefined);
  assert.equal(parseRetryAfter(null, now), undefined);
});

for (const [form, value] of [
  ['an HTTP-date', (): string => httpDate(Date.now() + 300_000)],
  ['an epoch time in seconds', (): string => String(Math.ceil((Date.now() + 300_000) / 1000))],
] as const)
  test(`a 429 on the status with ${form} 5 minutes ahead is waited out, past the 60 s backoff cap, and the same job goes on`, async (t) => {
    const { dir, key } = await testKey(t);
    const server = await startSimulator(t, dir, {
      retryAfterS: 0,
      faults: { rateLimit: { at: 'status', times: 8, retryAfter: value } },
    });
    const o = options(server.baseUrl, key, tempDir(t));
    const summary = await runExport(o);
    assert.equal(summary.resourcesByType.Patient, 80);
    const rateWaits = o.events.filter((e) => e.event === 'retry' && e.status === 429);
    assert.equal(rateWaits.length, 8, 'more 429s than the 6 attempts of the backoff');
    for (const e of rateWaits) {
      const waitMs = e.event === 'retry' ? e.waitMs : 0;
      assert.ok(waitMs > 290_000 && waitMs <= 301_000, `waited ${waitMs} ms as asked`);
    }
    assert.equal(kickoffs(server), 1, 'one job');
    assert.equal(server.jobs.size, 0);
  });

test('a 429 asking past the ceiling cancels the job on the server, says until when, and the next run starts anew', async (t) => {
  const { dir, key } = await testKey(t);
  const until = Math.ceil((Date.now() + 2 * 3_600_000) / 1000) * 1000;
  const server = await startSimulator(t, dir, {
    retryAfterS: 0,
    faults: { rateLimit: { at: 'status', times: 1, retryAfter: () => httpDate(until) } },
  });
  const out = tempDir(t);
  const error = await rejection(runExport(options(server.baseUrl, key, out, { maxRetryAfterMs: 3_600_000 })));
  assert.equal(error.code, 'RATE_LIMITED');
  assert.equal(
    error.message,
    `status request: rate limited until ${new Date(until).toISOString().replace('.000Z', 'Z')}; that is past the longest wait allowed (60 min, --max-wait); the export job was cancelled on the server: run the command again after then to start a new export`,
  );
  assert.equal(server.jobs.size, 0, 'no job left behind on the server');
  assert.ok(server.requests.some((r) => r.method === 'DELETE' && r.status === 202));
  assert.equal((await readExportState(out))?.statusUrl, undefined);
  const summary = await runExport(options(server.baseUrl, key, out));
  assert.equal(summary.resourcesByType.Condition, 509);
  assert.equal(kickoffs(server), 2);
  assert.equal(server.jobs.size, 0);
});

test('429s within the ceiling are honoured until their waits add up past it', async (t) => {
  const { dir, key } = await testKey(t);
  const server = await startSimulator(t, dir, {
    retryAfterS: 0,
    faults: { rateLimit: { at: 'status', times: 10, retryAfter: () => '900' } },
  });
  const o = options(server.baseUrl, key, tempDir(t), { maxRetryAfterMs: 3_600_000 });
  const error = await rejection(runExport(o));
  assert.match(error.message, /^status request: rate limited until .*; the export job was cancelled on the server/);
  assert.deepEqual(
    o.events.filter((e) => e.event === 'retry').map((e) => (e.event === 'retry' ? e.waitMs : 0)),
    [900_000, 900_000, 900_000, 900_000],
  );
  assert.equal(server.jobs.size, 0);
});

test('a 429 HTML page at kick-off says "rate limited until", not "an HTML page … check --fhir-base"', async (t) => {
  const { dir, path } = await testKey(t);
  const server = await startSimulator(t, dir, {
    faults: {
      rateLimit: { at: 'kickoff', times: 1, html: true, retryAfter: () => String(Math.ceil(Date.now() / 1000) + 7200) },
    },
  });
  const out = tempDir(t);
  const r = await cli([
    'export',
    '--fhir-base',
    server.baseUrl,
    '--client-id',
    CLIENT_ID,
    '--key',
    path,
    '--type',
    'Patient',
    '--out',
    out,
    '--max-wait',
    '600',
    '--quiet',
  ]);
  assert.notEqual(r.code, 0);
  assert.match(
    r.stderr.trim(),
    /^chartside: kick-off: rate limited until \d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ; that is past the longest wait allowed \(10 min, --max-wait\); run the same command again after then$/,
  );
  assert.equal(server.jobs.size, 0);
});
