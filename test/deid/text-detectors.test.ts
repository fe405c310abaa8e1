import { test } from 'node:test';
import assert from 'node:assert/strict';
import { detectDates } from '../../server/deid/text/detect-dates.ts';
import { detectFacilities } from '../../server/deid/text/detect-facilities.ts';
import { detectIdentifiers } from '../../server/deid/text/detect-identifiers.ts';
import { detectLocations } from '../../server/deid/text/detect-locations.ts';
import { detectNameContext } from '../../server/deid/text/detect-name-context.ts';
import { detectRegions } from '../../server/deid/text/detect-regions.ts';
import { isNearEnglishWord, isNearEverydayWord } from '../../server/deid/text/english-words.ts';
import { mergeSpans, type PhiSpan } from '../../server/deid/text/phi-span.ts';
import { gazetteer } from '../../server/deid/text/place-gazetteer.ts';
import { filterSpans } from '../../server/deid/text/precision-filter.ts';
import { detectPhi } from '../../server/deid/text/scrub-text.ts';
import { tokenizeWords } from '../../server/deid/text/word-tokens.ts';

// Each detector alone, with the shapes it must find and the near misses it must leave: invented sentences
// in the style of ICU notes; no name or place here comes from the evaluation corpora.

type Detector = (text: string) => PhiSpan[];
const withTokens =
  (d: (text: string, tokens: ReturnType<typeof tokenizeWords>) => PhiSpan[]): Detector =>
  (text) =>
    d(text, tokenizeWords(text));
const found = (detect: Detector, text: string): string[] =>
  mergeSpans(detect(text)).map((s) => text.slice(s.start, s.end));

test('facilities: a ward by its floor, hospital initials after a transfer, a state university', () => {
  const d = withTokens(detectFacilities);
  assert.deepEqual(found(d, 'Pt transferred to Tillinghast 4 for tele; later called to ossiander 6.'), [
    'Tillinghast',
    'ossiander',
  ]);
  assert.deepEqual(found(d, 'MED-FLIGHTED TO WMH, THEN SEEN IN WMH ER.'), ['WMH', 'WMH']);
  assert.deepEqual(found(d, 'Came from University of Vermont last week.'), ['University of Vermont']);
});

test('facilities: clinical units, doses and scans after "to" and "on" are no hospital', () => {
  const d = withTokens(detectFacilities);
  assert.deepEqual(found(d, 'Transferred to ICU, then to CT, to OR at 3pm. Remains on Levophed 2 and Lasix 20.'), []);
  assert.deepEqual(found(d, 'TRANSFERRED TO THE FLOOR. SENT TO EP LAB. TOOK HIM TO MRI.'), []);
});

test('name context: an initial and a surname, a name before a person verb, two unknown capitalised words', () => {
  const d = withTokens(detectNameContext);
  assert.deepEqual(found(d, 'INR 3.1, T. HOLLOWAY AWARE.'), ['T.', 'HOLLOWAY']);
  assert.deepEqual(found(d, 'K 5.9; Ostrowski paged.'), ['Ostrowski']);
  assert.deepEqual(found(d, 'Spoke with daughter; Vesna Tadić-Brun will call.'), ['Vesna', 'Tadić-Brun']);
  assert.deepEqual(found(d, 'Visited by Oskarina Pellweather today.'), ['Oskarina', 'Pellweather']);
});

test('name context: organisms, roles and SOAP headings are no names', () => {
  const d = withTokens(detectNameContext);
  assert.deepEqual(found(d, 'Urine grew E. coli and S. aureus; C. diff negative.'), []);
  assert.deepEqual(found(d, 'MD aware. Team notified. HO AWARE.'), []);
  assert.deepEqual(found(d, 'S. Intubated, sedated.\nO. See flowsheet.'), []);
});

test('dates: partial, dashed after a taking word, day-month, ranges, before a time; a year alone stays', () => {
  const d: Detector = detectDates;
  assert.deepEqual(found(d, 'PICC placed 11/17, art line since 7-15.'), ['11/17', '7-15']);
  assert.deepEqual(found(d, 'Seen 15-Jul and 3-Aug-2024; cultures 10/15-10/16.'), [
    '15-Jul',
    '3-Aug-2024',
    '10/15-10/16',
  ]);
  assert.deepEqual(found(d, "PMH: prostate CA'88, back surgery '85. Daughter to arrive 9/9 @ 1900."), ['9/9']);
  assert.deepEqual(found(d, 'Extubation planned 10/3.'), ['10/3']);
});

test('dates: settings, fractions, pain scores, strengths and a bare "dec" stay', () => {
  const d: Detector = detectDates;
  assert.deepEqual(found(d, 'On PS 10/5 peep 5, vented ac 550x12x.6/10 peep.'), []);
  assert.deepEqual(found(d, 'Changed to 1/2 NS. 1/4 blood cultures positive. Chest pain 6/10 cp.'), []);
  assert.deepEqual(found(d, 'Strength 5/5, pulses 2/2. Sx dec. BS DEC AT BASES. HR 7-15 beats above.'), []);
});

test('identifiers: a seven-digit telephone needs a contact word; ages over 89 in words', () => {
  const d: Detector = detectIdentifiers;
  assert.deepEqual(found(d, 'Home 671-2209; cell 202 555-0199.'), ['671-2209', '202 555-0199']);
  assert.deepEqual(found(d, 'TV 900-1000, SVR 900-1300.'), []);
  assert.deepEqual(found(d, 'A ninety-three year old woman; aged one hundred.'), ['ninety-three', 'one hundred']);
  assert.deepEqual(found(d, 'Ninety minutes later, a 79 year old.'), []);
});

test('locations: a town from the gazetteer, a facility without its generic word', () => {
  const d = withTokens(detectLocations);
  assert.deepEqual(found(d, 'Daughter lives in Cockeysville.'), ['Cockeysville']);
  assert.deepEqual(found(d, 'Came from Sinclair Memorial Hospital.'), ['Sinclair', 'Memorial']);
  assert.deepEqual(found(d, 'Transferred from Memorial Hospital.'), ['Memorial']);
  assert.deepEqual(found(d, 'Plan: cardiac rehab, then outpatient clinic.'), []);
});

test('the gazetteer holds US towns and world cities, and keeps English words out of its distinctive names', () => {
  assert.equal(gazetteer().names.has('cockeysville'), true);
  assert.equal(gazetteer().names.has('lagos'), true);
  assert.equal(gazetteer().distinctive.has('cockeysville'), true);
  assert.equal(gazetteer().distinctive.has('laurel'), false);
  assert.equal(gazetteer().distinctive.has('foley'), false);
});

test('precision filter: medicines, devices and typing slips are dropped, names and titled words kept', () => {
  const text =
    'Pt on Lasix, Foley draining, ambu at bedside, bair hugger on, son visisted, Dr. Zoll aware, Rosalind here.';
  const tokens = tokenizeWords(text);
  const spansFor = (...words: string[]): PhiSpan[] =>
    words.map((w) => {
      const start = text.indexOf(w);
      return { start, end: start + w.length, category: 'NAME' as const };
    });
  const kept = filterSpans(text, tokens, spansFor('Lasix', 'ambu', 'bair', 'hugger', 'visisted', 'Zoll', 'Rosalind'));
  assert.deepEqual(
    kept.map((s) => text.slice(s.start, s.end)),
    ['Zoll', 'Rosalind'],
  );
  assert.equal(isNearEverydayWord('tehn'), true);
  assert.equal(isNearEverydayWord('Pellweather'), false);
});

test('capitalised clinical words stay whole through the ensemble', () => {
  const text =
    'Foley to gravity. Lasix 40 IV given. Ambu bag at bedside. Bair Hugger on. Hoyer lift to chair. Parkinson disease.';
  assert.deepEqual(detectPhi(text), []);
});

test('names from a list the dev set does not hold are found (census given names and surnames)', () => {
  const text = 'Spoke with wife Philippa Quattlebaum and son Thaddeus.';
  assert.deepEqual(
    detectPhi(text).map((s) => text.slice(s.start, s.end)),
    ['Philippa', 'Quattlebaum', 'Thaddeus'],
  );
});

test('dates: glued, paired and dotted days, a day heading its line; fractions, settings and items are no day', () => {
  const d = (text: string): string[] => found(detectDates, text);
  assert.deepEqual(d('s/p pelvic fx4/97, arm fx 5/97'), ['4/97', '5/97']);
  assert.deepEqual(d('HAD TREATMENTS 10/03/10/04 AND DUE AGAIN'), ['10/03/10/04']);
  assert.deepEqual(d('seen 11/21.93 in clinic'), ['11/21.93']);
  assert.deepEqual(d("note\n9/9 abx dc'd, cultures neg"), ['9/9']);
  assert.deepEqual(d('rales 2/3 up, on bi-pap 10/5, cx 1/3, d5 at 125cc/hr for 1/5 liters'), []);
  assert.deepEqual(d('two tubes: complications with the 1st. from 3rd spacing'), []);
  assert.deepEqual(d('last dose in March of 1993, seen on the 3rd'), ['March of 1993', '3rd']);
  assert.deepEqual(d('co/ci/svr 3/2/1500'), []);
});

test('identifiers: telephone numbers in odd groupings', () => {
  const d = (text: string): string[] => found(detectIdentifiers, text);
  assert.deepEqual(d('son (240444-1243) left'), ['240444-1243']);
  assert.deepEqual(d('grandson visited (301 273 45166) today'), ['301 273 45166']);
  assert.deepEqual(d('DAUGHTER 301 944-5032'), ['301 944-5032']);
});

test('names grow from found names; relations, titles and clock times do not', () => {
  const phi = (text: string): string[] => detectPhi(text).map((s) => text.slice(s.start, s.end));
  assert.deepEqual(phi('PLAN: CT GUIDED TAP. DICK CUCCHIARA (RESIDENT) WORKING ON THIS.'), ['DICK', 'CUCCHIARA']);
  assert.deepEqual(phi('cash counted by nsg (d. renna and j. o’brien) at 5 o’clock'), ['d.', 'renna', 'j.', 'o’brien']);
  assert.deepEqual(phi('SOCIAL:DAUGHTER-KRISSY CALLED, SON BILL IN TO VISIT'), ['KRISSY', 'BILL']);
  assert.deepEqual(phi('AROUND CT SITE. Z. MILLER AND M. PEPPLER PLACING STITCH. DISCUSS B BLOCKER DOSING.'), [
    'Z.',
    'MILLER',
    'M.',
    'PEPPLER',
  ]);
});

test('places: misspelt and foreign cities after a preposition; states and home are kept', () => {
  const phi = (text: string): string[] => detectPhi(text).map((s) => text.slice(s.start, s.end));
  assert.deepEqual(phi('PT IS A 78 YR OLD FEMALE ADMIT FROM BALTMORE REHAB'), ['BALTMORE']);
  assert.deepEqual(phi('DAUGHTER TO FLY IN FROM ROME THIS WEEK'), ['ROME']);
  assert.deepEqual(phi('Family is moving from Florida; son went back to California. Came from home.'), []);
});

test('regions: named regions and neighbourhoods, with the article only after a place cue', () => {
  const d = withTokens(detectRegions);
  assert.deepEqual(found(d, 'Family drove up from the EASTERN SHORE; son lives on the North Shore.'), [
    'EASTERN SHORE',
    'North Shore',
  ]);
  assert.deepEqual(found(d, 'Lives in Roslindale, daughter in Jamaica Plain; summers at the Cape.'), [
    'Roslindale',
    'Jamaica Plain',
    'Cape',
  ]);
  assert.deepEqual(found(d, 'niece from western mass visiting, pt from southie.'), ['western mass', 'southie']);
});

test('regions: the same words as ordinary words, and lower-case phrases in a line with case, stay', () => {
  const d = withTokens(detectRegions);
  assert.deepEqual(found(d, 'Cape placed for warmth. Swelling at the south end of the incision.'), []);
  assert.deepEqual(found(d, 'Drain near the north shore of the wound bed, per Dr. Ames; old vineyard worker.'), []);
  assert.deepEqual(found(d, 'JP drain to bulb suction, DOT therapy for TB.'), []);
});

test('facilities: lower-case hospital initials after a word of movement, known initials anywhere', () => {
  const d = withTokens(detectFacilities);
  assert.deepEqual(found(d, 'Had two admissions at wmh last year; transferred from kbh.'), ['wmh', 'kbh']);
  assert.deepEqual(found(d, 'Followed at BWH and mgh for years.'), ['BWH', 'mgh']);
  assert.deepEqual(found(d, 'Dc to nh on Friday. Ativan given at hs. Sent to ep lab.'), []);
});

test('locations: nursing homes named "<Name> Manor" or "<Name> House"', () => {
  const d = withTokens(detectLocations);
  assert.deepEqual(found(d, 'Brambleton Manor staff called; she was at Larkspur House before.'), [
    'Brambleton',
    'Larkspur',
  ]);
  assert.deepEqual(found(d, 'Family said he has a full house at home. House staff aware.'), []);
  assert.deepEqual(found(d, 'PLAN: BEGIN REHAB. FAMILY IN EARLY EVENING. HR 90S ST. REMAINS ON IABP.'), []);
  assert.deepEqual(found(d, 'Came from St. Agnes last week.'), ['St. Agnes']);
});

test('dates: a two-digit year heading a history entry, before the event', () => {
  const d: Detector = detectDates;
  assert.deepEqual(found(d, "PMH: IDDM. 07 PTCA to RCA. '11 CABG x3; 95 MI."), ['07', '11', '95']);
  assert.deepEqual(found(d, 'HR 98. Lasix 40 given. Pt had 10 stents over the years; 2 PTCA balloons.'), []);
});

test('name context: a frequent given name and an unlisted surname in lower case', () => {
  const d = withTokens(detectNameContext);
  assert.deepEqual(found(d, 'will review with teresa vandermolen re wound care.'), ['teresa', 'vandermolen']);
  assert.deepEqual(found(d, 'pt may presnt with rash; son jonathan in; will folow up.'), []);
});

test('context cues for names: a bracketed role after a name, a listed given name after a relation', () => {
  const text = 'PLAN PER TEAM...DANE HOLTBY (RESIDENT) WORKING ON IT. SOCIAL: BROTHER MOSE IN TODAY.';
  assert.deepEqual(
    detectPhi(text).map((s) => text.slice(s.start, s.end)),
    ['DANE', 'HOLTBY', 'MOSE'],
  );
  // A role in brackets after a team, and slips of everyday words after a relation, are no names.
  const near = 'Plan per team (resident) today. SOCIAL=SON PRESNT TILL 2100. son and husband visisted.';
  assert.deepEqual(detectPhi(near), []);
});

test('places: a hospital by its ER or after "ED at", a capitalised town after a flight or a misspelt transfer', () => {
  const text =
    'Found down -> WAKEFORD EW today. PT SENT TO ED AT BRAXTONVILLE. Med-flighted to TIFFIN, later tranfered to Culver.';
  assert.deepEqual(
    detectPhi(text).map((s) => text.slice(s.start, s.end)),
    ['WAKEFORD', 'BRAXTONVILLE', 'TIFFIN', 'Culver'],
  );
  const employer = 'social- retired from WESTHAVENCO. Is married; she retired from teaching.';
  assert.deepEqual(
    detectPhi(employer).map((s) => employer.slice(s.start, s.end)),
    ['WESTHAVENCO'],
  );
  const near = 'ICU AT NIGHT. ER AT BEDSIDE. Seen in ED at 10am. Came by ambulance ER. Transferred to ICU.';
  assert.deepEqual(detectPhi(near), []);
});

test('wards named for a town or family after a place word; a capitalised town after "from"', () => {
  const d = withTokens(detectFacilities);
  assert.deepEqual(found(d, 'IN RESP DISTRESS ON NORWOOD 6; CODE CALLED. Later on Sterlingworth 4.'), [
    'NORWOOD',
    'Sterlingworth',
  ]);
  assert.deepEqual(found(d, 'Remains on Levophed 6 and Lasix 20; on PS 5; POST CATH FLUIDS; via Foley cath.'), []);
  const text = 'Daughter is flying in tomorrow from Greenbrier. Pt came from Home with wife.';
  assert.deepEqual(
    detectPhi(text).map((s) => text.slice(s.start, s.end)),
    ['Greenbrier'],
  );
});

test('precision: slips of clinical words in notes without case, glued shorthand and eponyms stay', () => {
  const text = "NGT TO LCS- BILOUS DRAINAGE. CREAM APPLIED. SWAN GANZ CATH D/C'D.\npt.got v.agitat, later v.tachypnic.";
  assert.deepEqual(detectPhi(text), []);
  assert.equal(isNearEnglishWord('bilous'), true);
  assert.equal(isNearEnglishWord('quattlebaum'), false);
  // A rare surname with its context stays a name: a title, a relation, a signature.
  const named = 'SEEN BY DR. BILOUS. SON BILOUS CALLED. J. BILOUS, RN';
  assert.equal(
    detectPhi(named)
      .map((s) => named.slice(s.start, s.end))
      .filter((w) => w === 'BILOUS').length,
    3,
  );
});

test('dates: a ventilation mode right before a pair is its pressures, even after a word that takes a date', () => {
  assert.deepEqual(found(detectDates, 'Trach intact. Placed on PS 5/5 this afternoon; changed to CPAP 10/5.'), []);
  assert.deepEqual(found(detectDates, 'PICC placed 11/17; extubated 7/9.'), ['11/17', '7/9']);
});
