import assert from 'node:assert/strict';
import { test } from 'node:test';
import { importOrderFile } from '../../terminology/icd10cm/import-order.ts';
import { loadTerminology } from '../../terminology/icd10cm/load.ts';
import { ORDER_FILE, requireShared } from '../helpers/shared-data.ts';

test('every embedded code, title and billable flag matches the full FY2026 release', async () => {
  const release = new Map((await importOrderFile(requireShared(ORDER_FILE))).map((c) => [c.code, c]));
  const embedded = await loadTerminology();
  assert.equal(embedded.info.source, 'embedded');
  assert.equal(embedded.info.version, '2026');
  assert.ok(embedded.info.billable >= 300, `embedded set has ${embedded.info.billable} billable codes`);
  let checked = 0;
  for (const code of release.keys()) {
    const details = embedded.validate(code);
    if (!details.valid) continue;
    const official = release.get(code);
    assert.equal(details.display, official?.long, code);
    assert.equal(details.shortDisplay, official?.short, code);
    assert.equal(details.billable, official?.billable, code);
    checked++;
  }
  assert.equal(checked, embedded.info.codes);
});

test('the embedded set covers the common diagnoses across specialties', async () => {
  const embedded = await loadTerminology();
  for (const code of [
    'I10',
    'E11.9',
    'J44.1',
    'J18.9',
    'N39.0',
    'K81.0',
    'I48.91',
    'I50.9',
    'R07.9',
    'Z23',
    'F41.1',
    'S93.401A',
    'U07.1',
  ]) {
    const v = embedded.validate(code);
    assert.ok(v.valid && v.billable, code);
  }
});
