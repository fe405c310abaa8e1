import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { before, test } from 'node:test';
import { titleListWords } from '../../terminology/icd10cm/build-search-terms.ts';
import { compoundPairs, knownEnding } from '../../terminology/icd10cm/compound-words.ts';
import { importRelease } from '../../terminology/icd10cm/import-release.ts';
import { loadTerminology } from '../../terminology/icd10cm/load.ts';
import type { Terminology } from '../../terminology/icd10cm/terminology.ts';
import { ORDER_FILE, requireShared } from '../helpers/shared-data.ts';

// Real FY2026 codes, titles only (no Index): what a code set offers for words its Index part does not hold.
const SUBSET = `Q89.2 Q89.89 Q89.9 Q44.0 Q44.1 E06.9 E07.9 B00.2 J02.8 J02.9 F40.10 F40.298 F40.8 F40.9 G51.8
G90.9 G90.89 Q76.49 J06.9 D35.2 S32.2XXA H44.131 N52.9 J03.90`;

let t: Terminology;
before(async () => {
  const work = mkdtempSync(join(tmpdir(), 'chartside-generalisation-'));
  writeFileSync(join(work, 'subset.txt'), SUBSET.split(/\s+/).join('\n'));
  await importRelease({
    order: requireShared(ORDER_FILE),
    subset: join(work, 'subset.txt'),
    out: join(work, 'release'),
  });
  t = await loadTerminology(join(work, 'release'));
});

const top = (text: string, n = 1): string[] => t.search(text, { limit: n }).map((h) => h.code);

test("a title's leading list of conditions is one group of alternatives, not a conjunction after 'both'", () => {
  assert.deepEqual(titleListWords('Agenesis, aplasia and hypoplasia of gallbladder'), [
    'Agenesis',
    'aplasia',
    'hypoplasia',
  ]);
  assert.deepEqual(titleListWords('Contusion, laceration, and hemorrhage of brainstem'), [
    'Contusion',
    'laceration',
    'hemorrhage',
  ]);
  assert.deepEqual(titleListWords('Rheumatic disorders of both mitral and aortic valves'), []);
  assert.deepEqual(titleListWords('Acute pharyngitis, unspecified'), []);
  // Saying one condition of the list says the whole title (before: two of its four words).
  const [hit] = t.search('hypoplasia of gallbladder', { limit: 1 });
  assert.equal(hit?.code, 'Q44.0');
  assert.ok((hit?.score ?? 0) > 0.5, String(hit?.score));
});

test("a site's region finds the region's code where the site has none of its own", () => {
  assert.deepEqual(top('agenesis of pituitary'), ['Q89.2']);
  assert.deepEqual(top('congenital malformation of coccyx'), ['Q76.49']);
  assert.ok(top('disorder of sympathetic nerve', 3).includes('G90.9'), top('disorder of sympathetic nerve', 5).join());
  // The region counts half: a code naming the site itself stays first.
  assert.deepEqual(top('thyroiditis'), ['E06.9']);
});

test('disorder, disease and dysfunction name the same residual titles', () => {
  assert.deepEqual(top('thyroid dysfunction'), ['E07.9']);
});

test('a part of a compound of combining forms finds the compound', () => {
  const pairs = compoundPairs(['pharyng', 'tonsil', 'pharyngotonsil', 'gingiv', 'stomat', 'gingivostomat', 'thyroid']);
  assert.ok(pairs.includes('pharyng pharyngotonsil') && pairs.includes('tonsil pharyngotonsil'), pairs.join());
  assert.ok(pairs.includes('gingiv gingivostomat'), pairs.join());
  assert.ok(!pairs.some((p) => p.includes('thyroid')));
  // B00.2 "Herpesviral gingivostomatitis and pharyngotonsillitis" (without J03.90 in the set, no "tonsil" stem,
  // no compound: acute pharyngitis came first).
  assert.deepEqual(top('herpesviral pharyngitis'), ['B00.2']);
});

test('an unknown word is read through the longest known word it ends with, never through an opposing prefix', () => {
  const known = new Map([
    ['phobia', 1],
    ['smoker', 2],
    ['hypogonadism', 3],
  ]);
  const id = (w: string): number | undefined => known.get(w);
  assert.equal(knownEnding('heliophobia', id), 1);
  assert.equal(knownEnding('panhypogonadism', id), 3);
  assert.equal(knownEnding('nonsmoker', id), undefined);
  assert.equal(knownEnding('phobia', id), undefined);
  assert.ok(['F40.298', 'F40.9', 'F40.8'].includes(top('heliophobia')[0] ?? ''), top('heliophobia', 5).join());
});
