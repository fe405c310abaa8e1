import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import type { Deidentified } from '../../../server/deid/deidentified.ts';
import { codeDocument, type CodedDocument } from '../../../server/suggest/document/code-document.ts';
import { inStatedDiabetesCategory, statedDiabetesCategory } from '../../../server/suggest/document/diabetes-type.ts';
import { problemItems } from '../../../server/suggest/document/problem-statement.ts';
import { loadTerminology } from '../../../terminology/icd10cm/load.ts';
import type { Terminology } from '../../../terminology/icd10cm/terminology.ts';

let terminology: Terminology;
before(async () => {
  terminology = await loadTerminology();
});

/** Test texts are synthetic, PHI-free problem statements: branded as the de-identifier's output. */
const code = (text: string): CodedDocument => codeDocument(text as Deidentified<string>, terminology);
const codes = (text: string): string[] => code(text).codes.map((c) => c.code);
const items = (text: string): string[] | undefined => problemItems(text)?.map((i) => text.slice(i.start, i.end));

test('a one-line problem is one item; a numbered list is its problems in order, a bare label left out', () => {
  assert.deepEqual(items('COPD w/ acute exacerbation.'), ['COPD w/ acute exacerbation']);
  assert.deepEqual(items('Problem list: 1. NSTEMI 2. CAD of native coronary arteries 3) Current smoker'), [
    'NSTEMI',
    'CAD of native coronary arteries',
    'Current smoker',
  ]);
  assert.deepEqual(items('Active problems: UTI; hypokalemia'), ['UTI', 'hypokalemia']);
  assert.deepEqual(items('Gout\nHyperkalemia\n'), ['Gout', 'Hyperkalemia']);
});

test('a heading that says more than a label is read after the problems', () => {
  assert.deepEqual(items('Prenatal visit, 32 weeks: 1. Gestational hypertension 2. Anemia'), [
    'Gestational hypertension',
    'Anemia',
    'Prenatal visit, 32 weeks',
  ]);
});

test('a narrative of several sentences, or a long problem, is a document, not a problem statement', () => {
  assert.equal(items('Essential hypertension. The patient denies chest pain.'), undefined);
  assert.equal(items('1. Chest pain. She was seen in clinic and sent home. 2. Anemia'), undefined);
  assert.equal(items('word '.repeat(30)), undefined);
  // Numbers that are not a list from 1 are not problems.
  assert.deepEqual(items('CKD stage 3.'), ['CKD stage 3']);
});

test('the first problem of a list is the principal, and every problem is coded', () => {
  const doc = code('1. Hypertensive CKD stage 3b 2. Gout');
  assert.equal(doc.codes[0]?.code, 'I12.9');
  assert.equal(doc.codes[0]?.principal, true);
  assert.match(doc.codes[0]?.reason ?? '', /first problem/);
  assert.ok(
    doc.codes.some((c) => c.code.startsWith('M10')),
    doc.codes.map((c) => c.code).join(' '),
  );
  for (const c of doc.codes)
    for (const e of c.evidence) assert.equal('1. Hypertensive CKD stage 3b 2. Gout'.slice(e.start, e.end), e.text);
});

test('a symptom goes after the diagnosis it belongs to (Guidelines I.B.4-5)', () => {
  const list = codes('Atrial fibrillation with palpitations');
  assert.equal(list[0], 'I48.91');
  const symptom = list.indexOf('R00.2');
  assert.ok(symptom === -1 || symptom > list.indexOf('I48.91'));
});

test('a later episode is not claimed when the problem does not say it (NSTEMI is I21.4, not I22.2)', () => {
  const list = codes('NSTEMI');
  assert.equal(list[0], 'I21.4');
});

test('a reading whose title says what the problem denies goes after one that agrees', () => {
  const list = codes('GERD with esophagitis, no bleeding');
  assert.equal(list[0], 'K21.00');
  const bleeding = list.indexOf('K21.01');
  assert.ok(bleeding === -1 || bleeding > 0);
});

test('a negated or historical problem gets no present-condition reading', () => {
  assert.deepEqual(codes('No pneumonia'), []);
  const past = codes('History of breast cancer');
  assert.ok(!past.some((c) => c.startsWith('C50')), past.join(' '));
});

test('diabetes of no stated type is type 2; a stated type stands; other categories keep their reading', () => {
  assert.equal(statedDiabetesCategory('Diabetic nephropathy'), 'E11');
  assert.equal(statedDiabetesCategory('T1DM with neuropathy'), 'E10');
  assert.equal(statedDiabetesCategory('DM2 with hyperglycemia'), 'E11');
  assert.equal(statedDiabetesCategory('steroid-induced diabetes'), undefined);
  const has = (c: string): boolean => ['E11.21', 'E10.21'].includes(c);
  assert.equal(inStatedDiabetesCategory('E13.21', 'Diabetic nephropathy', has), 'E11.21');
  assert.equal(inStatedDiabetesCategory('E13.21', 'type 1 diabetic nephropathy', has), 'E10.21');
  assert.equal(inStatedDiabetesCategory('E13.21', 'secondary diabetes with nephropathy', has), 'E13.21');
  assert.equal(inStatedDiabetesCategory('I10', 'Diabetic nephropathy', has), 'I10');
});
