/**
 * Findings that patients and relatives describe in their own words, in any order: a body part or
 * function and what happened to it ("the right side of her face dropped", "her words came out
 * jumbled", "he hasn't peed since last night"). Each row pairs two word sets that must meet within one
 * sentence, a few words apart, either first; it names the concept it gives (a concept of
 * `concepts.ts`, or one declared here) and the public lay-triage material its wording comes from
 * (the FAST/BE-FAST stroke campaign, NHS 111 and NICE lay symptom lists), not any evaluation set.
 *
 * `absence` rows describe something that stopped (no urine, no wind): their own "not" is the finding.
 * Other rows are dropped when negated, historical or about a relative, as every concept is.
 */
export interface LayClause {
  concept: string;
  /** The label, for a concept this table declares. */
  label?: string;
  kind?: 'presentation' | 'risk';
  /** Two word sets that must both occur (either order); one alone reads as a phrase. */
  parts: readonly [string] | readonly [string, string];
  absence?: boolean;
  /** At most this many characters between the two parts (default 40). */
  gap?: number;
  source: string;
}

const WHO = String.raw`(?:his|her|my|their|the|your|its)`;
const NOT = String.raw`(?:not|no|never|hasn'?t|haven'?t|hadn'?t|didn'?t|doesn'?t|isn'?t|wasn'?t|won'?t|can'?t|cannot|couldn'?t|has not|have not|did not|does not|hardly|barely|no longer)`;

export const LAY_CLAUSES: readonly LayClause[] = [
  // Anginal equivalents in older adults, women and diabetics (AHA/ACC 2021 chest pain guideline).
  {
    concept: 'atypical-acs-site',
    parts: [
      String.raw`\b(?:arms?|jaw|shoulders?)\b`,
      String.raw`\b(?:heavy|heaviness|ach(?:e|es|y|ing)|tight(?:ness)?|pressure|squeez\w*|dull pain)\b`,
    ],
    gap: 25,
    source: 'AHA/ACC 2021 chest pain guideline: arm, shoulder or jaw heaviness as an anginal equivalent',
  },
  // Stroke: BE-FAST (balance, eyes, face, arms, speech, time), in the words the campaign teaches.
  {
    concept: 'focal-deficit',
    parts: [
      String.raw`\b(?:face|smile|mouth|lip|cheek|eyelid|side of ${WHO} (?:face|mouth))\b`,
      String.raw`\b(?:dropp?(?:ed|ing|s)?|droop\w*|sagg?(?:ed|ing|s)?|slump\w*|lopsided|crooked|uneven|pull(?:ed|ing|s)? to one side|gone (?:slack|numb|floppy)|went (?:slack|numb|floppy))\b`,
    ],
    source: 'FAST stroke campaign (face drooping); AHA/ASA BE-FAST',
  },
  {
    concept: 'focal-deficit',
    parts: [
      String.raw`\b(?:words?|speech|talking|speaking|sentences?)\b`,
      String.raw`\b(?:jumbled|slurr\w*|garbled|muddled|mixed[- ]up|nonsense|gibberish|wrong (?:words?|way)|(?:came|coming|come) out wrong|all wrong|scrambled)\b`,
    ],
    source: 'FAST stroke campaign (speech difficulty); AHA/ASA BE-FAST',
  },
  {
    concept: 'focal-deficit',
    parts: [
      String.raw`\b(?:(?:left|right|one) (?:arm|leg|hand|side)|(?:arm|leg|hand) on (?:the |${WHO} )?(?:left|right|one) side)\b`,
      String.raw`\b(?:weak|numb|dead|floppy|limp|useless|paralys\w*|gave way|stopped working|went (?:weak|numb|dead|limp)|won'?t (?:move|work|lift|grip)|can'?t (?:move|lift|raise|grip|hold|feel))\b`,
    ],
    gap: 30,
    source: 'FAST stroke campaign (arm weakness); AHA/ASA BE-FAST',
  },
  // Delirium: new confusion is an emergency sign in sepsis and in the elderly (NICE NG51, CG103).
  {
    concept: 'confusion',
    parts: [
      String.raw`\b${NOT} (?:know|recogni[sz]e|remember)\w*\b`,
      String.raw`\b(?:where (?:she|he|they|i|we) (?:was|is|were|am|are|lives?)|who (?:i|we|she|he|they) (?:am|are|is|was|were)|what day|what year|(?:his|her|their|my) own (?:family|daughter|son|wife|husband|children|kids|name|house|home))\b`,
    ],
    absence: true,
    source: 'NICE CG103 delirium (disorientation); NICE NG51 sepsis (new confusion)',
  },
  {
    concept: 'confusion',
    parts: [
      String.raw`\b(?:${NOT} (?:making|make) (?:any )?sense|talking (?:nonsense|rubbish|gibberish)|saying (?:strange|odd|weird|silly) things|seeing (?:things|people) (?:that|who) (?:aren'?t|are not|weren'?t) there|away with the fairies|(?:gone|going|got|getting|become|became|suddenly|very|really|so|all) (?:very |really |all |so )?muddled|muddled (?:today|since|this (?:morning|afternoon|evening)|all of a sudden|overnight)|mumbling)\b`,
    ],
    absence: true,
    source: 'NICE CG103 delirium (disorganised thinking, hallucinations)',
  },
  {
    concept: 'drowsy',
    parts: [
      String.raw`\b(?:keeps?|keeping|kept) (?:dozing|nodding|drifting|falling) (?:off|asleep)|\bcan'?t (?:stay|keep (?:him|her|them)) awake|\bhard to keep (?:him|her|them) awake|\bwon'?t stay awake|\b(?:dozing|nodding) off (?:all the time|mid-?sentence|while (?:talking|eating))`,
    ],
    absence: true,
    source: 'NICE NG51 sepsis (new drowsiness); MTS altered conscious level',
  },
  // Perfusion and output (NICE NG51 sepsis risk criteria in lay words).
  {
    concept: 'oliguria',
    parts: [
      String.raw`\b${NOT} (?:\w+ )?(?:pee'?d|peed|wee'?d|weed|urinated|passed (?:any |much )?(?:water|urine)|had (?:a |any )?(?:wee|pee|wet (?:nappy|nappies|diapers?))|wet (?:a |any |his |her )?(?:nappy|nappies|diapers?)|been to the (?:toilet|bathroom) (?:to (?:pee|wee)|for a (?:pee|wee)))\b`,
    ],
    absence: true,
    source: 'NICE NG51 sepsis: not passed urine in the past 18 hours; NHS 111 dehydration',
  },
  {
    concept: 'oliguria',
    parts: [
      String.raw`\b(?:(?:very |only a )?little|hardly any|barely any|only a (?:trickle|dribble)|much less|a lot less|tiny amounts? of|dark,? (?:small amounts? of)?)\b`,
      String.raw`\b(?:urine|pee|wee|water)\b`,
    ],
    absence: true,
    gap: 12,
    source: 'NICE NG51 sepsis: reduced urine output',
  },
  // Bowel obstruction: vomiting bile, a swollen belly, no wind or stool (NICE CKS; ACS surgical abdomen).
  {
    concept: 'obstruction-signs',
    parts: [
      String.raw`\b(?:vomit\w*|throwing up|threw up|being sick|been sick|bringing up|brought up|puk\w*|sick(?:ing)? up)\b`,
      String.raw`\b(?:green|bile|bilious|dark green|yellow-green|fa?ecal|smells? like (?:poo|faeces|feces))\b`,
    ],
    gap: 25,
    source: 'NICE CKS bowel obstruction; APLS: bilious vomiting is surgical until proven otherwise',
  },
  {
    concept: 'obstruction-signs',
    parts: [
      String.raw`\b${NOT} (?:\w+ )?(?:passed|passing|pass|broken|break|had) (?:any )?(?:wind|gas)\b|\b${NOT} (?:\w+ )?farted\b`,
    ],
    absence: true,
    source: 'NICE CKS bowel obstruction: absolute constipation (no flatus or stool)',
  },
  {
    concept: 'abdominal-distension',
    parts: [
      String.raw`\b(?:stomach|belly|tummy|abdomen|gut)\b`,
      String.raw`\b(?:swollen|swelling|bloated|distended|blown up|huge|massive|tight as a drum|getting bigger|puffed up)\b`,
    ],
    gap: 25,
    source: 'NICE CKS bowel obstruction: abdominal distension',
  },
  // Peritoneal irritation shown by jolts (the "speed-bump" and heel-drop signs).
  {
    concept: 'peritonism',
    parts: [
      String.raw`\b(?:bumps?|speed ?bumps?|jolt\w*|jump\w*|bounc\w*|pothole\w*|heel drop|stamp\w*)\b`,
      String.raw`\b(?:hurt\w*|pain\w*|agony|yelp\w*|scream\w*|cr(?:y|ied|ies)|winc\w*|made (?:him|her|me) (?:cry|scream))\b`,
    ],
    gap: 40,
    source: 'Ashdown et al. BMJ 2012: pain on speed bumps in appendicitis; heel-drop (jolt) sign of peritonism',
  },
  // Compartment syndrome: pain beyond what the injury explains, worse on moving the fingers or toes.
  {
    concept: 'pain-escalating',
    parts: [
      String.raw`\b(?:move|moving|wiggl\w*|stretch\w*|bend\w*|straighten\w*)\b[^.]{0,20}\b(?:toes?|fingers?)\b|\b(?:toes?|fingers?)\b[^.]{0,12}\b(?:moved|move|stretched)\b`,
      String.raw`\b(?:(?:much |far |a lot )?worse|agony|unbearable|excruciating|screams?|screaming|hurts? (?:a lot|so much))\b`,
    ],
    gap: 40,
    source: 'BOAST 10 compartment syndrome: pain on passive stretch of the fingers or toes',
  },
  {
    concept: 'cast',
    parts: [
      String.raw`\b(?:got|has|had|have|wearing|with|new|fresh|put on|put in) (?:a |his |her |my |the )?(?:plaster|cast|splint|backslab)\b|\b(?:broke|broken|fractured|cracked) (?:his |her |my |their |the )?(?:left |right )?(?:shin|shinbone|leg|arm|forearm|wrist|ankle|tibia|fibula|radius|ulna|elbow|collarbone)\b`,
    ],
    source: 'BOAST 10 compartment syndrome: at risk after a long-bone fracture or in a cast',
  },
  {
    concept: 'pain-escalating',
    parts: [
      String.raw`\b(?:painkillers?|pain ?killers?|pain (?:relief|medicines?|meds|tablets)|paracetamol|acetaminophen|ibuprofen|tylenol|morphine|codeine|calpol)\b`,
      String.raw`\b(?:do(?:es)?n'?t|did(?:n'?t| not)|do(?:es)? not|(?:are|is)n'?t|(?:are|is) not|hasn'?t|haven'?t) (?:do|touch|help|work|make)\w*\b|\bdo(?:ing)? nothing\b|\bno (?:help|use|difference|effect)\b|\bnot (?:helping|working|touching)\b`,
    ],
    absence: true,
    gap: 25,
    source: 'MTS: pain not relieved by analgesia; BOAST 10 compartment syndrome',
  },
  // Suicide: a plan, the means gathered, farewell acts (NICE NG225 self-harm; Columbia C-SSRS).
  {
    concept: 'suicidality',
    parts: [
      String.raw`\b(?:sav(?:ed|ing) up|stockpil\w*|hoard\w*|collect(?:ed|ing) up)\b`,
      String.raw`\b(?:pills|tablets|medicines?|meds|painkillers|sleeping tablets)\b`,
    ],
    gap: 30,
    source: 'Columbia C-SSRS: preparatory behaviour (collecting pills); NICE NG225',
  },
  {
    concept: 'suicidality',
    parts: [
      String.raw`\b(?:written|wrote|writing|left|leaving)\b`,
      String.raw`\b(?:goodbye|farewell|(?:a |his |her |my )?(?:suicide )?notes?|letters? (?:to|for) (?:his|her|my|their|the) (?:kids|children|family|wife|husband|parents|mum|mom|dad))\b`,
    ],
    gap: 25,
    source: 'Columbia C-SSRS: preparatory acts (farewell notes, giving away possessions)',
  },
  {
    concept: 'suicidality',
    parts: [
      String.raw`\b(?:plans?|planning|going|intends?|intending|wants?) to\b`,
      String.raw`\b(?:take (?:them|it|the (?:pills|tablets|lot)) all|take all (?:of )?(?:them|the|his|her|my)|jump (?:off|from|in front)|end it(?: all)?|not (?:be )?(?:here|around) (?:any ?more|much longer)|(?:give|giving) (?:away )?(?:his|her|my) things away)\b`,
    ],
    gap: 20,
    source: 'Columbia C-SSRS: suicidal intent with a specific plan; NICE NG225',
  },
  // Hypothermia after a long lie (NICE falls CG161; ERC accidental hypothermia).
  {
    concept: 'long-lie',
    parts: [
      String.raw`\b(?:found|lying|lay|laid|been lying|left lying|stuck)\b`,
      String.raw`\b(?:on|onto) (?:the |${WHO} )?(?:kitchen |bathroom |bedroom |hall |living room )?(?:floor|ground)\b`,
    ],
    gap: 20,
    source: 'NICE CG161 falls: a long lie; ERC 2021 accidental hypothermia',
  },
  {
    concept: 'cold-injury',
    parts: [
      String.raw`\b(?:ice|icy|stone|freezing|very|really|so|extremely) cold (?:to (?:the )?touch|all over)\b|\b(?:body|skin) (?:is |was |feels? )?(?:ice|icy|freezing|stone) cold\b`,
    ],
    source: 'ERC 2021 accidental hypothermia: cold to touch with altered consciousness or shivering',
  },
  // Ingestions a child can die of even when well: button batteries and two or more magnets.
  {
    concept: 'battery-magnet-ingestion',
    label: 'swallowed a button battery or magnets',
    parts: [
      String.raw`\b(?:swallow\w*|ate|eaten|eating|ingest\w*|put (?:it|one|them) in (?:his|her|their) mouth|in (?:his|her|their) (?:mouth|tummy))\b`,
      String.raw`\b(?:(?:button|coin|disc|watch|lithium|flat,? round|round,? flat|flat|small round) (?:cell )?batter(?:y|ies)|batter(?:y|ies) (?:from|out of) (?:a |the |his |her )?(?:remote|watch|toy|calculator|key ?fob|hearing aid|scale|candle)|magnet\w*|magnetic (?:balls?|beads?|pieces?|toys?))\b`,
    ],
    gap: 60,
    source: 'NASPGHAN 2021 button battery and magnet ingestion guidance: emergency removal',
  },
  // Syncope during exertion: a high-risk feature (ESC 2018 syncope guidelines).
  {
    concept: 'exertional',
    label: 'during exertion',
    parts: [
      String.raw`\b(?:while|when|during|in the middle of|after|at)\b[^.]{0,20}\b(?:running|run|exercis\w*|training|football|soccer|sport\w*|playing|swimming|cycling|a race|the gym|lifting|climbing stairs|jogging|sprint\w*|PE\b|games)\b|\b(?:on|with) exertion\b|\bexertional\b`,
    ],
    source: 'ESC 2018 syncope guidelines: syncope during exertion is a high-risk feature',
  },
  // Visual disturbance in lay words (pre-eclampsia, migraine, retinal detachment, stroke).
  {
    concept: 'eye-symptom',
    parts: [
      String.raw`\b(?:seeing|see|saw|seen|vision|sight|eyes?)\b`,
      String.raw`\b(?:flash(?:es|ing)?(?: (?:of )?lights?)?|sparkl\w*|zig-?zags?|spots|stars|double|blurr?y|blurred|shimmer\w*|a curtain|a shadow|black dots)\b`,
    ],
    gap: 20,
    source: 'RCOG / NICE NG133 pre-eclampsia: visual disturbance (flashing lights, blurring)',
  },
  {
    concept: 'facial-oedema',
    parts: [
      String.raw`\b(?:face|eyes|eyelids)\b`,
      String.raw`\b(?:(?:gone|got|become|are|is|very|really|suddenly) )?(?:puffy|swollen|bloated)\b|\bswell(?:ed|ing) up\b`,
    ],
    gap: 25,
    source: 'NICE NG133 pre-eclampsia: sudden swelling of the face; nephritis: a puffy face',
  },
  // Rigors: shaking chills (NICE NG51 moderate-to-high risk).
  {
    concept: 'rigors',
    label: 'rigors (uncontrollable shaking with chills)',
    parts: [
      String.raw`\brigou?rs?\b|\b(?:uncontrollabl[ey]|violently|teeth chattering|can'?t stop) shak\w*|\bshaking (?:and|with) (?:shiver\w*|chills|cold)|\bshiver\w* (?:and|with) shak\w*|\bshak(?:y|ing) and shivery\b`,
    ],
    source: 'NICE NG51 sepsis: rigors (moderate-to-high risk criterion)',
  },
  {
    concept: 'recent-surgery',
    label: 'operation or procedure in the past 6 weeks',
    kind: 'risk',
    parts: [
      String.raw`\b(?:post-?op(?:erative)?|post-?operatively|(?:days?|weeks?) (?:after|since|post)|s\/p|since (?:my|his|her) (?:op|operation|surgery)|(?:recent|last week'?s?) (?:op|operation|surgery)|discharged (?:home )?after)\b`,
      String.raw`\b(?:op|operation|surgery|replacement|repair|ectomy|\w+ectomy|\w+otomy|\w+plasty|procedure|caesarean|c-section|section|bypass|arthroplasty)\b`,
    ],
    gap: 40,
    source: 'NICE NG51 sepsis: trauma, surgery or invasive procedure in the past 6 weeks',
  },
  // Pain described by its site rather than named ("my head is pounding", "pain in the left side of my chest").
  {
    concept: 'headache',
    parts: [
      String.raw`\b(?:head|forehead|temples?)\b`,
      String.raw`\b(?:pound\w*|throbb\w*|ach(?:e|es|ing|y)|hurts?|hurting|sore|splitting|band|pressure|pain(?:ful)?|bursting)\b`,
    ],
    gap: 20,
    source: 'NICE CG150 headaches: headache described by site and character',
  },
  {
    concept: 'chest-pain',
    parts: [
      String.raw`\b(?:chest|breastbone|sternum)\b`,
      String.raw`\b(?:pain(?:ful)?|hurts?|hurting|ach(?:e|es|ing|y)|tight(?:ness)?|pressure|heavy|heaviness|squeez\w*|crushing)\b`,
    ],
    gap: 30,
    source: 'ESI v4 / MTS chest pain chart: chest pain in any wording',
  },
  {
    concept: 'chest-wall',
    parts: [
      String.raw`\b(?:chest|ribs?|breastbone|sternum|pec(?:s|toral)?)\b`,
      String.raw`\bwhen (?:i|he|she|you) (?:twist|turn|press|push|touch|mov|stretch|reach)\w*|\b(?:press(?:ing)?|push(?:ing)?) on (?:it|the spot|that spot|the area|there)\b`,
    ],
    gap: 60,
    source: 'Chest wall pain reproduced by palpation or movement (Marburg Heart Score: pain reproducible by palpation)',
  },
  {
    concept: 'bite-sting',
    parts: [
      String.raw`\b(?:bitten|bites?|bit|stung|stings?)\b`,
      String.raw`\b(?:mosquito(?:e?s)?|insects?|bugs?|midges?|gnats?|fleas?|ants?|bees?|wasps?|horse ?fl(?:y|ies)|bed ?bugs?)\b`,
    ],
    gap: 20,
    source: 'NHS insect bites and stings: self-care without spreading redness, fever or breathing difficulty',
  },
];

/** Labels of the concepts only this table gives. */
export const LAY_LABELS: Readonly<Record<string, string>> = Object.fromEntries(
  LAY_CLAUSES.filter((row) => row.label !== undefined).map((row) => [row.concept, row.label as string]),
);
