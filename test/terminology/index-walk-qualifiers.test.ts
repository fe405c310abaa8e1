import assert from 'node:assert/strict';
import { test } from 'node:test';
import { IndexTree, buildIndexTree } from '../../terminology/icd10cm/index-tree.ts';
import type { SourceTerm } from '../../terminology/icd10cm/model.ts';
import { termStems } from '../../terminology/icd10cm/text-normalize.ts';

/** The Index's Diabetes entry as printed (excerpt): a "with" connector and a "specified type NEC" branch. */
const terms: SourceTerm[] = [
  [['Diabetes, diabetic'], 'E11.9'],
  [['Diabetes, diabetic', 'with'], ''],
  [['Diabetes, diabetic', 'with', 'nephropathy'], 'E11.21'],
  [['Diabetes, diabetic', 'specified type NEC'], 'E13.9'],
  [['Diabetes, diabetic', 'specified type NEC', 'with', 'nephropathy'], 'E13.21'],
  [['Diabetes, diabetic', 'due to', 'drug or chemical'], 'E09.9'],
].map(([path, code]) => ({
  code: code as string,
  kind: 'index',
  text: (path as string[]).join(', '),
  path: path as string[],
}));

const vocabulary = new Map<string, number>();
const id = (stem: string): number => {
  const known = vocabulary.get(stem);
  if (known !== undefined) return known;
  vocabulary.set(stem, vocabulary.size);
  return vocabulary.size - 1;
};
const tree = new IndexTree(buildIndexTree(terms), id);
const walk = (text: string) => tree.walk(new Set(termStems(text).map(id)))[0];

test('a walk passes through connectors but enters a qualifier subterm only when the text states it', () => {
  assert.equal(walk('diabetic nephropathy')?.code, 'E11.21');
  assert.deepEqual(walk('diabetic nephropathy')?.path, ['Diabetes, diabetic', 'with', 'nephropathy']);
  assert.equal(walk('other specified diabetes with nephropathy')?.code, 'E13.21');
  assert.equal(walk('diabetes due to a drug')?.code, 'E09.9');
});

test('without the connector branch, the unstated qualifier is still not entered: the main term default stands', () => {
  const partial = new IndexTree(buildIndexTree(terms.filter((t) => !(t.path[1] === 'with'))), id);
  const landing = partial.walk(new Set(termStems('diabetic nephropathy').map(id)))[0];
  assert.equal(landing?.code, 'E11.9');
});
