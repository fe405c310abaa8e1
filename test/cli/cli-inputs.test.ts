import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { testDir } from '../helpers/temp-dir.ts';

const BIN = fileURLToPath(new URL('../../bin/chartside.js', import.meta.url));
const chartside = (args: string[]) => spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8' });

test('dataset build --in a missing folder names the flag and the path, not the work folder', () => {
  const dir = testDir('chartside-cli-');
  const missing = chartside(['dataset', 'build', '--in', '/missing', '--out', join(dir, 'ds')]);
  assert.equal(missing.status, 2);
  assert.equal(missing.stderr, 'chartside: --in /missing: no such folder; check the path\n');
  const file = join(dir, 'Patient.ndjson');
  writeFileSync(file, '');
  const notFolder = chartside(['dataset', 'build', '--in', file, '--out', join(dir, 'ds')]);
  assert.equal(notFolder.status, 2);
  assert.match(notFolder.stderr, /^chartside: --in .*Patient\.ndjson: is a file; name the folder that holds it\n$/);
});

test('export --fhir-base must be an http(s) URL, named as the flag', () => {
  const dir = testDir('chartside-cli-');
  for (const base of ['not-a-url', 'ftp://ehr.example/fhir']) {
    const r = chartside(['export', '--fhir-base', base, '--client-id', 'x', '--key', 'k', '--out', dir]);
    assert.equal(r.status, 2, base);
    assert.equal(
      r.stderr,
      'chartside: --fhir-base: must be an http:// or https:// URL such as https://ehr.example/fhir/R4\n',
      base,
    );
  }
});

test('suggest --setting takes inpatient or outpatient only, named as the flag', () => {
  const dir = testDir('chartside-cli-');
  const file = join(dir, 'note.txt');
  writeFileSync(file, 'Probable pneumonia.');
  const r = chartside(['suggest', '--text-file', file, '--setting', 'icu']);
  assert.equal(r.status, 2);
  assert.equal(r.stderr, 'chartside: --setting: setting must be inpatient or outpatient\n');
});
