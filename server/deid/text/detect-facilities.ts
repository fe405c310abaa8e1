import type { PhiSpan } from './phi-span.ts';
import { CLINICAL_ABBREVIATIONS, CLINICAL_TERMS, EPONYMS, NAME_STOP_WORDS } from './clinical-lexicon.ts';
import { COMMON_WORDS, ENGLISH_WORDS, RARE_ENGLISH_WORDS } from './english-words.ts';
import { SURNAMES } from './name-lexicon.ts';
import { gazetteer } from './place-gazetteer.ts';
import { gapBetween, isCapitalized, type WordToken } from './word-tokens.ts';

/*
 * Hospitals and wards that notes name without a "Hospital": a building and its floor ("transferred to
 * Ellison 4", "from Farr 10"), a hospital's initials after a word of movement ("med-flighted to GH",
 * "sent to BCH ER"), and "University of <State>". Clinical abbreviations (ICU, CT, OR, EP, …) are places
 * in the hospital too, and stay: only a word no clinical or English list knows is taken.
 */

const STATES =
  'alabama|alaska|arizona|arkansas|california|colorado|connecticut|delaware|florida|georgia|hawaii|idaho|illinois|indiana|iowa|kansas|kentucky|louisiana|maine|maryland|massachusetts|michigan|minnesota|mississippi|missouri|montana|nebraska|nevada|new hampshire|new jersey|new mexico|new york|north carolina|north dakota|ohio|oklahoma|oregon|pennsylvania|rhode island|south carolina|south dakota|tennessee|texas|utah|vermont|virginia|washington|west virginia|wisconsin|wyoming|puerto rico';
const STATE_CODES =
  'AL|AK|AZ|AR|CA|CO|CT|DE|DC|FL|GA|HI|ID|IL|IN|IA|KS|KY|LA|ME|MD|MA|MI|MN|MS|MO|MT|NE|NV|NH|NJ|NM|NY|NC|ND|OH|OK|OR|PA|RI|SC|SD|TN|TX|UT|VT|VA|WA|WV|WI|WY|PR';
const UNIVERSITY = new RegExp(
  `\\b(?:university|univ\\.?|U) ?of (?:(?:${STATES})\\b|(?:${STATE_CODES})\\b|[A-Z][a-z]{2,}\\b)`,
  'gi',
);
// "U Maryland ER": the capital U before a state's name.
const U_STATE = new RegExp(
  `\\bU\\.? (?:${STATES.replace(/(^|\|)([a-z])/g, (_, bar: string, c: string) => bar + c.toUpperCase())})\\b`,
  'g',
);

/** Words after which the next place named is where the patient went or came from. */
const MOVE_WORDS = new Set(
  `to at from leave left into via transferred transfered transfer tranfered trasferred sent taken brought
  flighted flown admitted readmitted returned discharged retired`
    .split(/\s+/)
    .filter(Boolean),
);
const TRANSFER_VERB =
  /\b(?:transf\w*|tranf\w*|trasf\w*|sent|taken|admit\w*|readmit\w*|flight\w*|flown|airlift\w*|went|go|going|back|return\w*|brought|arriv\w*|present\w*|came|d\/c'?d|dc'?d|discharg\w*|retired|leave|left|enroute|en route|ambulance|ems)\b[^\n.]{0,14}$/i;
/** Words before a ward that are no transfer: "on Ellison 4", "per Ellison 4 RN". */
const FLOOR_WORDS = new Set(['on', 'per', 'of', 'with']);
/** Places inside a hospital that follow a hospital's initials ("GH ER", "GH cath lab"). */
const UNIT_WORDS = new Set('er ed ew icu ccu micu sicu cath pacu or ep'.split(' '));

/**
 * The initials by which Boston's teaching hospitals are known, in any case and with no cue: Massachusetts
 * General (MGH), Brigham and Women's (BWH), Beth Israel Deaconess (BIDMC), New England Medical Center (NEMC),
 * New England Baptist (NEBH), Newton-Wellesley (NWH), Dana-Farber (DFCI), Mass. Eye and Ear (MEEI), Lawrence
 * General (LGH), Boston Medical Center (BMC). None is a clinical abbreviation.
 */
const KNOWN_HOSPITAL_INITIALS = /\b(?:mgh|bwh|bidmc|bidh|nemc|nebh|nwh|dfci|meei|lgh|bmc)\b/gi;

function unknownWord(t: WordToken): boolean {
  const parts = t.bare.split('-');
  return parts.every(
    (p) =>
      p.length > 2 &&
      !ENGLISH_WORDS.has(p) &&
      !RARE_ENGLISH_WORDS.has(p) &&
      !CLINICAL_TERMS.has(p) &&
      !NAME_STOP_WORDS.has(p) &&
      !CLINICAL_ABBREVIATIONS.has(p),
  );
}

/** Whether a token may be a hospital's initials: two to five capitals no clinical list knows. */
function initialsWord(t: WordToken): boolean {
  if (
    !/^[A-Z]{2,5}$/.test(t.text) ||
    CLINICAL_ABBREVIATIONS.has(t.bare) ||
    CLINICAL_TERMS.has(t.bare) ||
    EPONYMS.has(t.bare)
  )
    return false;
  // "POST CATH", "PRE OP": an everyday word in capitals of four letters or more is that word.
  if (t.text.length >= 4 && COMMON_WORDS.has(t.bare)) return false;
  // In a note written in capitals every word is capitals: there an English word is a word.
  return (
    t.caseInformative || !(ENGLISH_WORDS.has(t.bare) || RARE_ENGLISH_WORDS.has(t.bare) || NAME_STOP_WORDS.has(t.bare))
  );
}

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

/** Detects hospitals and wards named by a floor number, by initials, or as a state's university. */
export function detectFacilities(text: string, tokens: readonly WordToken[]): PhiSpan[] {
  const out: PhiSpan[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i];
    if (t === undefined) continue;
    const prev = tokens[i - 1];
    const next = tokens[i + 1];
    // Cheap tests first: most tokens are neither after a cue nor before a floor number or a unit.
    const cuedWord = prev !== undefined && (MOVE_WORDS.has(prev.bare) || FLOOR_WORDS.has(prev.bare));
    const unitAfter = next !== undefined && UNIT_WORDS.has(next.bare);
    const c1 = text.charCodeAt(t.end);
    const digitAfter = isDigit(c1) || ((c1 === 32 || c1 === 9) && isDigit(text.charCodeAt(t.end + 1)));
    // "ELLISON7"; not a count or a frequency glued to its word ("Stoolsx2", "AxOx3", "combiventQ4").
    const glued =
      t.text.length > 4 &&
      isDigit(t.text.charCodeAt(t.text.length - 1)) &&
      /^[A-Za-z]{4,}\d{1,2}$/.test(t.text) &&
      !/[xq]\d{1,2}$/i.test(t.text);
    if (!cuedWord && !unitAfter && !digitAfter && !glued) continue;
    // A town's hospital by its emergency room: "found unresponsive -> GILBERTS EW", "at Culver ER".
    if (
      unitAfter &&
      next !== undefined &&
      /^(?:er|ew|ed)$/.test(next.bare) &&
      /^[ \t]+$/.test(gapBetween(text, t, next)) &&
      t.bare.length >= 4 &&
      (!t.caseInformative || isCapitalized(t) || /^[A-Z]+$/.test(t.text)) &&
      (gazetteer().names.has(t.bare) || unknownWord(t)) &&
      !CLINICAL_TERMS.has(t.bare) &&
      !CLINICAL_ABBREVIATIONS.has(t.bare) &&
      !NAME_STOP_WORDS.has(t.bare)
    ) {
      out.push({ start: t.start, end: t.end, category: 'ORGANIZATION' });
      continue;
    }
    // Neither a ward before its floor nor a hospital's initials (two to five letters).
    if (!digitAfter && !glued && (t.text.length > 5 || t.text.length < 2)) continue;
    const mayClauseStart = prev === undefined || /[:.;]/.test(text.slice(Math.max(0, t.start - 3), t.start));
    if (!cuedWord && !unitAfter && !mayClauseStart) continue;
    const cueGap = prev !== undefined && /^[ \t]+(?:the[ \t]+)?$/i.test(gapBetween(text, prev, t));
    const afterMove = cueGap && prev !== undefined && MOVE_WORDS.has(prev.bare);
    // A building and its floor: "Quartermain 3", "ELLISON7". The word must be a name (capitalised, or
    // any case in a note without case) and no word any list knows.
    if (digitAfter || glued) {
      const floor = digitAfter
        ? /^[ \t]?(\d{1,2})(?![\d,/:%-]|\.\d|\s*(?:mg|mcg|ml|cc|l|units?|u|%|hrs?|min|x)\b)/i.exec(
            text.slice(t.end, t.end + 12),
          )
        : null;
      const clauseStart = prev === undefined || /[:.;]\s*$/.test(text.slice(Math.max(0, t.start - 3), t.start));
      const floorCue = cueGap;
      if ((floor !== null || glued) && (floorCue || clauseStart)) {
        // A lower-case ward after a cue ("called to quartermain 6") when the word is long and no word at all.
        const nameCase =
          !t.caseInformative || isCapitalized(t) || /^[A-Z]{4,}\d*$/.test(t.text) || (floorCue && t.bare.length >= 6);
        // "on Sterling 6", "IN DISTRESS ON FREER 6": after a word of place or movement, a town's name or a
        // surname that is no everyday word names a building too.
        const namedBuilding =
          cuedWord &&
          floor !== null &&
          (!t.caseInformative || isCapitalized(t) || /^[A-Z]{4,}$/.test(t.text)) &&
          (gazetteer().names.has(t.bare) || SURNAMES.has(t.bare)) &&
          !COMMON_WORDS.has(t.bare) &&
          !CLINICAL_TERMS.has(t.bare) &&
          !CLINICAL_ABBREVIATIONS.has(t.bare) &&
          !NAME_STOP_WORDS.has(t.bare);
        if (nameCase && t.bare.length >= 4 && (unknownWord(t) || namedBuilding)) {
          const digits = glued ? (/\d+$/.exec(t.text)?.[0].length ?? 0) : 0;
          out.push({ start: t.start, end: t.end - digits, category: 'LOCATION' });
          continue;
        }
      }
    }
    // Initials of a hospital: "to GH", "at the BCH", "GH EW", "GH cath lab"; in a note without case,
    // two to four letters no list knows ("sent to gh").
    if (t.text.length > 5 || t.text.length < 2) continue;
    // "GH OR", not "increase in ips or time": "or" is a unit only in capitals after capitals.
    const conjunction = next !== undefined && next.bare === 'or' && !(next.text === 'OR' && t.caseInformative);
    const beforeUnit = unitAfter && next !== undefined && !conjunction && /^[ \t]+$/.test(gapBetween(text, t, next));
    if (!afterMove && !beforeUnit) continue;
    // Hospitals' initials end in H or MC (GH, MGH, BIDMC); others need the verb of a transfer.
    const hospitalShape = /(?:h|mc)$/i.test(t.text);
    // Lower-case initials: in a note without case any two to four letters no list knows ("sent to gh"); in
    // a line with case only a hospital's shape after a word of movement ("had at gh", "from bwh").
    const lowerInitials =
      (!t.caseInformative || (afterMove && hospitalShape)) &&
      /^[a-z]{2,4}$/.test(t.text) &&
      !ENGLISH_WORDS.has(t.bare) &&
      !RARE_ENGLISH_WORDS.has(t.bare) &&
      !CLINICAL_ABBREVIATIONS.has(t.bare) &&
      !CLINICAL_TERMS.has(t.bare) &&
      !NAME_STOP_WORDS.has(t.bare);
    if (!initialsWord(t) && !lowerInitials) continue;
    // "transferred to GH", "med-flighted to GH": a verb of moving a patient just before the preposition.
    const afterTransfer = afterMove && TRANSFER_VERB.test(text.slice(Math.max(0, t.start - 32), t.start));
    if (afterTransfer || beforeUnit || (afterMove && hospitalShape)) {
      out.push({ start: t.start, end: t.end, category: 'ORGANIZATION' });
    }
  }
  KNOWN_HOSPITAL_INITIALS.lastIndex = 0;
  for (let m = KNOWN_HOSPITAL_INITIALS.exec(text); m !== null; m = KNOWN_HOSPITAL_INITIALS.exec(text))
    out.push({ start: m.index, end: m.index + m[0].length, category: 'ORGANIZATION' });
  U_STATE.lastIndex = 0;
  for (let m = U_STATE.exec(text); m !== null; m = U_STATE.exec(text))
    out.push({ start: m.index, end: m.index + m[0].length, category: 'ORGANIZATION' });
  UNIVERSITY.lastIndex = 0;
  for (let m = UNIVERSITY.exec(text); m !== null; m = UNIVERSITY.exec(text)) {
    const value = m[0];
    // "U of" needs the capital U: a lower-case "u of" is shorthand, not a university.
    if (/^u ?of/.test(value)) continue;
    const last = value.split(' ').pop() ?? '';
    if (
      /^[A-Z][a-z]/.test(last) &&
      (ENGLISH_WORDS.has(last.toLowerCase()) || CLINICAL_TERMS.has(last.toLowerCase())) &&
      !new RegExp(`^(?:${STATES})$`, 'i').test(last)
    )
      continue;
    out.push({ start: m.index, end: m.index + value.length, category: 'ORGANIZATION' });
  }
  return out;
}
