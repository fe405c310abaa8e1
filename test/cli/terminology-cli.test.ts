import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { testDir } from '../helpers/temp-dir.ts';

const BIN = fileURLToPath(new URL('../../bin/chartside.js', import.meta.url));

function chartside(
  args: string[],
  env: Record<string, string> = {},
  input?: string,
): { code: number | null; stdout: string; stderr: string } {
  const base = { ...process.env };
  delete base.CHARTSIDE_TERMINOLOGY;
  const r = spawnSync(process.execPath, [BIN, ...args], {
    encoding: 'utf8',
    env: { ...base, ...env },
    input: input ?? '',
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

test('terminology lookup --json prints the code with its titles and flags', () => {
  const r = chartside(['terminology', 'lookup', 'J441', '--json']);
  assert.equal(r.code, 0, r.stderr);
  const body = JSON.parse(r.stdout);
  assert.equal(body.code, 'J44.1');
  assert.equal(body.billable, true);
  assert.equal(body.version, '2026');
});

test('terminology search --json ranks codes for a phrase', () => {
  const r = chartside(['terminology', 'search', 'acute copd exacerbation', '--json', '--limit', '3']);
  assert.equal(r.code, 0, r.stderr);
  const body = JSON.parse(r.stdout);
  assert.equal(body.hits[0].code, 'J44.1');
  assert.equal(body.hits.length, 3);
});

test('terminology search --explain prints the features that placed each code', () => {
  const r = chartside(['terminology', 'search', 'otitis media, left ear', '--explain', '--limit', '2']);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /^ 1\. H66\.92 /m);
  assert.match(r.stdout, /^ 2\. H66\.90 .*\n.*\n\s+match [0-9.]+; .*sideUnspecified -/m);
});

test('errors print one line and exit non-zero', () => {
  const unknown = chartside(['terminology', 'lookup', 'J99.99']);
  assert.notEqual(unknown.code, 0);
  assert.equal(unknown.stderr.trim().split('\n').length, 1);
  assert.match(unknown.stderr, /^chartside: code J99\.99 is not in ICD-10-CM 2026/);
  const empty = chartside(['terminology', 'search', '  ']);
  assert.equal(empty.code, 2);
  assert.match(empty.stderr, /^chartside: text is empty/);
  const badFlag = chartside(['terminology', 'search', 'copd', '--limit', 'many']);
  assert.equal(badFlag.code, 2);
  assert.equal(badFlag.stderr.trim().split('\n').length, 1);
  const unknownCommand = chartside(['frobnicate']);
  assert.notEqual(unknownCommand.code, 0);
});

test('--help explains every flag of a command', () => {
  const r = chartside(['terminology', 'import', '--help']);
  assert.equal(r.code, 0);
  for (const flag of ['--order', '--tabular', '--index', '--terms', '--subset', '--out', '--release-year'])
    assert.ok(r.stdout.includes(flag), flag);
  const top = chartside(['--help']);
  assert.match(top.stdout, /terminology/);
  assert.match(top.stdout, /serve/);
});

test('an invalid configuration stops the CLI with the bad key named', () => {
  const r = chartside(['terminology', 'info'], { CHARTSIDE_TERMINOLOGY: '/nonexistent/dir' });
  assert.equal(r.code, 2);
  assert.match(r.stderr, /terminology directory \/nonexistent\/dir has no manifest.json/);
});

test('a release imported in an older index format says, in one line, that it needs re-importing', () => {
  const dir = join(testDir('chartside-cli-'), 'release');
  cpSync(fileURLToPath(new URL('../../terminology/embedded/', import.meta.url)), dir, { recursive: true });
  const manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8'));
  const current = chartside(['terminology', 'info'], { CHARTSIDE_TERMINOLOGY: dir });
  assert.equal(current.code, 0, current.stderr);
  writeFileSync(join(dir, 'manifest.json'), JSON.stringify({ ...manifest, formatVersion: manifest.formatVersion - 1 }));
  const r = chartside(['terminology', 'info'], { CHARTSIDE_TERMINOLOGY: dir });
  assert.equal(r.code, 2);
  assert.equal(r.stderr.trim().split('\n').length, 1);
  assert.match(
    r.stderr,
    new RegExp(
      `imported in index format ${manifest.formatVersion - 1}; this Chartside reads format ${manifest.formatVersion}: re-import it with \`chartside terminology import\``,
    ),
  );
});

test('a corrupt release file stops the import with its line number', () => {
  const dir = testDir('chartside-cli-');
  const order = join(dir, 'icd10cm_order_2026.txt');
  writeFileSync(
    order,
    '00001 A00     0 Cholera                                                      Cholera\nthis is not an order line\n',
  );
  const r = chartside(['terminology', 'import', '--order', order, '--out', join(dir, 'out'), '--no-progress']);
  assert.equal(r.code, 3);
  assert.match(r.stderr, /line 2: not an ICD-10-CM order file line/);
});

test('terminology import takes the release year as --release-year; --version there is refused, not obeyed', () => {
  const dir = testDir('chartside-cli-');
  const order = join(dir, 'order.txt');
  writeFileSync(
    order,
    '00001 A00     0 Cholera                                                      Cholera\n00002 A000    1 Cholera due to Vibrio cholerae 01, biovar cholerae           Cholera due to Vibrio cholerae 01, biovar cholerae\n',
  );
  const wrong = chartside(['terminology', 'import', '--order', order, '--out', join(dir, 'a'), '--version', '2026']);
  assert.equal(wrong.code, 2);
  assert.doesNotMatch(wrong.stdout, /0\.1\.0/);
  assert.match(
    wrong.stderr,
    /^chartside: --version prints the program version; pass the release year as --release-year/,
  );
  const noYear = chartside(['terminology', 'import', '--order', order, '--out', join(dir, 'b'), '--no-progress']);
  assert.equal(noYear.code, 2);
  assert.match(noYear.stderr, /pass --release-year YYYY/);
  const badYear = chartside([
    'terminology',
    'import',
    '--order',
    order,
    '--out',
    join(dir, 'c'),
    '--release-year',
    'FY26',
  ]);
  assert.equal(badYear.code, 2);
  assert.match(badYear.stderr, /^chartside: --release-year: must be a four-digit year/);
  const ok = chartside(['terminology', 'import', '--order', order, '--out', join(dir, 'd'), '--release-year', '2026']);
  assert.equal(ok.code, 0, ok.stderr);
  assert.match(ok.stdout, /FY2026.*: 2 codes/);
  assert.equal(chartside(['--version']).stdout.trim(), '0.1.0');
});

test('terminology import --order with a missing file names the flag and the path', () => {
  const dir = testDir('chartside-cli-');
  const r = chartside(['terminology', 'import', '--order', '/missing.txt', '--out', join(dir, 'out')]);
  assert.equal(r.code, 2);
  assert.equal(r.stderr, 'chartside: --order /missing.txt: no such file; check the path\n');
});
