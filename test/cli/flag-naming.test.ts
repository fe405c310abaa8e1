import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { chartsideInProcess } from './run-in-process.ts';
import { testDir } from '../helpers/temp-dir.ts';

/**
 * Issue 20, misleading messages: every refusal of the export, dataset and terminology commands names the
 * flag as the user typed it (`--type`, not the request field `types`) and what to do, in one line, exit 2.
 */
const dir = testDir('chartside-flags-');
const empty = join(dir, 'empty');
mkdirSync(empty);
const exportFolder = join(dir, 'export');
mkdirSync(exportFolder);
writeFileSync(join(exportFolder, 'Patient.ndjson'), '');
const exportArgs = ['export', '--fhir-base', 'http://127.0.0.1:9/fhir', '--open', '--out', join(dir, 'out')];

const cases: [args: string[], stderr: string | RegExp][] = [
  [[...exportArgs, '--type', 'Patient,observation'], 'chartside: --type (value 2): must be a FHIR resource type\n'],
  [
    [...exportArgs, '--type-filter', 'Observation?category=x', '--type-filter', 'category=x'],
    'chartside: --type-filter (value 2): must look like Type?search-params\n',
  ],
  [[...exportArgs, '--group', 'a b'], 'chartside: --group: must be a FHIR id\n'],
  [[...exportArgs, '--since', 'yesterday'], 'chartside: --since: must be a FHIR instant\n'],
  [[...exportArgs, '--parallel', '0'], 'chartside: --parallel: must be at least 1\n'],
  [[...exportArgs, '--max-wait', 'soon'], 'chartside: --max-wait: must be a number\n'],
  [[...exportArgs, '--scope', ''], 'chartside: --scope: must not be empty\n'],
  [
    ['dataset', 'build', '--in', exportFolder, '--out', join(dir, 'ds'), '--tasks', 'triage,coding'],
    /^chartside: --tasks \(value 2\): must be one of note-generation, icd10-coding, /,
  ],
  [
    ['dataset', 'build', '--in', exportFolder, '--out', join(dir, 'ds'), '--eval-fraction', '2'],
    'chartside: --eval-fraction: must be at most 1\n',
  ],
  [
    ['dataset', 'build', '--in', exportFolder, '--out', join(dir, 'ds'), '--feedback', '/missing.ndjson'],
    'chartside: --feedback /missing.ndjson: no such file; check the path\n',
  ],
  [
    ['dataset', 'review-sample', '--in', empty, '--out', join(dir, 'sheet.csv')],
    `chartside: --in ${empty}: no instruct/ folder here; give the --out folder of dataset build\n`,
  ],
  [['dataset', 'review-result', '--in', '/missing'], 'chartside: --in /missing: no such folder; check the path\n'],
  [
    ['dataset', 'review-result', '--in', empty],
    `chartside: --in ${empty}: no dataset-card.json here; give the --out folder of dataset build\n`,
  ],
  [
    ['dataset', 'review-result', '--in', empty, '--sheet', '/missing.csv'],
    'chartside: --sheet /missing.csv: no such file; check the path\n',
  ],
  [
    ['dataset', 'merge', '--shards', empty, '--out', join(dir, 'merged')],
    `chartside: --shards ${empty}: not a dataset shard (no readable dataset-card.json); give the --out folders of dataset build --shard\n`,
  ],
  [['terminology', 'search', 'copd', '--limit', 'ten'], 'chartside: --limit: must be a number\n'],
  [['terminology', 'search', 'copd', '--limit', '0'], 'chartside: --limit: must be at least 1\n'],
];

for (const [args, stderr] of cases) {
  test(`chartside ${args.filter((a) => !a.startsWith(dir)).join(' ')}: names the flag`, async () => {
    const r = await chartsideInProcess(args);
    assert.equal(r.status, 2, r.stderr);
    if (typeof stderr === 'string') assert.equal(r.stderr, stderr);
    else assert.match(r.stderr, stderr);
    assert.equal(r.stderr.split('\n').length, 2, 'one line');
  });
}
