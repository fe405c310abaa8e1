/**
 * Discriminator cases phrased as patients and relatives say them (the lay-clause table), each with a
 * near miss: negated, a benign look-alike, or the words apart in different sentences. Written from the
 * lay material the rows cite (FAST, NICE NG51, NASPGHAN, C-SSRS…), not from any evaluation set.
 */
export const LAY_DISCRIMINATOR_CASES: readonly (readonly [id: string, positive: string, nearMiss: string])[] = [
  [
    'stroke',
    'My dad is 70. Half of his smile has gone lopsided and his words keep coming out wrong since an hour ago.',
    'My dad is 70. He smiled at the baby; his words were clear and his face is not drooping.',
  ],
  [
    'stroke',
    "My wife's left arm went weak and she can't lift it, started 20 minutes ago.",
    'My wife hurt her left arm lifting boxes; it is sore but strong.',
  ],
  [
    'altered-conscious-level',
    "Grandad is 90 and today he doesn't recognise his own daughter and keeps nodding off.",
    'Grandad is 90, knows where he is and who we are, a bit tired after a long walk.',
  ],
  [
    'bowel-obstruction-complete',
    "I keep vomiting dark green fluid, my belly is bloated and tight, and I haven't passed any wind since yesterday.",
    "My 6-year-old hasn't done a poo for 3 days, his tummy is a bit bloated but he is eating and playing.",
  ],
  [
    'compartment-syndrome',
    'She broke her arm and had a plaster put on this morning; now she screams when I move her fingers.',
    'She broke her arm last month, the plaster came off, her fingers move freely and it does not hurt.',
  ],
  [
    'battery-magnet-ingestion',
    'My 18-month-old put one of the small round batteries from the kitchen scale in his mouth and I think he swallowed it.',
    'My 18-month-old chewed the remote control; the battery cover is still on and both batteries are there.',
  ],
  [
    'suicidality',
    'My sister has been stockpiling her sleeping tablets and wrote goodbye notes to her children.',
    'My sister is stressed at work, sleeping badly, and looking forward to her holiday.',
  ],
  [
    'long-lie-elderly',
    'Our 82-year-old neighbour was found lying on the bathroom floor this morning, she could not say how long.',
    'Our 82-year-old neighbour sat on the bathroom floor to clean the bath and got up on her own.',
  ],
  [
    'acs-equivalent-older',
    'Mum is 78, unusually tired and breathless today, her jaw and both arms ache and she was sick.',
    'Mum is 78, her arms ache after gardening all day; no breathlessness, no sickness, otherwise fine.',
  ],
  [
    'syncope-exertional',
    'My 15-year-old fainted in the middle of a swimming race and came round after a few seconds.',
    'My 15-year-old fainted at the sight of blood during a vaccination, came round straight away.',
  ],
  [
    'sepsis-moderate-risk',
    '66M a week after his gallbladder operation: shaking and shivering, HR 112, temperature 35.7, hardly any urine today.',
    '66M a week after his gallbladder operation: wound healing, HR 84, temperature 36.8, passing urine normally.',
  ],
  [
    'pre-eclampsia',
    "I'm 35 weeks pregnant with a bad headache and I keep seeing flashing lights.",
    "I'm 35 weeks pregnant, had a mild headache yesterday, my vision is fine and no swelling.",
  ],
];

/** Concepts the lay-clause table gives, each with a near miss that must not give it. */
export const LAY_CONCEPT_CASES: readonly (readonly [concept: string, positive: string, nearMiss: string])[] = [
  ['oliguria', "He hasn't peed since last night.", 'No blood in his urine, he pees normally.'],
  ['obstruction-signs', 'She is throwing up green bile.', 'She threw up once; her jumper is green.'],
  [
    'peritonism',
    'He cried out at every bump in the road on the way here.',
    'He bumped his knee on the table and cried.',
  ],
  ['focal-deficit', 'The right side of her face is drooping.', 'She fell and hurt the side of her face.'],
  ['confusion', "She didn't know where she was this morning.", 'She knew where she was and talked normally.'],
  ['eye-symptom', 'I am seeing zigzags in my vision.', 'I have got spots on my arms.'],
  ['rigors', 'He has been shaking and shivery all afternoon.', 'He shivered a little coming in from the snow.'],
  ['chest-wall', 'Pain in my chest when I twist or reach up.', 'Pain in my chest at rest, not changed by moving.'],
  ['bite-sting', 'Bitten by mosquitoes on both ankles.', 'Bitten by a dog on the ankle.'],
];
