import assert from 'node:assert/strict';
import { test } from 'node:test';
import { MentionContext } from '../../server/suggest/clinical-text/mention-context.ts';
import { findSections } from '../../server/suggest/clinical-text/sections.ts';

const statusOf = (text: string, phrase: string, options?: { ignoreWithout?: boolean }): string => {
  const context = new MentionContext(text);
  const at = text.indexOf(phrase);
  assert.ok(at >= 0, phrase);
  return context.statusOf(at, at + phrase.length, options);
};

test('negation triggers govern a list until a terminator', () => {
  const text = 'Denies chest pain, shortness of breath or palpitations but reports a productive cough.';
  assert.equal(statusOf(text, 'chest pain'), 'negated');
  assert.equal(statusOf(text, 'palpitations'), 'negated');
  assert.equal(statusOf(text, 'productive cough'), 'affirmed');
  assert.equal(statusOf('No fever. Pneumonia on CXR.', 'Pneumonia'), 'affirmed');
});

test('"not" governs only a few words: "not feeding and lethargic"', () => {
  assert.equal(statusOf('Newborn not feeding and lethargic since morning.', 'lethargic'), 'affirmed');
  assert.equal(statusOf('Newborn not feeding and lethargic since morning.', 'feeding'), 'negated');
});

test('uncertainty, history and post-negation', () => {
  assert.equal(statusOf('Rule out pulmonary embolism.', 'pulmonary embolism'), 'uncertain');
  assert.equal(statusOf('History of myocardial infarction in 2015.', 'myocardial infarction'), 'historical');
  assert.equal(statusOf('Pulmonary embolism was ruled out by CT.', 'Pulmonary embolism'), 'negated');
});

test('a relative\'s illness is family history; "my son has" is about the patient', () => {
  assert.equal(statusOf('Mother had breast cancer at 50.', 'breast cancer'), 'family');
  assert.equal(statusOf('Family history: father with colon cancer. Patient has asthma.', 'colon cancer'), 'family');
  assert.equal(statusOf('Family history: father with colon cancer. Patient has asthma.', 'asthma'), 'affirmed');
  assert.equal(statusOf('My son has sudden pain in one testicle.', 'pain'), 'affirmed');
});

test('a term that itself says "without" keeps the words its "without" governs', () => {
  const text = 'Migraine without aura.';
  assert.equal(statusOf(text, 'aura'), 'negated');
  assert.equal(statusOf(text, 'aura', { ignoreWithout: true }), 'affirmed');
});

test('sections are found by inline and line headings', () => {
  const kinds = findSections('CC: cough.\nHPI: 3 days of cough. PMH: asthma. Assessment: acute bronchitis.').map(
    (s) => s.kind,
  );
  assert.deepEqual(kinds, ['chief-complaint', 'hpi', 'past-history', 'assessment']);
});

test('a comma ends a negation when the next clause states a finding of its own', () => {
  const fall = '84M, fall, no head strike, R wrist swollen and deformed.';
  assert.equal(statusOf(fall, 'head strike'), 'negated');
  assert.equal(statusOf(fall, 'wrist swollen'), 'affirmed');
  assert.equal(statusOf('No fever, has a cough.', 'cough'), 'affirmed');
  // A list of bare findings stays in scope, "and"/"or" items too.
  const list = 'Denies fever, chills, night sweats, and weight loss.';
  assert.equal(statusOf(list, 'night sweats'), 'negated');
  assert.equal(statusOf(list, 'weight loss'), 'negated');
});

test(
  'long blank runs (a chart text blanked with its offsets kept) keep their headings and offsets',
  { timeout: 30_000 },
  () => {
    const blank = ' '.repeat(20_000);
    const text = `Chest pain.${blank}x.${blank}\n${blank}Assessment: angina;${blank}plan: admit`;
    const sections = findSections(text);
    assert.deepEqual(
      sections.map((s) => s.kind),
      ['other', 'assessment', 'plan'],
    );
    assert.equal(text.slice(sections[1]?.start, sections[1]?.end).trim(), 'angina;');
    assert.equal(text.slice(sections[2]?.start).trim(), 'admit');
  },
);
