import { CLINICAL_ABBREVIATIONS, CLINICAL_TERMS, hasMedicalEnding, NAME_STOP_WORDS } from './clinical-lexicon.ts';
import { COMMON_WORDS, ENGLISH_WORDS, isNearEnglishWord, RARE_ENGLISH_WORDS } from './english-words.ts';
import { GIVEN_NAMES, SURNAMES } from './name-lexicon.ts';
import { gazetteer, nearLargePlace } from './place-gazetteer.ts';
import type { PhiSpan } from './phi-span.ts';
import type { PhiCategory } from '../phi-category.ts';
import { gapBetween, isCapitalized, spacedApart, type WordToken } from './word-tokens.ts';

/*
 * Places and organisations in free text: facility names before "Hospital", "Memorial", "Medical Center";
 * places after cues ("transferred to", "lives in", "called from"); employers ("works at", "CEO of");
 * well-known hospital name stems; city names from the name lists; and professions after social-history
 * cues ("retired firefighter").
 */

const FACILITY_WORDS = new Set(
  'hospital hospitals hosp hospice clinic infirmary sanatorium campus healthcare medical rehab rehabilitation institute center centre manor'.split(
    ' ',
  ),
);
// Words that name a hospital together with a facility word ("Union Memorial", "Laurel Regional",
// "Memorial Hospital").
const NAMED_FACILITY_WORDS = new Set(['memorial', 'regional', 'general']);
// Adjectives of a facility that name no particular one ("cardiac rehab", "outpatient clinic").
const FACILITY_KINDS = new Set(
  `cardiac pulmonary inpatient outpatient subacute physical occupational cancer heart eye kidney dialysis
  surgical surgery trauma burn stroke wound pain sleep vascular orthopedic ortho psych psychiatric geriatric
  pediatric womens women's mens men's primary urgent emergency`
    .split(/\s+/)
    .filter(Boolean),
);
// Facility words that name a place only together with a name before them.
const FACILITY_STOP = new Set(
  `the a an this that these outside osh local same other another previous prior mental psychiatric psych
  state community children's childrens teaching private public his her their our your my its at to from in
  into by transferred transfer admitted sent taken went brought go going back or and of for with skilled
  acute chronic long term care general rehab nursing medical health university county city veterans
  va clinic hospital memorial day dr mr mrs ms miss prof assisted living begin start continue resume consider
  early late mid morning afternoon evening night`
    .split(/\s+/)
    .filter(Boolean),
);
const MOVE_CUES = new Set(
  `transfer transferred transfered trans tx admitted admit readmitted taken sent brought came come went
  presented returned discharged dc'd d/c'd followed seen screened accepted excepted transported arrived
  referred go going back rehab tranfered tranferred trasferred trasnferred adm flighted med-flighted
  medflighted airlifted lifeflighted flown helicoptered return returns returning fly flying flies drive
  driving relocated relocating`
    .split(/\s+/)
    .filter(Boolean),
);
const HOME_CUES = new Set(
  `lives lived living live resides resided residing moved born raised visiting vacation vacationing trip
  travelled traveled flew drove home house apartment church family members relatives called calling
  located native`
    .split(/\s+/)
    .filter(Boolean),
);
const EMPLOYER_CUES = new Set(
  'works worked working employed employee employer ceo president owner manager engineer teacher retired business company job cfo founder director'.split(
    ' ',
  ),
);
// People who come from an institution: "surgeon from Harbor", "rep from Kessler".
const VISITOR_CUES = new Set(
  `surgeon surgeons doctor doctors physician physicians attending attendings fellow team nurse nurses rn staff
  cardiologist oncologist surgery transport ambulance ems paramedics rep reps representative liaison
  coordinator screener admissions consultant consult`
    .split(/\s+/)
    .filter(Boolean),
);
// Abbreviated medical centres: "GBMC", "VAMC", "BIDMC".
const FACILITY_ACRONYM = /\b[A-Z]{2,4}MC\b/g;
const PLACE_PREPOSITIONS = new Set(['to', 'at', 'from', 'into', 'in', 'near']);
const EMPLOYER_PREPOSITIONS = new Set(['at', 'for', 'of', 'with', 'by', 'from']);
const HOSPITAL_STEMS =
  /\b(?:holy (?:cross|family|name|spirit|redeemer)|sacred heart|good samaritan|our lady of (?:the )?[A-Za-z]+|mount sinai|mt\.? sinai|beth israel|mass general|johns hopkins|mayo clinic|cleveland clinic|kaiser permanente|st\.? [A-Za-z]+(?:'s)?|saint [A-Za-z]+(?:'s)?)(?: memorial\b)?/gi;
const PROFESSIONS =
  /\b(?:retired|former|works as an?|worked as an?|employed as an?|occupation:?|profession:?|job as an?|is an?|was an?)\s+((?:(?:high school|elementary|school|truck|bus|taxi|police|fire|construction|software|civil|electrical|mechanical|registered|licensed|real estate|social|postal|mail|factory|farm|office|bank|retail|sales|restaurant|dental|nurse)\s+)?(?:firefighter|fireman|teacher|professor|lawyer|attorney|judge|engineer|nurse|physician|doctor|surgeon|dentist|pharmacist|accountant|banker|farmer|rancher|carpenter|plumber|electrician|mechanic|machinist|welder|painter|driver|pilot|chef|cook|baker|butcher|waiter|waitress|bartender|cashier|clerk|secretary|receptionist|janitor|custodian|officer|detective|soldier|marine|sailor|veteran|minister|pastor|priest|rabbi|imam|nun|architect|programmer|developer|scientist|chemist|biologist|physicist|librarian|journalist|reporter|editor|writer|author|artist|musician|singer|actor|actress|dancer|photographer|designer|salesman|saleswoman|manager|executive|ceo|consultant|contractor|laborer|worker|miner|fisherman|logger|trucker|realtor|broker|agent|economist|professor|principal|coach|athlete|student|homemaker|housewife|nanny|caregiver|therapist|paramedic|emt|technician|hairdresser|barber|tailor|jeweler|mailman|postman|guard|firefighter|longshoreman|steelworker|ironworker|roofer|mason|bricklayer|landscaper|gardener|veterinarian|optometrist|chiropractor|psychologist|counselor|social worker))\b/gi;

function plain(t: WordToken): boolean {
  return (
    NAME_STOP_WORDS.has(t.bare) ||
    CLINICAL_TERMS.has(t.bare) ||
    CLINICAL_ABBREVIATIONS.has(t.bare) ||
    FACILITY_STOP.has(t.bare)
  );
}

/** A word no English or clinical list knows, every part of it ("kessler-adventist", not "a-fib"). */
function unknownWord(t: WordToken): boolean {
  return t.bare
    .split('-')
    .every(
      (p) =>
        p.length > 2 &&
        !ENGLISH_WORDS.has(p) &&
        !RARE_ENGLISH_WORDS.has(p) &&
        !CLINICAL_TERMS.has(p) &&
        !CLINICAL_ABBREVIATIONS.has(p) &&
        !NAME_STOP_WORDS.has(p),
    );
}

/** Whether a token may be part of a facility's name, standing before "Hospital" or "Memorial". */
function facilityNameWord(t: WordToken): boolean {
  if (plain(t) || FACILITY_KINDS.has(t.bare) || /\d/.test(t.text) || t.bare.length < 2) return false;
  if (t.caseInformative) return isCapitalized(t) || /^[A-Z]{2,6}$/.test(t.text);
  return !COMMON_WORDS.has(t.bare) || gazetteer().names.has(t.bare) || GIVEN_NAMES.has(t.bare) || SURNAMES.has(t.bare);
}

/** Whether a token may be (part of) a place or organisation name after a cue. */
function placeWord(t: WordToken): boolean {
  if (plain(t) || /\d/.test(t.text) || t.bare.length < 2) return false;
  if (t.caseInformative) {
    if (/^[A-Z]{2,6}$/.test(t.text)) return true;
    // "transferred to PURCHASE for cath": a longer word in capitals is a place when a place list has it or
    // no list knows it.
    if (/^[A-Z]{7,}$/.test(t.text)) return gazetteer().names.has(t.bare) || unknownWord(t);
    return isCapitalized(t);
  }
  return gazetteer().names.has(t.bare) || (t.bare.length > 3 && unknownWord(t));
}

/** People whose place is told by "in": "SON IN DZERZHINSKIY", "family in Lagos". */
const PEOPLE_IN = new Set(
  `son sons daughter daughters dtr wife husband brother brothers sister sisters family mother father mom dad
  niece nephew cousin friend friends parents children kids grandson granddaughter relatives aunt uncle`
    .split(/\s+/)
    .filter(Boolean),
);
/** Words between a person or a home word and "in": "lives nearby in", "lives alone in". */
const BEFORE_IN = new Set(['nearby', 'alone', 'now', 'currently', 'still', 'locally', 'independently', 'also']);

/**
 * A place word no list knows ("Tugun", "jurbarkas"): a name's shape (a vowel, no run of five consonants),
 * no slip of an English word, no given name; written as a name where the line has case.
 */
function unlistedPlaceWord(t: WordToken, anyCase = false): boolean {
  if (t.bare.length < 4 || plain(t) || /\d/.test(t.text) || !unknownWord(t) || GIVEN_NAMES.has(t.bare)) return false;
  if (t.caseInformative && !isCapitalized(t) && !anyCase) return false;
  return (
    /[aeiou]/.test(t.bare) && !/[^aeiouy'-]{5}/.test(t.bare) && !hasMedicalEnding(t.bare) && !isNearEnglishWord(t.bare)
  );
}

/** Units of a hospital: "SENT TO ED AT HURRICANE", "in the ER at Mercy": the place after "at" is the hospital. */
const UNITS_AT = new Set('er ed ew icu ccu micu sicu cvicu ctu cath team clinic program'.split(' '));

/** Detects places, organisations and professions in `text` (already tokenized). */
export function detectLocations(text: string, tokens: readonly WordToken[]): PhiSpan[] {
  const out: PhiSpan[] = [];
  const mark = (t: WordToken, category: PhiCategory): void => {
    out.push({ start: t.start, end: t.end, category });
  };
  const takeAfter = (from: number, max: number, category: PhiCategory, accept: (t: WordToken) => boolean): void => {
    let previous = tokens[from - 1];
    for (let j = from, n = 0; j < tokens.length && n < max; j++, n++) {
      const t = tokens[j];
      if (t === undefined || previous === undefined) return;
      const gap = gapBetween(text, previous, t);
      if (
        n === 0
          ? !/^[ \t]*(?:the )?[ \t(]*$/i.test(gap)
          : !(/^[ \t-]+$/.test(gap) || (gap === '. ' && /^(?:st|mt|ft|[a-z])$/.test(previous.bare)))
      )
        return;
      if (n === 0 && t.bare === 'the') continue;
      if (!accept(t)) return;
      mark(t, category);
      previous = t;
    }
  };

  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i];
    if (t === undefined) continue;
    // "Calvert Hospital", "Union Memorial", "holy cross hospital", "Memorial Hospital": the name before
    // a facility word is masked; the generic word itself ("Hospital", "Rehab", "Medical Center") says
    // nothing about who the patient is and stays.
    // A nursing home or rest home named "<Name> House" ("Sherrill House") is written with capitals.
    const house = t.bare === 'house' && t.caseInformative && isCapitalized(t);
    if ((FACILITY_WORDS.has(t.bare) && t.bare !== 'medical') || NAMED_FACILITY_WORDS.has(t.bare) || house) {
      const named: WordToken[] = [];
      let after = t;
      let sawName = false;
      for (let j = i - 1, n = 0; j >= 0 && n < 4; j--, n++) {
        const p = tokens[j];
        if (p === undefined) break;
        if (!/^[ \t-]+$/.test(gapBetween(text, p, after))) break;
        if (FACILITY_WORDS.has(p.bare)) {
          after = p;
          continue;
        }
        if (NAMED_FACILITY_WORDS.has(p.bare)) {
          named.push(p);
          after = p;
          continue;
        }
        // "St Mary Hospital", "Mt. Sinai": the saint's or mount's prefix belongs to the name.
        if (sawName && /^(?:st|saint|mt|mount|ft|fort|san|santa)$/.test(p.bare)) {
          mark(p, 'ORGANIZATION');
          break;
        }
        // "from zhiryatino rehab": in a line with case, a lower-case word no list knows after a preposition.
        const before = tokens[j - 1];
        const lowerName =
          n === 0 &&
          p.text === p.bare &&
          p.bare.length >= 5 &&
          before !== undefined &&
          PLACE_PREPOSITIONS.has(before.bare) &&
          /^ +$/.test(gapBetween(text, before, p)) &&
          unlistedPlaceWord(p, true);
        if (!facilityNameWord(p) && !lowerName) break;
        mark(p, 'ORGANIZATION');
        sawName = true;
        after = p;
      }
      // "Memorial Hospital" alone: its name word is the name.
      const headed = NAMED_FACILITY_WORDS.has(t.bare) ? sawName : sawName || named.length > 0;
      if (headed) for (const w of named) mark(w, 'ORGANIZATION');
      if (NAMED_FACILITY_WORDS.has(t.bare) && sawName) mark(t, 'ORGANIZATION');
    }
    const next = tokens[i + 1];
    if (next === undefined) continue;
    const spaced = spacedApart(text, t, next);
    if (spaced && UNITS_AT.has(t.bare) && next.bare === 'at') {
      takeAfter(i + 2, 3, 'ORGANIZATION', placeWord);
    } else if (spaced && EMPLOYER_CUES.has(t.bare) && EMPLOYER_PREPOSITIONS.has(next.bare)) {
      takeAfter(i + 2, 3, 'ORGANIZATION', placeWord);
    } else if (spaced && PLACE_PREPOSITIONS.has(next.bare)) {
      if (MOVE_CUES.has(t.text.toLowerCase()) || MOVE_CUES.has(t.bare) || HOME_CUES.has(t.bare))
        takeAfter(i + 2, 3, 'LOCATION', placeWord);
    } else if (t.bare === 'business' || t.bare === 'company' || t.bare === 'employer') {
      takeAfter(
        i + 1,
        3,
        'ORGANIZATION',
        (w) =>
          placeWord(w) &&
          (w.caseInformative ? isCapitalized(w) || /^[A-Z]{2,}$/.test(w.text) : !ENGLISH_WORDS.has(w.bare)),
      );
    }
    // "surgeon from Harbor": after a visitor and "from", a capitalised word names where they came from,
    // English or not.
    const after = tokens[i + 2];
    if (
      VISITOR_CUES.has(t.bare) &&
      next.bare === 'from' &&
      after !== undefined &&
      spaced &&
      /^ +(?:the +)?$/i.test(gapBetween(text, next, after)) &&
      !plain(after) &&
      !/\d/.test(after.text) &&
      (after.caseInformative ? isCapitalized(after) || /^[A-Z]{2,6}$/.test(after.text) : !COMMON_WORDS.has(after.bare))
    ) {
      takeAfter(i + 2, 3, 'ORGANIZATION', placeWord);
      mark(after, 'ORGANIZATION');
    }
    // A capitalised word after a preposition that is neither English nor clinical: "in Lochearn".
    if (
      PLACE_PREPOSITIONS.has(t.bare) &&
      next.caseInformative &&
      isCapitalized(next) &&
      !/\d/.test(next.text) &&
      spaced
    ) {
      if (unknownWord(next) && !plain(next)) mark(next, 'LOCATION');
    }
  }
  const places = gazetteer();
  const personOrHomeBefore = (k: number): boolean => {
    let p = tokens[k - 1];
    if (p !== undefined && BEFORE_IN.has(p.bare)) p = tokens[k - 2];
    return p !== undefined && (PEOPLE_IN.has(p.bare) || HOME_CUES.has(p.bare));
  };
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i];
    if (t === undefined) continue;
    const kind = places.kind.get(t.bare) ?? 0;
    const prev = tokens[i - 1];
    const placeCue =
      prev !== undefined && PLACE_PREPOSITIONS.has(prev.bare) && /^ +(?:the +)?$/i.test(gapBetween(text, prev, t));
    // A place's name in lower case in a line with case ("from baltimore rehab") only after a preposition.
    if ((kind & 1) === 1 && (!t.caseInformative || isCapitalized(t) || placeCue) && !/['’]/.test(t.text))
      mark(t, 'LOCATION');
    else if (placeCue && prev.bare !== 'in' && t.bare.length >= 4 && !plain(t) && !/\d/.test(t.text)) {
      // "from Rome", "to Towson": a place name that is no English word; "from Baltmore": a larger place
      // misspelt, when no list knows the word.
      const written = !t.caseInformative || isCapitalized(t) || /^[A-Z]+$/.test(t.text);
      // In a line with case, a capitalised place name that is no everyday word ("from Greenbrier").
      const namedHere = t.caseInformative && isCapitalized(t) && !COMMON_WORDS.has(t.bare);
      if (
        places.names.has(t.bare) &&
        written &&
        ((!ENGLISH_WORDS.has(t.bare) && !RARE_ENGLISH_WORDS.has(t.bare)) || namedHere)
      )
        mark(t, 'LOCATION');
      else if (t.bare.length >= 6 && written && unknownWord(t) && nearLargePlace(t.bare) !== undefined)
        mark(t, 'LOCATION');
      // "DAUGHTER FROM TUGUN", "flew in from satigny": after "from", a word no list knows that has a name's
      // shape and is no slip of a word. In a line with case it must be written as a name.
      else if (prev.bare === 'from' && unlistedPlaceWord(t)) mark(t, 'LOCATION');
    } else if (
      prev !== undefined &&
      prev.bare === 'in' &&
      /^ +$/.test(gapBetween(text, prev, t)) &&
      unlistedPlaceWord(t) &&
      personOrHomeBefore(i - 1)
    ) {
      // "SON IN DZERZHINSKIY", "lives nearby in jurbarkas": where a person lives.
      mark(t, 'LOCATION');
    }
    const next = tokens[i + 1];
    if (next !== undefined && (kind & 2) === 2 && spacedApart(text, t, next, true)) {
      const pair = `${t.bare} ${next.bare}`;
      if (places.multiWord.has(pair) && (!t.caseInformative || (isCapitalized(t) && isCapitalized(next)))) {
        mark(t, 'LOCATION');
        mark(next, 'LOCATION');
      }
    }
  }
  FACILITY_ACRONYM.lastIndex = 0;
  for (let m = FACILITY_ACRONYM.exec(text); m !== null; m = FACILITY_ACRONYM.exec(text)) {
    out.push({ start: m.index, end: m.index + m[0].length, category: 'ORGANIZATION' });
  }
  HOSPITAL_STEMS.lastIndex = 0;
  for (let m = HOSPITAL_STEMS.exec(text); m !== null; m = HOSPITAL_STEMS.exec(text)) {
    const value = m[0];
    // "St." alone is also "street" and "stable": ask for a capital or an all-caps line.
    if (/^st\.? |^saint /i.test(value) && !/^(?:St\.|ST\.|Saint|SAINT|St) [A-Z]/.test(value)) continue;
    if (/^St [A-Z]{2,}/.test(value)) continue;
    // "HR 90'S ST. REMAINS ON IABP", "SR TO ST. HIGH PRESSURES": sinus tachycardia ending a sentence, not a
    // saint. A saint's name is a name (or its initial: "a bed @ St A."), never a clinical word or an English
    // word that is no given name.
    const saint = /^(?:st\.?|saint) ([A-Za-z]+)/i.exec(value)?.[1]?.toLowerCase();
    if (
      saint !== undefined &&
      saint.length > 1 &&
      (CLINICAL_TERMS.has(saint) ||
        CLINICAL_ABBREVIATIONS.has(saint) ||
        (ENGLISH_WORDS.has(saint) && !GIVEN_NAMES.has(saint)))
    )
      continue;
    out.push({ start: m.index, end: m.index + value.length, category: 'ORGANIZATION' });
  }
  PROFESSIONS.lastIndex = 0;
  for (let m = PROFESSIONS.exec(text); m !== null; m = PROFESSIONS.exec(text)) {
    const value = m[1] ?? '';
    const start = m.index + m[0].length - value.length;
    out.push({ start, end: start + value.length, category: 'PROFESSION' });
  }
  return out;
}
