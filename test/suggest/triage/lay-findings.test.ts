import assert from 'node:assert/strict';
import { test } from 'node:test';
import { assessTriage } from '../../../server/suggest/triage/assess-triage.ts';
import { extractFindings } from '../../../server/suggest/triage/findings.ts';

const fired = (text: string): string[] => assessTriage({ text }).discriminators.map((d) => d.id);
const level = (text: string): string => assessTriage({ text }).level;

/**
 * Four classes of emergency written in lay words: peritonism, sepsis shown by skin and perfusion,
 * necrotising soft-tissue infection and acute limb ischaemia. Each positive is written in words other
 * than the protocol's, and each class has near misses: negated, historical and benign look-alikes.
 * Written from the protocols (MTS, NICE NG51, IDSA 2014, ESVS 2020), not from any evaluation case.
 */
const CLASSES: readonly {
  name: string;
  rows: readonly string[];
  positives: readonly string[];
  nearMisses: readonly string[];
}[] = [
  {
    name: 'peritonism in lay words',
    rows: ['peritonitis', 'peritonism-lay', 'peritoneal-movement-pain'],
    positives: [
      'My dad has terrible stomach pain and his stomach is rigid like a board.',
      'She has tummy pain and screams when you touch her tummy.',
      'Lower belly pain since this morning. He is lying very still because moving makes it worse.',
      'Abdominal pain that is agony when she coughs or walks.',
      'Hard, tender belly with vomiting since lunchtime.',
      'Pain in my stomach gets worse when I take a deep breath or cough, I had to lie completely still.',
      "Grandad won't move, says his belly is killing him.",
    ],
    nearMisses: [
      'Stomach ache after dinner, belly is soft and not hard, moving around fine.',
      'History of peritonitis years ago. Today a sore throat.',
      'My 3 year old is constipated and her tummy feels hard, no pain.',
      'Knee pain, it hurts when I walk.',
      "Stomach ache since lunch; he won't move his sore arm since the fall.",
    ],
  },
  {
    name: 'sepsis shown by skin and perfusion (NICE NG51)',
    rows: ['sepsis-named', 'sepsis-poor-perfusion', 'shock'],
    positives: [
      'My husband has had fevers and chills for 2 days and now his skin looks blotchy and purple on his knees.',
      'Temperature 39 and his legs have gone all marbled and purple blotches.',
      'My mum has a urine infection and she has not passed urine since yesterday.',
      'He has a fever and his hands and feet are freezing cold.',
      'Pneumonia, and her skin is a funny colour, pale and blotchy.',
      'Fever and vomiting, and his skin has gone a greyish colour.',
      "My grandmother has the flu and hasn't peed in over 24 hours.",
    ],
    nearMisses: [
      'Fever and a cough, hands and feet warm, skin a normal colour, peeing normally.',
      'My feet are always cold in winter.',
      'Blotchy red rash on his tummy after a viral cold, no fever now.',
      'Urine infection, burning when I pee, peeing more often than usual.',
      'My hair is going grey and I have a mild cold.',
    ],
  },
  {
    name: 'necrotising fasciitis (IDSA 2014)',
    rows: ['necrotising-pain', 'necrotising-signs', 'rapidly-spreading-infection'],
    positives: [
      'Scratched my leg on a fence two days ago and now the pain is much worse than the scratch looks and I feel feverish.',
      'Red patch on his thigh spreading quickly within hours, temperature 38.9.',
      'The skin around the wound is turning black and there are blood-filled blisters.',
      'Pain out of proportion around a small bite on her hand.',
      'The bite on his leg is going purple and black and he has a high temperature.',
    ],
    nearMisses: [
      'Cut on my finger, it hurts about as much as you would expect, no redness.',
      'Red, warm patch on the shin, the same size for three days, no fever.',
      'No blisters and no black skin, just a graze that is healing.',
    ],
  },
  {
    name: 'acute limb ischaemia in any word order (the 6 Ps)',
    rows: ['limb-ischaemia', 'limb-ischaemia-ps'],
    positives: [
      "A 75-year-old man's left leg suddenly became very painful, pale, cold and numb this afternoon.",
      "My foot is cold and white and I can't feel my toes.",
      'Pale, cold right arm since this morning, no pulse at the wrist.',
      'Her leg has gone stone cold and blue and she cannot move her toes.',
      'Sudden pain in the calf, the leg is cold.',
      "My right foot has gone white and it is icy cold and I can't move my toes.",
    ],
    nearMisses: [
      'My feet get cold in the winter but warm up quickly, no pain.',
      'My fingers turn white in the cold and go back to normal when I warm them (Raynaud).',
      'Leg is warm and pink, pulses present, mild ache after walking.',
      'I have a cold and my leg aches from the gym.',
    ],
  },
];

for (const c of CLASSES) {
  test(`${c.name}: every positive is EMERGENT by one of its rows`, () => {
    for (const text of c.positives) {
      const ids = fired(text);
      assert.ok(
        ids.some((id) => c.rows.includes(id)),
        `expected one of ${c.rows.join(', ')} on: ${text} (fired ${ids.join(', ')})`,
      );
      assert.equal(level(text), 'EMERGENT', text);
    }
  });
  test(`${c.name}: near misses fire none of its rows`, () => {
    for (const text of c.nearMisses) {
      const ids = fired(text);
      assert.ok(
        !ids.some((id) => c.rows.includes(id)),
        `none of ${c.rows.join(', ')} on: ${text} (fired ${ids.join(', ')})`,
      );
    }
  });
}

test('lay words for common emergencies: heavy feeling in the chest, muddled with a temperature, ribs sucking in', () => {
  for (const text of [
    'A 58-year-old man has had a heavy feeling in his chest for 40 minutes and feels sick.',
    'My 80 year old father has gone very muddled today and has a temperature.',
    'My toddler is breathing really fast and the skin between his ribs is sucking in.',
    'A 26-year-old woman 2 weeks after giving birth has blurred vision and her BP is 165/112.',
    "My 10 year old's eye is red and swollen, he cannot move it properly and has a fever.",
    'My 3 week old baby is very yellow and sleepy and not interested in feeding.',
    'My son ate peanuts by accident and his throat feels tight and his voice sounds funny.',
    "I'm 45 and my heart is beating very fast and irregularly and I feel like I might pass out.",
    'A 30-year-old man has a painful erection that has lasted 5 hours.',
  ])
    assert.equal(level(text), 'EMERGENT', text);
  assert.notEqual(level('My temperature of 37.2 is normal; mild cold.'), 'EMERGENT');
  // Long-standing muddling (dementia) is not new confusion (NICE CG103: delirium is an acute change).
  assert.notEqual(level('My mum gets a bit muddled with dates sometimes, she has had dementia for years.'), 'EMERGENT');
  assert.equal(extractFindings({ text: 'My temperature of 37.2 is normal.' }).present.has('fever'), false);
  assert.ok(!extractFindings({ text: 'He coughs up yellow phlegm.' }).present.has('jaundice'));
  assert.ok(extractFindings({ text: 'He was in a car accident.' }).present.has('injury'));
});

test('a history phrase ends at "developed": the pain now is current', () => {
  const text = 'A 60-year-old man with a history of stomach ulcers developed sudden severe abdominal pain.';
  assert.ok(fired(text).includes('abdominal-pain') || level(text) === 'EMERGENT');
  assert.notEqual(level('History of stomach ulcers. Here for a repeat prescription.'), 'EMERGENT');
});
