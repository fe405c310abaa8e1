import assert from 'node:assert/strict';
import { test } from 'node:test';
import { bracketSynonym } from '../../terminology/icd10cm/build-search-terms.ts';
import { impliedPairs } from '../../terminology/icd10cm/implied-words.ts';
import { morphologyPairs } from '../../terminology/icd10cm/morphology.ts';
import { titleFacts } from '../../terminology/icd10cm/rank-features.ts';
import { analyzeText, termGroups } from '../../terminology/icd10cm/text-normalize.ts';

test('a title states its negated qualifiers as defaults: not required, kept apart', () => {
  const migraine = termGroups('Migraine without aura, not intractable, without status migrainosus');
  assert.deepEqual(migraine.essential, ['migrain']);
  assert.deepEqual(migraine.negated, ['aura', 'intract', 'statu', 'migrainosu']);
  const laceration = termGroups('Laceration without foreign body of left middle finger with damage to nail');
  assert.ok(laceration.essential.includes('nail') && laceration.essential.includes('finger'));
  assert.deepEqual(laceration.negated, ['foreign', 'bodi']);
  // All negation is what it says; "not elsewhere classified" negates nothing clinical.
  assert.deepEqual(termGroups('Do not resuscitate').essential, ['resuscit']);
  assert.deepEqual(termGroups('Other disorders of bone, not elsewhere classified').negated, []);
  // The Index tree walks "without" subterms itself.
  assert.deepEqual(termGroups('without aura', undefined, { negation: false }).essential, ['without', 'aura']);
});

test('noun and adjective forms of a condition pair up from the vocabulary; false friends do not', () => {
  const pairs = morphologyPairs(['anemia', 'anem', 'sclerosi', 'sclerot', 'puerperium', 'puerper', 'malaria', 'malar']);
  for (const p of ['anemia anem', 'anem anemia', 'sclerosi sclerot', 'puerper puerperium'])
    assert.ok(pairs.includes(p), p);
  assert.ok(!pairs.some((p) => p.includes('malar ') || p.endsWith(' malar')));
  assert.deepEqual(morphologyPairs(['media', 'med']), []);
});

test('words imply what the classification files them under', () => {
  const vocab = new Set(['agenesi', 'congenit', 'malform', 'traumat', 'injuri']);
  const pairs = impliedPairs((s) => vocab.has(s));
  assert.ok(pairs.includes('agenesi congenit') && pairs.includes('agenesi malform'));
  assert.ok(pairs.includes('traumat injuri'));
});

test('a substance use disorder reads as abuse when mild, dependence when moderate or severe', () => {
  const stems = (t: string): string[] => analyzeText(t).map((x) => x.stem);
  assert.ok(stems('mild alcohol use disorder').includes('abus'));
  assert.ok(stems('Disorder, cocaine use, moderate or severe').includes('depend'));
  assert.ok(!stems('severe pain in the left knee').includes('depend'));
  // With a severity, "use" is not the unspecified use of F1x.9; without one it is.
  assert.ok(!stems('Disorder, cocaine use, mild').includes('us'));
  assert.ok(stems('cocaine use').includes('us'));
});

test('a bracketed synonym reads in place of the words it stands for', () => {
  assert.equal(bracketSynonym("Leprosy [Hansen's disease]"), "Hansen's disease");
  assert.equal(bracketSynonym('Sepsis due to Escherichia coli [E. coli]'), 'Sepsis due to E. coli');
  assert.equal(bracketSynonym('Essential (primary) hypertension'), undefined);
});

test('an open fracture episode is a fact of its title', () => {
  const open = titleFacts('Unspecified fracture of left femur, initial encounter for open fracture type I or II');
  const closed = titleFacts('Unspecified fracture of left femur, initial encounter for closed fracture');
  assert.notEqual(open & 32, 0);
  assert.equal(closed & 32, 0);
});
