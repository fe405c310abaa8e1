import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { FhirResource } from 'fhir/r4.d.ts';
import { buildCodingCard } from '../../cds-hooks/cards/coding-card.ts';
import { SERVICES_BY_ID } from '../../cds-hooks/services.ts';
import { createDeidentifier } from '../../server/deid/index.ts';
import { createLogger } from '../../server/log/logger.ts';
import { createSuggestionPipeline } from '../../server/suggest/pipeline.ts';
import type { CodeCandidate } from '../../server/suggest/code-candidates.ts';
import { bmiCode, nameCovered } from '../../server/suggest/chart-candidates.ts';
import { applyGuardrails } from '../../server/suggest/guardrails.ts';
import { checkSpecificity } from '../../server/suggest/specificity.ts';
import { createRulesBackend } from '../../server/suggest/rules-backend.ts';
import { loadTerminology } from '../../terminology/icd10cm/load.ts';
import { condition, encounter, note, PATIENT, vital } from '../chart/chart-fixtures.ts';

const terminology = await loadTerminology();
const rules = createRulesBackend(terminology);
const pipeline = createSuggestionPipeline({
  terminology,
  deidentifier: createDeidentifier({ secret: 'test-secret-0123456789abcdef0123456789' }),
  backend: rules,
  rulesVersion: rules.modelVersion,
  logger: createLogger({ level: 'silent' }),
});
const ENC = encounter('e1', '2026-03-01T09:00:00Z', '2026-03-01T10:00:00Z');
const RESOLVED: FhirResource[] = [
  condition('ph', 'Acute viral pharyngitis', { clinical: 'resolved', onset: '2019-01-01', abatement: '2019-01-20' }),
  condition('br', 'Acute bronchitis', { clinical: 'resolved', onset: '2020-01-01', abatement: '2020-02-01' }),
  condition('od', 'Drug overdose', { clinical: 'resolved', onset: '1998-01-01', abatement: '1998-01-02' }),
  condition('burn', 'Second degree burn', { clinical: 'resolved', onset: '2012-01-01', abatement: '2012-03-01' }),
];
const suggest = (resources: FhirResource[], encounterId = 'e1') =>
  pipeline.suggest({ resources: [PATIENT, ...resources], encounterId }, { wantCodes: true, wantTriage: true });

test('resolved conditions never become current codes, and history alone fires no triage', async () => {
  const s = await suggest([ENC, ...RESOLVED]);
  for (const c of s.codes) {
    assert.match(c.code, /^Z8[5-7]/, `${c.code} is only allowed as a history code`);
    assert.ok(c.basis?.every((b) => b.kind === 'history'));
  }
  assert.ok(!s.codes.some((c) => /^(?:J02|J20|T|X)/.test(c.code)));
  // History raises risk but fires nothing: triage is what the same encounter gives without it.
  const without = await suggest([ENC]);
  assert.deepEqual(s.triage?.redFlags, []);
  assert.equal(s.triage?.level, without.triage?.level);
  assert.deepEqual(
    s.triage?.discriminators.map((d) => d.id),
    without.triage?.discriminators.map((d) => d.id),
  );
  assert.match(
    s.text,
    /Past history:\n(?:- history of .*\n)*- history of Acute viral pharyngitis \(resolved, \d+ years ago\)/,
  );
});

test('an encounter with its own diagnoses is coded from them; without, from the current problems', async () => {
  const own = await suggest([
    ENC,
    condition('dx', 'Acute bronchitis', { clinical: 'active', encounter: 'e1', onset: '2026-03-01T09:30:00Z' }),
    condition('htn', 'Essential hypertension', { clinical: 'active', onset: '2015-01-01' }),
  ]);
  assert.equal(own.codes[0]?.code, 'J20.9');
  assert.deepEqual(own.codes[0]?.basis, [{ ref: 'Condition/dx', kind: 'encounter-diagnosis' }]);
  assert.deepEqual(
    own.codes.find((c) => c.code === 'I10')?.basis,
    [{ ref: 'Condition/htn', kind: 'current' }],
    'a current chronic condition is coded too, below the encounter diagnosis',
  );
  const none = await suggest([ENC, condition('htn', 'Essential hypertension', { clinical: 'active' })]);
  assert.deepEqual(
    none.codes.map((c) => c.code),
    ['I10'],
  );
});

test('pain 0/10 is no pain: no pain code and no urgency; 9/10 is severe pain', async () => {
  const painless = await suggest([ENC, vital('pain', '72514-3', 0, '{score}', '2026-03-01T09:05:00Z')]);
  assert.ok(!painless.codes.some((c) => c.code.startsWith('R52') || c.code.startsWith('G89')));
  const baseline = await suggest([ENC]);
  assert.equal(painless.triage?.level, baseline.triage?.level);
  assert.deepEqual(painless.triage?.redFlags, []);
  assert.match(painless.text, /Pain score 0\/10 \(5 min into the encounter\)/);
  const severe = await suggest([ENC, vital('pain', '72514-3', 9, '{score}', '2026-03-01T09:05:00Z')]);
  // Pain at no named site is taken as central (CTAS: severe central pain is level 2).
  assert.equal(severe.triage?.level, 'EMERGENT');
  assert.ok(
    severe.triage?.discriminators.some((d) => d.evidence.some((e) => 'ref' in e && e.ref === 'Observation/pain')),
    'the level cites the pain score Observation',
  );
  const stale = await suggest([ENC, vital('spo2', '59408-5', 82, '%', '2019-03-01T09:05:00Z')]);
  assert.equal(stale.triage?.level, baseline.triage?.level, 'a years-old SpO2 of 82% is not used');
  assert.ok(!stale.text.includes('SpO2'));
});

test('a code Chartside already wrote for the encounter shows as on the chart and is not offered on a card', async () => {
  const s = await suggest([
    ENC,
    condition('acc', 'Essential (primary) hypertension', {
      clinical: 'active',
      verification: 'confirmed',
      icd10: 'I10',
      tag: true,
      encounter: 'e1',
    }),
    note('n1', 'e1', '2026-03-01T09:45:00Z', 'Seen for essential hypertension and acute bronchitis.'),
  ]);
  const i10 = s.codes.find((c) => c.code === 'I10');
  assert.equal(i10?.onChart, 'Condition/acc');
  assert.ok(s.codes.some((c) => c.code === 'J20.9' && c.onChart === undefined));
  const service = SERVICES_BY_ID.get('chartside-icd10-discharge');
  assert.ok(service);
  const card = buildCodingCard(s, {
    service,
    hook: 'encounter-discharge',
    hookInstance: 'h1',
    patientId: 'p1',
    encounterId: 'e1',
    now: new Date('2026-03-01T10:00:00Z'),
  });
  const offered = (card?.suggestions ?? []).map((x) => x.label);
  assert.ok(offered.some((l) => l.includes('J20.9')));
  assert.ok(!offered.some((l) => l.includes('I10')), 'I10 is already on the chart');
  assert.match(card?.detail ?? '', /I10\*\* .*already on the chart/);
});

test('laterality: the unspecified side with a prompt when the chart is silent, the side taken when it speaks', async () => {
  const silent = await suggest([
    ENC,
    condition('sp', 'Sprain of wrist', { clinical: 'active', encounter: 'e1', onset: '2026-03-01T09:10:00Z' }),
  ]);
  const wrist = silent.codes.find((c) => c.code.startsWith('S63'));
  assert.ok(wrist && !/\b(?:right|left)\b/i.test(wrist.display), wrist?.display);
  assert.ok(wrist.documentation?.includes('document laterality'));
  const right = await pipeline.suggest(
    { text: 'Right wrist sprain after a fall.' },
    { wantCodes: true, wantTriage: false },
  );
  assert.ok(right.codes.some((c) => c.code === 'S63.501A'));
  assert.ok(!right.codes.some((c) => /\bleft\b/i.test(c.display)));
});

test('intractability: never contradicted; "not intractable" with a prompt when the chart is silent', () => {
  const silent = checkSpecificity(terminology, 'G43.909', 'Migraine');
  assert.deepEqual([silent.code, silent.keep, silent.prompts], ['G43.909', true, ['document whether intractable']]);
  const stated = checkSpecificity(terminology, 'G43.909', 'Chronic intractable migraine');
  assert.equal(stated.keep, true);
  assert.doesNotMatch(terminology.display(stated.code) ?? '', /not intractable/i);
  assert.deepEqual(stated.changed, ['intractability']);
});

test('a side the chart contradicts is never offered: the stated side replaces it', () => {
  const fit = checkSpecificity(terminology, 'S63.501A', 'Left wrist sprain');
  assert.equal(fit.code, 'S63.502A');
  assert.deepEqual(fit.changed, ['laterality']);
});

test('"without complications" is never offered when the sentence states a complication', () => {
  const stated = checkSpecificity(terminology, 'E11.9', 'Type 2 diabetes mellitus with hyperglycemia');
  assert.deepEqual([stated.code, stated.keep, stated.changed], ['E11.65', true, ['complication']]);
  const negated = checkSpecificity(terminology, 'E11.9', 'Type 2 diabetes, no retinopathy or neuropathy');
  assert.deepEqual([negated.code, negated.keep], ['E11.9', true]);
  const unnamed = checkSpecificity(terminology, 'E11.9', 'Type 2 diabetes, complicated');
  assert.equal(unnamed.keep, false);
});

test('"without complications" beside a code of its category that names one is dropped from the answer', () => {
  const text = 'Type 2 diabetes mellitus. Hyperglycemia due to type 2 diabetes.';
  const candidate = (code: string, start: number, end: number): CodeCandidate => ({
    code,
    display: terminology.display(code) ?? '',
    billable: true,
    score: 0.8,
    evidence: { text: text.slice(start, end), start, end },
    section: 'other',
    status: 'affirmed',
    rationale: 'test',
  });
  const candidates = [candidate('E11.9', 0, 24), candidate('E11.65', 26, 62)];
  const decision = {
    codes: candidates.map((c) => ({ code: c.code, confidence: 0.8, evidence: c.evidence.text, rationale: 'test' })),
  };
  const { codes, report } = applyGuardrails(text, decision, candidates, terminology, 'rules', undefined);
  assert.deepEqual(
    codes.map((c) => c.code),
    ['E11.65'],
  );
  assert.equal(report.contradicted, 1);
});

test('BMI is coded from the measured value, only beside a weight diagnosis (Guidelines I.B.14), never from a name', async () => {
  const bmi = vital('bmi', '39156-5', 41.9, 'kg/m2', '2026-03-01T09:10:00Z');
  const obese = condition('ob', 'Obesity', { encounter: 'e1' });
  const withValue = await suggest([ENC, obese, bmi]);
  const z68 = withValue.codes.find((c) => c.code.startsWith('Z68'));
  assert.equal(z68?.code, 'Z68.41');
  assert.deepEqual(z68?.basis, [{ ref: 'Observation/bmi', kind: 'vital' }]);
  const obesity = withValue.codes.findIndex((c) => c.code.startsWith('E66'));
  assert.ok(obesity >= 0 && withValue.codes.indexOf(z68) > obesity, 'the obesity is coded, and first');
  assert.equal(withValue.text.slice(z68.evidence[0]?.start, z68.evidence[0]?.end), z68.evidence[0]?.text);
  // No weight diagnosis: the value alone is not reported. A name's range is no BMI code.
  assert.ok(!(await suggest([ENC, bmi])).codes.some((c) => c.code.startsWith('Z68')));
  const named = await suggest([ENC, condition('ob', 'Body mass index 40+ - severely obese', { encounter: 'e1' })]);
  assert.ok(!named.codes.some((c) => c.code.startsWith('Z68')));
});

test('adult BMI codes by value; none for a child, whose codes need a percentile', () => {
  assert.equal(bmiCode(19.95, 40), 'Z68.1');
  assert.equal(bmiCode(24.99, 40), 'Z68.24');
  assert.equal(bmiCode(30.0, 40), 'Z68.30');
  assert.equal(bmiCode(39.9, 40), 'Z68.39');
  assert.equal(bmiCode(44.9, 40), 'Z68.41');
  assert.equal(bmiCode(52, 40), 'Z68.43');
  assert.equal(bmiCode(71, 40), 'Z68.45');
  assert.equal(bmiCode(31, 12), undefined);
  assert.equal(bmiCode(31, undefined), undefined);
});

test('a past problem becomes a history code only when the code says what it was (a sprain is no fracture)', async () => {
  const title = 'Personal history of (healed) traumatic fracture';
  assert.equal(nameCovered('Sprain of ankle', title), 0);
  assert.equal(nameCovered('Fracture of ankle', title), 0.5);
  assert.ok(nameCovered('Whiplash injury to neck', 'Personal history of traumatic brain injury') < 0.5);
  const s = await suggest([
    ENC,
    condition('pn', 'Pneumonia', { clinical: 'resolved', onset: '2019-01-01', abatement: '2019-02-01' }),
  ]);
  assert.deepEqual(
    s.codes.filter((c) => c.code === 'Z87.01').map((c) => c.basis?.map((b) => b.ref)),
    [['Condition/pn']],
  );
});
