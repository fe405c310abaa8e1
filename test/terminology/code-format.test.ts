import assert from 'node:assert/strict';
import { test } from 'node:test';
import { normalizeCode, requireCodeShape } from '../../terminology/icd10cm/code-format.ts';
import { chapterOf } from '../../terminology/icd10cm/chapters.ts';
import { codesInNote } from '../../terminology/icd10cm/import-tabular.ts';
import { AppError } from '../../server/errors/app-error.ts';

test('codes are accepted with or without the dot and normalised to the dotted form', () => {
  assert.equal(normalizeCode('J441'), 'J44.1');
  assert.equal(normalizeCode(' j44.1 '), 'J44.1');
  assert.equal(normalizeCode('I10'), 'I10');
  assert.equal(normalizeCode('S72001A'), 'S72.001A');
  assert.equal(normalizeCode('QA00'), 'QA0.0');
});

test('malformed codes are refused', () => {
  assert.equal(normalizeCode('J4'), undefined);
  assert.equal(normalizeCode('144.1'), undefined);
  assert.equal(normalizeCode('J44.12345'), undefined);
  assert.equal(normalizeCode('DROP TABLE'), undefined);
  assert.throws(
    () => requireCodeShape('12'),
    (e: unknown) => e instanceof AppError && e.code === 'INVALID_INPUT',
  );
});

test('chapters come from the category ranges, including codes with letters in the second and third place', () => {
  assert.equal(chapterOf('J44.1')?.chapter, 10);
  assert.equal(chapterOf('O9A.11')?.chapter, 15);
  assert.equal(chapterOf('QA0.0')?.chapter, 17);
  assert.equal(chapterOf('U07.1')?.chapter, 20);
});

test('code references in instructional notes are extracted, trailing dashes dropped', () => {
  assert.deepEqual(
    codesInNote('malignant melanoma of lip (C43.0) Merkel cell carcinoma of lip (C4A.0) skin of lip (C44.0-)'),
    ['C43.0', 'C4A.0', 'C44.0'],
  );
});
