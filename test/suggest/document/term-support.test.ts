import assert from 'node:assert/strict';
import { test } from 'node:test';
import { termSupport, unsupportedReason } from '../../../server/suggest/document/term-support.ts';

/** The mention filter's verdict on one reading: the mention's words, the Index term matched, the code's title. */
const verdict = (mention: string, code: string, term: string, title: string): string | undefined =>
  unsupportedReason(mention, code, termSupport(mention, term, title));

test('a test name read through another word is not a condition ("X-ray" is not radiodermatitis)', () => {
  const support = termSupport('X-ray', 'Radiodermatitis', 'Radiodermatitis, unspecified');
  assert.equal(support.oneWord, true);
  assert.equal(support.synonymOnly, true);
  assert.match(verdict('X-ray', 'L58.9', 'Radiodermatitis', 'Radiodermatitis, unspecified') ?? '', /does not say/);
});

test('one word read as a Z code is not coded ("examination" is not an encounter for a check-up)', () => {
  const title = 'Encounter for general adult medical examination without abnormal findings';
  assert.match(verdict('examination', 'Z00.00', 'Examination', title) ?? '', /Z code needs a phrase/);
  assert.equal(verdict('history of smoking', 'Z87.891', 'History, personal, nicotine dependence', title), undefined);
});

test('a lone letter is never a condition ("24 h")', () => {
  assert.match(verdict('h', 'E72.02', 'H', "Hartnup's disease") ?? '', /lone letter/);
});

test('a site or modifier word alone is not the condition its term names; the condition word itself is', () => {
  assert.match(
    verdict('liver', 'K74.60', 'Unspecified cirrhosis of liver', 'Unspecified cirrhosis of liver') ?? '',
    /site/,
  );
  assert.match(
    verdict('hemorrhagic', 'D69.8', 'Diathesis, hemorrhagic', 'Other specified hemorrhagic conditions') ?? '',
    /modifier/,
  );
  assert.equal(verdict('fever', 'R50.9', 'Fever', 'Fever, unspecified'), undefined);
  assert.equal(verdict('cirrhosis', 'K74.60', 'Cirrhosis, liver', 'Unspecified cirrhosis of liver'), undefined);
});

test('an essential word of the term the text does not say counts against the reading; parentheses do not', () => {
  // "Hemoglobin, S" is sickle-cell trait: the one-letter subterm is essential.
  assert.equal(termSupport('hemoglobin', 'Hemoglobin, S', 'Sickle-cell trait').termUncovered, 0.5);
  const htn = termSupport(
    'hypertension',
    'Hypertension (arterial) (benign) (essential)',
    'Essential (primary) hypertension',
  );
  assert.equal(htn.termUncovered, 0);
  assert.equal(htn.titleCovered, 0.5);
  // Abbreviations meet their expansion through the terminology's analyser.
  const copd = termSupport(
    'COPD',
    'Disease, lung, obstructive (chronic)',
    'Chronic obstructive pulmonary disease, unspecified',
  );
  assert.equal(copd.synonymOnly, false);
  assert.equal(copd.termUncovered, 0);
});

test('a reading that leaves words of the mention unsaid is less specific than one that says them', () => {
  const mention = 'acute exacerbation of COPD';
  const j449 = termSupport(mention, 'Disease, lung, obstructive', 'Chronic obstructive pulmonary disease, unspecified');
  const j441 = termSupport(
    mention,
    'Disease, lung, obstructive, with, exacerbation (acute)',
    'Chronic obstructive pulmonary disease with (acute) exacerbation',
  );
  assert.ok(
    j449.mentionUncovered > j441.mentionUncovered + 0.2,
    `${j449.mentionUncovered} vs ${j441.mentionUncovered}`,
  );
  assert.equal(j441.mentionUncovered, 0);
});

test('the "old" of an age and a word read as a residual NEC category are not conditions', () => {
  const old = termSupport('old', 'Old', 'Old myocardial infarction');
  assert.match(unsupportedReason('old', 'I25.2', old, 'Old', 'a 37-year-') ?? '', /age/);
  assert.equal(unsupportedReason('old', 'I25.2', old, 'Old', 'an infarct, '), undefined);
  const symptoms = termSupport('symptoms', 'Symptoms NEC', 'Other general symptoms and signs');
  assert.match(unsupportedReason('symptoms', 'R68.89', symptoms, 'Symptoms NEC') ?? '', /residual/);
  const pain = termSupport('pain', 'Pain', 'Pain, unspecified');
  assert.equal(unsupportedReason('pain', 'R52', pain, 'Pain'), undefined);
});

test('what a title states as absent counts as said: "without aura" is said by G43.009, not by G43.909', () => {
  const mention = 'Migraine without aura';
  const withoutAura = termSupport(
    mention,
    'Migraine, without aura',
    'Migraine without aura, not intractable, without status migrainosus',
  );
  const unspecified = termSupport(
    mention,
    'Migraine',
    'Migraine, unspecified, not intractable, without status migrainosus',
  );
  assert.equal(withoutAura.mentionUncovered, 0);
  assert.ok(unspecified.mentionUncovered > withoutAura.mentionUncovered + 0.2);
});
