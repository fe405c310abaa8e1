import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { readFileSync } from 'node:fs';
import { before, test } from 'node:test';
import type { Deidentified } from '../../../server/deid/deidentified.ts';
import { codeDocument } from '../../../server/suggest/document/code-document.ts';
import { importRelease } from '../../../terminology/icd10cm/import-release.ts';
import { loadTerminology } from '../../../terminology/icd10cm/load.ts';
import type { Terminology } from '../../../terminology/icd10cm/terminology.ts';
import { ORDER_FILE, TERMINOLOGY_DATA, requireShared } from '../../helpers/shared-data.ts';
import { testDir } from '../../helpers/temp-dir.ts';

let terminology: Terminology;

/**
 * The release's neoplasm chapter (C00–D49) with the Neoplasm Table, imported from ../shared: the Table's
 * primary and secondary columns are what the metastasis rule chooses between (a few seconds, not the whole
 * release).
 */
before(async () => {
  const work = testDir('chartside-neoplasm-');
  const order = gunzipSync(readFileSync(requireShared(ORDER_FILE))).toString('latin1');
  const neoplasms = order
    .split('\n')
    .map((line) => line.slice(6, 13).trim())
    .filter((code) => /^(?:C|D[0-4])/.test(code));
  writeFileSync(join(work, 'subset.txt'), neoplasms.join('\n') + '\n');
  await importRelease({
    order: ORDER_FILE,
    index: [requireShared(`${TERMINOLOGY_DATA}icd-10-cm-neoplasm-2025.xml.gz`)],
    subset: join(work, 'subset.txt'),
    out: join(work, 'icd10cm'),
  });
  terminology = await loadTerminology(join(work, 'icd10cm'));
});

const codes = (text: string): string[] =>
  codeDocument(text as Deidentified<string>, terminology).codes.map((c) => c.code);

test('"liver metastases" is the secondary neoplasm of the liver (C78.7), never a primary liver cancer', () => {
  const list = codes('CT: liver metastases.');
  assert.ok(list.includes('C78.7'), list.join(' '));
  assert.ok(!list.some((c) => c.startsWith('C22') || c.startsWith('D49')), list.join(' '));
});

test('"metastatic X cancer to Y": the primary for X and the secondary for Y', () => {
  const list = codes('Metastatic breast cancer to the liver.');
  assert.ok(list.includes('C78.7'), list.join(' '));
  assert.ok(
    list.some((c) => c.startsWith('C50')),
    list.join(' '),
  );
  assert.ok(!list.some((c) => c.startsWith('C22')), list.join(' '));
});

test('a cancer spread to two sites gets both secondary codes; the site it came from stays primary', () => {
  const both = codes('Staging CT showed metastases in the liver and lungs.');
  assert.ok(both.includes('C78.7') && both.some((c) => c.startsWith('C78.0')), both.join(' '));
  const from = codes('Bone metastasis from prostate cancer.');
  assert.ok(from.includes('C79.51') && from.includes('C61'), from.join(' '));
  assert.ok(!from.includes('C79.82'), 'the origin is not a secondary site');
});

test('negated metastases are not coded', () => {
  assert.deepEqual(codes('No liver metastases were seen.'), []);
});
