import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test, type TestContext } from 'node:test';
import { AppError } from '../../server/errors/app-error.ts';
import { STATE_FILE } from '../../server/bulk/export-state.ts';
import { readExportFolder } from '../../server/datasets/export-folder.ts';

function folder(t: TestContext, files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'chartside-export-folder-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
}

const PATIENT = '{"resourceType":"Patient","id":"p1"}\n';

function state(complete: boolean): string {
  return JSON.stringify({
    version: 1,
    request: { fhirBase: 'http://127.0.0.1/fhir', level: 'system' },
    clientId: 'c',
    kickoffUrl: 'http://127.0.0.1/fhir/$export',
    files: [],
    complete,
  });
}

async function refused(dir: string, code: string, message: RegExp): Promise<void> {
  await assert.rejects(readExportFolder(dir), (error: unknown) => {
    assert.ok(error instanceof AppError);
    assert.equal(error.code, code);
    assert.match(error.message, message);
    return true;
  });
}

test('an unfinished chartside export is refused, a finished one is read', async (t) => {
  const unfinished = folder(t, { 'Patient.000.ndjson': PATIENT, [STATE_FILE]: state(false) });
  await refused(unfinished, 'PRECONDITION_FAILED', /not complete; run the same chartside export command again/);
  const finished = folder(t, { 'Patient.000.ndjson': PATIENT, [STATE_FILE]: state(true) });
  assert.deepEqual(
    (await readExportFolder(finished)).files.map((f) => f.name),
    ['Patient.000.ndjson'],
  );
});

test('with a manifest only the files it lists are read; a listed file that is missing is an error', async (t) => {
  const manifest = (urls: string[]): string =>
    JSON.stringify({ transactionTime: '2026-01-01T00:00:00Z', output: urls.map((url) => ({ type: 'Patient', url })) });
  const dir = folder(t, {
    'Patient.000.ndjson': PATIENT,
    'Patient.001.ndjson': '{"resourceType":"Patient","id":"stale"}\n',
    'manifest.json': manifest(['Patient.000.ndjson']),
  });
  const source = await readExportFolder(dir);
  assert.deepEqual(
    source.files.map((f) => f.name),
    ['Patient.000.ndjson'],
  );
  assert.equal(source.transactionTime, '2026-01-01T00:00:00Z');
  // A server manifest's absolute URLs name the files by their last path segment.
  const absolute = folder(t, {
    'Patient.000.ndjson': PATIENT,
    'manifest.json': manifest(['https://ehr.example/files/Patient.000.ndjson?sig=1']),
  });
  assert.equal((await readExportFolder(absolute)).files.length, 1);
  const missing = folder(t, { 'Patient.000.ndjson': PATIENT, 'manifest.json': manifest(['Patient.009.ndjson']) });
  await refused(
    missing,
    'CORRUPT_DATA',
    /manifest\.json lists Patient\.009\.ndjson, which is not in the export folder/,
  );
});
