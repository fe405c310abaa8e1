import assert from 'node:assert/strict';
import { test } from 'node:test';
import { corpusBleu, sentenceBleu } from '../../server/eval/bleu.ts';
import { checkHallucinations, preservedFacts, quantitiesIn } from '../../server/eval/clinical-facts.ts';
import { computeUnsupportedEvidence } from '../../server/eval/coding-evidence.ts';
import { computeGenerationMetrics } from '../../server/eval/generation-metrics.ts';
import { COMMON_MEDICATIONS, medicationNamesIn } from '../../server/eval/medication-lexicon.ts';
import { countSyllables, fleschKincaid } from '../../server/eval/readability.ts';
import { lcsLength, rougeL } from '../../server/eval/rouge-l.ts';
import { sectionCompleteness } from '../../server/eval/section-completeness.ts';
import { metricTokens } from '../../server/eval/text-tokens.ts';

const close = (actual: number, expected: number, digits = 4): void =>
  assert.ok(Math.abs(actual - expected) < 10 ** -digits, `${actual} ≉ ${expected}`);

const REF = 'the cat is on the mat';

test('tokens are lower-cased words and single punctuation marks', () => {
  assert.deepEqual(metricTokens('Take Aspirin 81 mg, daily.'), ['take', 'aspirin', '81', 'mg', ',', 'daily', '.']);
});

test('BLEU of an output identical to its reference is 1', () => {
  assert.equal(corpusBleu([REF], [REF]).bleu, 1);
});

test('BLEU with one extra word: (6/7 · 5/6 · 4/5 · 3/4)^(1/4) = (3/7)^(1/4)', () => {
  const score = corpusBleu(['the cat is on the mat today'], [REF]);
  assert.deepEqual(score.precisions, [6 / 7, 5 / 6, 4 / 5, 3 / 4]);
  assert.equal(score.brevityPenalty, 1);
  close(score.bleu, 0.8091); // (3/7)^0.25 = 0.80911
});

test('BLEU of a short output takes the brevity penalty exp(1 − r/c)', () => {
  const score = corpusBleu(['the cat is on'], [REF]);
  close(score.brevityPenalty, 0.6065); // exp(1 − 6/4) = exp(−0.5)
  close(score.bleu, 0.6065); // all four precisions are 1
});

test('corpus BLEU sums n-gram counts over cases before the mean', () => {
  // c = 7 + 4, r = 6 + 6; p1 = 10/11, p2 = 8/9, p3 = 6/7, p4 = 4/5; BP = exp(1 − 12/11)
  // BLEU = 0.913101 · (0.554113)^(1/4) = 0.913101 · 0.862780 = 0.7878
  const score = corpusBleu(['the cat is on the mat today', 'the cat is on'], [REF, REF]);
  close(score.bleu, 0.7878);
});

test('corpus BLEU is unsmoothed (no 4-gram match → 0); sentence BLEU uses ε = 0.1 for such orders', () => {
  assert.equal(corpusBleu(['the cat sat on the mat'], [REF]).bleu, 0);
  // p = 5/6, 3/5, 1/4, 0.1/3 → (0.0041667)^(1/4) = 0.2541
  close(sentenceBleu('the cat sat on the mat', REF), 0.2541);
});

test('ROUGE-L is the LCS F1 of candidate and reference', () => {
  assert.equal(lcsLength(['a', 'b', 'c', 'd'], ['a', 'c', 'd', 'b']), 3);
  close(rougeL('the cat sat on the mat', REF), 5 / 6); // LCS "the cat on the mat" = 5; P = R = 5/6
  close(rougeL('on the mat the cat', REF), 0.5455); // LCS 3: P = 3/5, R = 3/6, F = 0.6/1.1
  assert.equal(rougeL('', REF), 0);
});

test('the syllable counter follows its stated rules', () => {
  const expected: Record<string, number> = {
    cat: 1,
    take: 1,
    takes: 1,
    walked: 1,
    table: 2,
    tablet: 2,
    every: 3,
    morning: 2,
    dizzy: 2,
    syllable: 3,
    medication: 4,
    yes: 1,
  };
  for (const [word, n] of Object.entries(expected)) assert.equal(countSyllables(word), n, word);
});

test('Flesch–Kincaid grade on known texts', () => {
  // 6 words, 1 sentence, 6 syllables: 0.39·6 + 11.8·1 − 15.59 = −1.45
  const a = fleschKincaid('The cat sat on the mat.');
  assert.deepEqual([a.words, a.sentences, a.syllables], [6, 1, 6]);
  close(a.grade, -1.45);
  // 12 words, 2 sentences, 18 syllables: 0.39·6 + 11.8·1.5 − 15.59 = 4.45
  const b = fleschKincaid('Take one tablet every morning. Call your doctor if you feel dizzy.');
  assert.deepEqual([b.words, b.sentences, b.syllables], [12, 2, 18]);
  close(b.grade, 4.45);
  assert.equal(fleschKincaid('').grade, 0);
});

test('section completeness counts the expected headings the reference has', () => {
  const reference = 'Subjective:\ncough\nObjective:\nT 38.5\nAssessment:\nCAP\nPlan:\nabx';
  const output = 'HPI: three days of cough.\nAssessment and Plan: pneumonia; start antibiotics.';
  assert.equal(sectionCompleteness('note', output, reference), 0.75); // Subjective, Assessment, Plan of 4
  assert.equal(sectionCompleteness('note', output, 'Subjective: x\nPlan: y'), 1); // expected: those two
  const discharge = '## Admission Diagnosis\nCAP\nHospital course: improved\n1. Discharge medications:\nnone';
  assert.equal(sectionCompleteness('discharge', discharge, 'no headings here'), 0.6); // 3 of the 5
  assert.equal(sectionCompleteness('note', 'The plan is to rest.', reference), 0); // not a heading
});

test('numbers with units are found and normalised', () => {
  const keys = quantitiesIn(
    'Metoprolol 25mg BID, BP 150/90 mmHg, HR 88 bpm, T 38.5 °C, 1,000 mL NS, 25 MG again, day 3',
  )
    .map((q) => `${q.key}${q.dose ? ' (dose)' : ''}`)
    .sort();
  assert.deepEqual(keys, ['1000 ml (dose)', '25 mg (dose)', '38.5 °c', '88 bpm', '90 mmhg']);
});

test('RxNorm-style names in inputs join the lexicon', () => {
  assert.deepEqual(
    medicationNamesIn(
      'Acetaminophen 325 MG / Hydrocodone Bitartrate 7.5 MG Oral Tablet; 24 HR Metformin hydrochloride 500 MG Extended Release Oral Tablet; Tablet daily Zyxolol 5 MG',
    ).sort(),
    ['acetaminophen', 'hydrocodone', 'metformin', 'zyxolol'],
  );
});

test('the hallucination check counts unsupported quantities, doses and drug names', () => {
  const lexicon = new Set([...COMMON_MEDICATIONS, 'lisinopril']);
  const input = 'Lisinopril 10 MG Oral Tablet daily. BP 150/90 mmHg.';
  const output = 'Continue lisinopril 20 mg daily and start metformin 500 mg. BP was 150/90 mmHg.';
  assert.deepEqual(checkHallucinations(output, input, lexicon), {
    quantities: 3, // 20 mg, 500 mg, 90 mmHg
    unsupportedQuantities: 2,
    doses: 2,
    unsupportedDoses: 2,
    medications: 2, // lisinopril, metformin
    unsupportedMedications: 1,
  });
  assert.deepEqual(checkHallucinations('Continue lisinopril 10 mg.', input, lexicon).unsupportedDoses, 0);
});

test("fact preservation counts the reference's facts the output states", () => {
  const lexicon = new Set(COMMON_MEDICATIONS);
  const reference = 'Take lisinopril 10 mg every day. Your blood pressure was 150/90 mmHg.';
  assert.deepEqual(preservedFacts('Take lisinopril 10 mg daily.', reference, lexicon), [2, 3]);
});

test('generation metrics of a task aggregate the per-case scores', () => {
  const cases = [
    { input: 'Lisinopril 10 MG daily. BP 150/90 mmHg.', output: 'Take lisinopril 10 mg every day.' },
    { input: 'Amoxicillin 500 MG three times a day for 7 days.', output: 'Take amoxicillin 500 mg for 7 days.' },
  ];
  const { metrics, distributions } = computeGenerationMetrics('patient-comm', cases, [
    'Take lisinopril 10 mg every day.',
    'Take amoxicillin 875 mg for 7 days.',
  ]);
  assert.equal(metrics.n, 2);
  assert.equal(metrics.hallucinatedDoses, 1); // 875 mg
  assert.equal(metrics.hallucinatedQuantities, 1);
  assert.equal(metrics.hallucinatedMedications, 0);
  assert.equal(metrics.hallucinationFree, 0.5);
  assert.equal(metrics.factPreservation, 0.8); // 10 mg, lisinopril, 7 d, amoxicillin of 5 (500 mg lost)
  assert.equal(distributions.bleu[0], 1);
  assert.equal(distributions.gradeLevel?.length, 2);
  assert.equal(metrics.sectionCompleteness, undefined);
});

test('unsupported evidence: suggestions with no quote found verbatim in the input', () => {
  const rate = computeUnsupportedEvidence(
    [['cough and fever for three days'], ['chest pain', '[NAME] has chest pain']],
    [
      [{ evidence: ['cough'] }, { evidence: ['wheezing'] }],
      [{ evidence: ['[NAME] has'] }, { evidence: [] }],
    ],
  );
  assert.equal(rate, 0.5); // "wheezing" and the suggestion without evidence, of 4
});
