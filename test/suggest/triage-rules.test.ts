import assert from 'node:assert/strict';
import { test } from 'node:test';
import { MentionContext } from '../../server/suggest/clinical-text/mention-context.ts';
import { parseFindings } from '../../server/suggest/clinical-text/vitals.ts';
import { assessTriage } from '../../server/suggest/triage-rules.ts';

const assess = (text: string) => assessTriage(new MentionContext(text), parseFindings(text));

test('red flags set an EMERGENT floor and name themselves with evidence', () => {
  const a = assess("72F, sudden onset severe headache, 'worst headache of my life', neck stiffness.");
  assert.equal(a.floor, 'EMERGENT');
  assert.equal(a.level, 'EMERGENT');
  const flag = a.redFlags.find((f) => f.id === 'thunderclap-headache');
  assert.equal(flag?.evidence?.text, 'sudden onset severe headache');
});

test('danger-zone vital signs alone set the floor', () => {
  assert.equal(assess('Cough for 3 days. SpO2 86% on room air.').floor, 'EMERGENT');
  assert.equal(assess('Feels unwell. HR 124, BP 82/50.').floor, 'EMERGENT');
  assert.equal(assess('Sore throat. BP 186/104.').floor, 'URGENT');
});

test('a negated red flag does not fire', () => {
  const a = assess(
    '30F with 3 days of dysuria and urinary frequency, no fever, no flank pain, denies chest pain. Vitals normal.',
  );
  assert.equal(a.redFlags.length, 0);
  assert.equal(a.level, 'SEMI-URGENT');
});

test('stroke, anaphylaxis, suicide with plan and infant fever are EMERGENT', () => {
  assert.equal(assess('My dad suddenly cannot lift his left arm and his speech is slurred.').level, 'EMERGENT');
  assert.equal(assess('Stung by a wasp, now my lips and tongue are swelling.').level, 'EMERGENT');
  assert.equal(assess('He plans to shoot himself tonight.').level, 'EMERGENT');
  assert.equal(assess('3-week-old baby, thermometer says 38.2 C.').level, 'EMERGENT');
});

test('routine needs are NON-URGENT, minor acute problems SEMI-URGENT, fractures URGENT', () => {
  assert.equal(
    assess('25M requesting refill of seasonal allergy medication, no acute complaints.').level,
    'NON-URGENT',
  );
  assert.equal(assess('I have a small itchy mosquito bite on my arm.').level, 'NON-URGENT');
  assert.equal(assess('4-year-old tugging at the left ear since last night, T 38.0 C.').level, 'SEMI-URGENT');
  assert.equal(assess('Fell on ice, deformity of the right wrist, cannot move it.').level, 'URGENT');
});

test('reproducible chest wall pain in a young adult is not EMERGENT, exertional chest pain in an adult is', () => {
  assert.notEqual(
    assess('20M with sharp chest pain reproducible on palpation of the chest wall after moving furniture.').level,
    'EMERGENT',
  );
  assert.equal(assess('58M with chest pressure on exertion radiating to the jaw.').level, 'EMERGENT');
});
