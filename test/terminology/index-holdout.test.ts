import assert from 'node:assert/strict';
import { test } from 'node:test';
import { naturalPhrase, printedPhrase, type IndexEntry } from '../../terminology/icd10cm/index-holdout.ts';

const entry = (...path: string[]): IndexEntry => ({ path, code: 'X00', line: JSON.stringify(path) });

test('a natural phrase puts sites before the condition and connector clauses after it', () => {
  assert.equal(
    naturalPhrase(entry('Obstruction, obstructed', 'intestine', 'with', 'adhesions')),
    'intestine obstruction with adhesions',
  );
  assert.equal(printedPhrase(entry('Atrophy, atrophic', 'forearm')), 'Atrophy, atrophic, forearm');
});

test("a natural phrase keeps a subterm's inverted qualifier and lists instead of dropping them", () => {
  assert.equal(
    naturalPhrase(entry('Complication', 'fixation device, internal')),
    'internal fixation device complication',
  );
  assert.equal(naturalPhrase(entry('Edema', 'cerebral edema, traumatic')), 'traumatic cerebral edema edema');
  assert.equal(
    naturalPhrase(entry('Injury', 'superficial, without open wound')),
    'superficial injury without open wound',
  );
  assert.equal(
    naturalPhrase(entry('Infection', 'due to device, implant or graft')),
    'infection due to device, implant or graft',
  );
  assert.equal(naturalPhrase(entry('Dullness, cardiac')), 'cardiac dullness');
});

test('alternative forms of a subterm word are each used across entries; the main term keeps its noun', () => {
  const forms = new Set<string>();
  for (const site of ['forearm', 'upper arm', 'thigh', 'lower leg', 'hand', 'foot', 'shoulder', 'pelvis']) {
    const phrase = naturalPhrase(entry('Atrophy, atrophic', 'muscle, muscular', site));
    assert.ok(phrase.endsWith(' atrophy'), phrase);
    forms.add(/\b(muscle|muscular)\b/.exec(phrase)?.[1] ?? '');
  }
  assert.deepEqual([...forms].sort(), ['muscle', 'muscular']);
});
