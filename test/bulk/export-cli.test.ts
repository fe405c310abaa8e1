import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { once } from 'node:events';
import { test } from 'node:test';
import { generateBackendKeys, loadSigningKey, readPublicJwks } from '../../server/bulk/backend-keys.ts';
import { ExportRequestSchema } from '../../server/bulk/export-request.ts';
import { runExport } from '../../server/bulk/run-export.ts';
import { STATE_FILE } from '../../server/bulk/export-state.ts';
import { startBulkServer } from '../../fixtures/ehr/bulk-server.ts';
import { requireShared } from '../helpers/shared-data.ts';
import { BULK_DIR, CLIENT_ID, tempDir } from './bulk-setup.ts';
import { cli, startCli } from './cli-process.ts';

function listFiles(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((f) => statSync(join(dir, f)).isFile() && f !== STATE_FILE)
    .sort();
}

function snapshot(dir: string): Map<string, string> {
  return new Map(listFiles(dir).map((f) => [relative(dir, join(dir, f)), readFileSync(join(dir, f), 'utf8')]));
}

for (const signal of ['SIGKILL', 'SIGTERM'] as const)
  test(`an export stopped by ${signal} mid-download resumes to exactly the files of an uninterrupted run`, async (t) => {
    const keys = tempDir(t);
    const { privateKeyPath } = await generateBackendKeys({ alg: 'ES384', outDir: keys });
    const server = await startBulkServer({
      dataDir: requireShared(BULK_DIR),
      clients: [{ clientId: CLIENT_ID, jwks: await readPublicJwks(keys) }],
      retryAfterS: 0,
      filesPerType: 2,
    });
    t.after(() => server.close());
    const args = (out: string): string[] => [
      'export',
      '--fhir-base',
      server.baseUrl,
      '--client-id',
      CLIENT_ID,
      '--key',
      privateKeyPath,
      '--type',
      'Patient,CarePlan,Condition',
      '--type',
      'Encounter',
      '--out',
      out,
    ];

    const whole = tempDir(t);
    await runExport({
      request: ExportRequestSchema.parse({
        fhirBase: server.baseUrl,
        level: 'system',
        types: ['Patient', 'CarePlan', 'Condition', 'Encounter'],
      }),
      clientId: CLIENT_ID,
      signingKey: await loadSigningKey(privateKeyPath),
      outDir: whole,
    });

    const killed = tempDir(t);
    server.faults.stallFile = 'Encounter';
    const run = startCli([...args(killed), '--quiet']);
    await once(server.events, 'stalled');
    // Kill once the client has written part of the stalled file to disk.
    const partial = (): boolean =>
      readdirSync(killed).some(
        (f) => f.startsWith('Encounter.') && f.endsWith('.part') && statSync(join(killed, f)).size > 0,
      );
    while (!partial()) await new Promise((resolve) => setTimeout(resolve, 20));
    run.child.kill(signal);
    const dead = await run.done;
    if (signal === 'SIGKILL') assert.equal(dead.signal, 'SIGKILL');
    else {
      // A service stop pauses: one line, a non-zero exit, and the job kept on the server.
      assert.notEqual(dead.code, 0);
      assert.equal(dead.stderr.trim(), 'chartside: export stopped; run the same command again to resume it');
      assert.equal(server.jobs.size, 1);
    }
    assert.ok(existsSync(join(killed, STATE_FILE)), 'state file left behind');
    assert.ok(
      readdirSync(killed).some((f) => f.endsWith('.part')),
      'a partial download left behind',
    );
    assert.equal(existsSync(join(killed, 'manifest.json')), false);

    server.faults.stallFile = undefined;
    const resumed = await cli([...args(killed), '--json']);
    assert.equal(resumed.code, 0, resumed.stderr);
    const lines = resumed.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    assert.ok(lines.every((l) => typeof l.event === 'string'));
    assert.equal(lines[0].event, 'resume');
    assert.equal(lines.at(-1).event, 'done');
    assert.equal(lines.at(-1).summary.resourcesByType.Encounter, 2996);
    assert.deepEqual(snapshot(killed), snapshot(whole));
    assert.equal(server.requests.filter((r) => r.path.endsWith('$export')).length, 2, 'resumed the same job');
    assert.ok(server.requests.some((r) => r.path.includes('/Encounter-') && r.range !== undefined && r.status === 206));
    assert.equal(server.jobs.size, 0);
  });

test('keys generate prints the key paths; export errors print one line and exit non-zero', async (t) => {
  const out = tempDir(t);
  const generated = await cli(['keys', 'generate', '--alg', 'RS384', '--out', out]);
  assert.equal(generated.code, 0, generated.stderr);
  assert.equal(JSON.parse(generated.stdout).alg, 'RS384');
  assert.equal((await readPublicJwks(out)).keys.length, 1);
  const badUrl = await cli(['export', '--fhir-base', 'not a url', '--client-id', 'x', '--key', 'k', '--out', out]);
  assert.equal(badUrl.code, 2);
  assert.match(badUrl.stderr, /^chartside: --fhir-base: /);
  assert.equal(badUrl.stderr.trim().split('\n').length, 1);
  const help = await cli(['export', '--help']);
  for (const flag of [
    '--fhir-base',
    '--client-id',
    '--key',
    '--group',
    '--type',
    '--since',
    '--type-filter',
    '--out',
    '--parallel',
    '--quiet',
    '--json',
  ])
    assert.ok(help.stdout.includes(flag), flag);
});
