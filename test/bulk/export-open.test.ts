import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { join } from 'node:path';
import { test } from 'node:test';
import { runExport } from '../../server/bulk/run-export.ts';
import { CLIENT_ID, startSimulator, tempDir, testKey } from './bulk-setup.ts';
import { cli } from './cli-process.ts';

const args = (base: string, out: string, ...more: string[]): string[] => [
  'export',
  '--fhir-base',
  base,
  '--type',
  'Patient,Condition',
  '--out',
  out,
  '--quiet',
  ...more,
];

test('--open exports from a server without authorization, sending no token anywhere', async (t) => {
  const { dir } = await testKey(t);
  const server = await startSimulator(t, dir, { requireAuth: false, retryAfterS: 0 });
  const out = tempDir(t);
  const r = await cli(args(server.baseUrl, out, '--open'));
  assert.equal(r.code, 0, r.stderr);
  assert.equal(server.tokensIssued(), 0);
  assert.ok(
    server.requests.every((req) => !req.bearer),
    'no Authorization header',
  );
  assert.ok(server.requests.some((req) => req.path.endsWith('/.well-known/smart-configuration') && req.status === 404));
  assert.deepEqual(
    readdirSync(out)
      .filter((f) => f.endsWith('.ndjson'))
      .sort(),
    ['Condition.000.ndjson', 'Patient.000.ndjson'],
  );
  assert.equal(JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8')).requiresAccessToken, false);
  assert.equal(server.jobs.size, 0, 'the job was deleted');
});

test("--open is refused when the server's SMART configuration declares a token endpoint; nothing is started", async (t) => {
  const { dir } = await testKey(t);
  const server = await startSimulator(t, dir);
  const r = await cli(args(server.baseUrl, tempDir(t), '--open'));
  assert.equal(r.code, 1);
  assert.equal(
    r.stderr.trim(),
    `chartside: --open: the server's SMART configuration (${server.baseUrl}/.well-known/smart-configuration) declares a token endpoint, so it requires authorization; run with --client-id and --key (SMART Backend Services) instead of --open`,
  );
  assert.equal(server.requests.filter((req) => req.path.endsWith('$export')).length, 0);
});

test('an export needs --client-id and --key, or --open, and not both', async (t) => {
  const { dir, path } = await testKey(t);
  const server = await startSimulator(t, dir);
  const none = await cli(args(server.baseUrl, tempDir(t)));
  assert.notEqual(none.code, 0);
  assert.equal(
    none.stderr.trim(),
    'chartside: --client-id is missing: give --client-id and --key (SMART Backend Services), or --open for a server that needs no authorization',
  );
  const both = await cli(args(server.baseUrl, tempDir(t), '--open', '--client-id', CLIENT_ID, '--key', path));
  assert.notEqual(both.code, 0);
  assert.equal(both.stderr.trim(), 'chartside: --open takes no --client-id or --key: choose one');
  assert.equal(server.requests.length, 0);
});

test('a FHIR server that cannot be reached is reported with the flag to check', async (t) => {
  // a port that refuses connections: listened on, then closed
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as AddressInfo;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  await assert.rejects(
    runExport({
      request: {
        fhirBase: `http://127.0.0.1:${port}/fhir`,
        level: 'system',
        types: [],
        typeFilters: [],
        outputFormat: 'application/fhir+ndjson',
      },
      open: true,
      outDir: tempDir(t),
      retry: { maxAttempts: 2, baseDelayMs: 0, maxDelayMs: 0 },
      sleep: () => Promise.resolve(),
    }),
    {
      message:
        'SMART configuration: the server cannot be reached (after 2 attempts); check --fhir-base and that the server is up',
    },
  );
});
