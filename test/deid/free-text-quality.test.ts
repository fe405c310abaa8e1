import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createDeidentifier } from '../../server/deid/index.ts';

// Invented notes in the style of ICU nursing text: each test names one category of error the scrubber
// must avoid (clinical text masked as PHI) or catch (PHI written in a form the patterns missed).
const deid = createDeidentifier({ secret: 'text-test-secret-0123456789abcdef01' });
const scrub = (text: string): string => deid.deidentifyText(text).text;
const unchanged = (text: string): void => assert.equal(scrub(text), text);

test('ventilator settings written like dates stay, a date after "extubated" is still masked', () => {
  unchanged('Resp: vent settings PSV 12/5, FiO2 40%. Plan to trial 5/5 this afternoon and extubate if ABG ok.');
  unchanged('Placed on CPAP .4% 8/5 overnight; rate 12-550-40% on IMV.');
  assert.equal(scrub('Extubated 8/28 without issue, now on 2L NC.'), 'Extubated [DATE] without issue, now on 2L NC.');
});

test('fractions and pain scores stay', () => {
  unchanged('Lungs: crackles up 1/3 bilaterally, rales 1/4-1/3 on the left. Took 1 1/2 cans of supplement.');
  unchanged('Pt c/o 4/10 low back pain, relieved with tylenol. Changed to 3/4 str feeds.');
});

test('abbreviations, misspellings and gas symbols are not taken for names', () => {
  unchanged('GI: ngt to lis, abd soft. Skin: rash in peri area, barrier cream applied. Pt tolerated diet well.');
  unchanged('ABG: PaCO2 48, PaO2 82, SaO2 95% on FiO2 40%.');
  unchanged('Echo shows severe MR d/t flail leaflet, EF 35%.');
  unchanged('US WITH FLUID IN DOUGLAS POUCH. NGT TO LIS.');
});

test('a relation cue names someone in its own sentence only, and a possessive relation names nothing', () => {
  unchanged('Wife called.\nSee flowsheet for details.');
  unchanged("Pt excited about her daughter's wedding next month.");
  assert.equal(
    scrub('Spoke with Rosalind (daughter) by phone. Later Rosalind called back.'),
    'Spoke with [NAME] (daughter) by phone. Later [NAME] called back.',
  );
});

test('the possessive ending stays outside the name', () => {
  assert.equal(scrub("Dr. Okonkwo's team aware of the K of 5.9."), "Dr. [NAME]'s team aware of the K of 5.9.");
});

test('names still found by the lists in mixed-case and Synthea text', () => {
  assert.equal(scrub('Pt resting. Kowalczyk family at bedside.'), 'Pt resting. [NAME] family at bedside.');
  assert.equal(scrub('Seen by Donetta1 for follow-up.').includes('Donetta1'), false);
});

test('institutions named after a visitor, and medical-centre acronyms, are masked', () => {
  assert.equal(
    scrub('Seen by the transplant surgeon from Lakeside this morning.'),
    'Seen by the transplant surgeon from [ORGANIZATION] this morning.',
  );
  assert.equal(
    scrub('EVALUATED BY UCMC NURSE FOR HOME SERVICES.'),
    'EVALUATED BY [ORGANIZATION] NURSE FOR HOME SERVICES.',
  );
});

test('two-digit years of past events in a history list are masked', () => {
  assert.equal(
    scrub("PMH: CVA 98', CABG 04, appendectomy 71. HTN. BP 120/80."),
    'PMH: CVA [DATE], CABG [DATE], appendectomy [DATE]. HTN. BP 120/80.',
  );
});
