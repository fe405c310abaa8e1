import * as chrono from 'chrono-node';
import type { PhiSpan } from './phi-span.ts';

/*
 * Dates in every common form: ISO, numeric (3/14/2025, 3-14-25, 14.03.2025), partial (3/14, 8/87), written
 * (March 14, 2025; 14th of March; Mar. 2025; nov.), ordinal days ("on the 11th"), apostrophe years (74'),
 * and holidays written with a year (Christmas 2019). chrono-node (MIT) parses the written forms in strict
 * mode and confirms them; the regular expressions add the partial and terse forms notes use.
 * A lone four-digit year is not PHI under Safe Harbor and is left alone.
 */

const MONTH =
  '(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sept?(?:ember)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)';
const DAY = '(?:[12]\\d|3[01]|0?[1-9])(?:st|nd|rd|th)?';
const YEAR = "(?:\\d{4}|'\\d{2}|\\d{2}(?!\\d))";

const WRITTEN_MONTH = new RegExp(`\\b${MONTH}\\b`, 'i');
const ISO = /(?<![\w-])\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?(?![\w-])/g;
const YMD = /(?<![\w/.-])\d{4}[/.]\d{1,2}[/.]\d{1,2}(?![\w/])/g;
const NUMERIC = /(?<![\w/]|[^A-Za-z]\.|\d[:-])(\d{1,2})([/.-])(\d{1,2})\2(\d{4}|\d{2})(?![\w/%]|[.-]\d)/g;
const PARTIAL =
  /(?<![\w/]|[^A-Za-z]\.|\d[:-])(\d{1,2})\/(\d{1,4})(?![\w/%]|\.\d|\s*(?:%|mm|mg|mcg|ml|cc|kg|units?|u\b|hr|h\b|min|x\b|l\b|liters?|lpm|meq|mmol))/gi;
const WRITTEN = new RegExp(
  [
    `\\b(?:(?:Mon|Tues?|Wed(?:nes)?|Thu(?:rs?)?|Fri|Sat(?:ur)?|Sun)(?:day)?\\.?,?\\s+)?${MONTH}\\.?\\s+${DAY}(?:(?:,\\s*|\\s+)${YEAR})?\\b`,
    `\\b${DAY}\\s+(?:of\\s+)?${MONTH}\\.?(?:,?\\s+${YEAR})?\\b`,
    // "15-Jul", "15-Jul-2024", "15JUL24": day and month joined as order sets print them.
    `\\b(?:[12]\\d|3[01]|0?[1-9])-?${MONTH}(?:-?(?:\\d{4}|\\d{2}))?\\b`,
    `\\b${MONTH}\\.?,?\\s+(?:of\\s+)?(?:\\d{4}|'\\d{2})\\b`,
    `\\b(?:January|February|April|June|July|August|September|October|November|December)\\b`,
  ].join('|'),
  'gi',
);
// An abbreviated month alone is also a word ("dec" is decreased): only after a word that takes a month.
// The month is sought first and the word before it checked after: months are rarer than "in" and "of".
const ABBREVIATED_MONTH = /\b(?:Sept?|Jan|Feb|Aug|Oct|Nov|Dec)\b\.?/gi;
const MONTH_CUE_BEFORE = /\b(?:in|since|until|till|by|of|early|late|mid|during|before|after|last|next|this)\s+$/i;
// "may" and "march" are verbs too: only capitalised and followed by a day, year or "of".
const MAY_MARCH = /\b(?:May|March|MAY|MARCH)\.?(?=\s*(?:\d|of\b|OF\b))/g;
// "on the 3rd", "since the 11th", "the 15th", "the 3rd of": "the 1st" to "the 3rd" alone count items more
// often ("complications with the 1st"), and "3rd spacing" is no day.
// The ordinal is sought first, its cue checked before it.
const ORDINAL = /\b(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)\b/gi;
const ORDINAL_CUE_BEFORE = /\b(?:(?:on|by|since|until|till)\s+(?:the\s+)?|(?:from|before|after)\s+the\s+)$/i;
const THE_BEFORE = /\bthe\s+$/i;
const ORDINAL_OF_AFTER = /^\s+(?:of|at|@|thru|through|to)\b/i;
// "fx4/97": a month and year glued to the word before them.
const GLUED_MONTH_YEAR = /[A-Za-z](\d{1,2})\/(\d{4}|\d{2})(?![\w/%]|\.\d)/g;
// "10/03/10/04": two days written together; "11/21.93": a year after a period.
const DAY_PAIR = /(?<![\w/.])(\d{1,2})\/(\d{1,2})\/(\d{1,2})\/(\d{1,2})(?![\w/%]|\.\d)/g;
const DAY_DOT_YEAR = /(?<![\w/.])(\d{1,2})\/(\d{1,2})\.(\d{2})(?![\w.%])/g;
// A day heading its line ("9/9 abx dc'd"), before a word that is no strength, power or pulse.
// "1/2 NS", "1/4 strength", "3/4 of": a fraction whatever comes before it.
const FRACTION_AFTER = /^\s*(?:ns|nss|tabs?|tablets?|strength|str|of|cup|inch|dose|amp|pill)\b/i;
const LINE_START_BEFORE = /(?:^|\n)[ \t*•>-]*$/;
const WORD_AFTER = /^[ \t]+(?!str|strength|motor|power|pulses?|grip|reflex)[A-Za-z]/i;
// The holiday first, so the pattern is tried only where one is named; "the day after" is added after.
const HOLIDAY_LEAD = /\b(?:the\s+)?(?:day|week|weekend)\s+(?:before|after|of)\s+$/i;
const HOLIDAY =
  /\b(?:Christmas(?: Day| Eve)?|Xmas|Thanksgiving(?: Day)?|Easter(?: Sunday)?|Halloween|New Year'?s?(?: Day| Eve)?|Independence Day|Fourth of July|Memorial Day|Labor Day|Veterans'? Day|Valentine'?s Day|Mother'?s Day|Father'?s Day|Martin Luther King(?: Jr\.?)? Day|MLK Day|Presidents'? Day|Columbus Day|Good Friday|Hanukkah|Passover|Ramadan|Yom Kippur|Rosh Hashanah|Diwali|Eid(?: al-Fitr| al-Adha)?)(?:,?\s+(?:of\s+)?)(?:\d{4}|'\d{2})\b/gi;

// Ventilator settings, pain scores and strengths are written like dates: "PSV 10/5", "pain 3/10".
const SETTING_BEFORE =
  /(?:\b(?:psv|ps|peep|cpap|bi-?pap|ipap|epap|imv|simv|ac|a\/c|vent|settings?|pain|score|rated|strength|str|d5|ns|x|co\/ci|ci|co)|&)\s*(?:of|at|to|on|=|:)?\s*$/i;

// "x.6/10 peep": FiO2 over PEEP.
const VENT_WORD_AFTER = /^\s*(?:peep|ps|psv|cpap|fio2|ipap|epap)\b/i;
// Words of mechanical ventilation: near them "5/5" or "10/5" is pressure support over PEEP, not a day.
const VENT_SETTING_WORDS =
  '(?:psv?|peep|cpap|bi-?pap|ipap|epap|s?imv|prvc|cmv|a\\/c|vent(?:ilator)?|settings?|flow-?by|pressure support)';
// Within its sentence: "peep 5. infiltrates 8/3" is a day.
/** A ventilation mode just before a pair of numbers: its pressures, never a day. */
const VENT_RIGHT_BEFORE = new RegExp(`\\b${VENT_SETTING_WORDS}[ \\t]*(?:of|at|to|=|:)?[ \\t]*$`, 'i');
const VENT_NEAR = new RegExp(`\\b${VENT_SETTING_WORDS}\\b(?:[^\\n.;]|\\.\\d){0,25}$`, 'i');
const VENT_AROUND = new RegExp(`\\b(?:${VENT_SETTING_WORDS}|sbt|fio2)\\b`, 'i');
const VENT_PLAN_AFTER = /^[^\n]{0,60}\b(?:extubat\w*|wean(?:ed|ing)?|peep|ps)\b/i;
// Words that take a date: after them an n/n is a day even in a ventilation paragraph.
const DATE_CUE_BEFORE =
  /\b(?:since|until|till|dated?|from|extubated|intubated|reintubated|admitted|born|of|d\/c'?d|dc'?d)\s*$/i;
// Words that take a date whatever the numbers around them: "placed 8/14", "extubate 3/11".
const STRONG_DATE_CUE =
  /\b(?:since|until|till|thru|through|dated?|due|extubated?|intubated?|reintubated?|admitted|readmitted|discharged|transferred|born|placed|inserted|removed|changed|started|stopped|begun|began|completed|done|drawn|d\/c'?d?|dc'?d|rec'?d|cx'?d|cultured|s\/p|surgery|cabg|cath|arrive|arrives|arriving|scheduled|planned|post|pre|postop|preop)(?:\s+(?:on|in|at|of|the|was|were|for|[a-z]{1,3})){0,3}\s*$/i;
// "9/9 @ 1900", "10/26 7pm": a day followed by a time of day.
const TIME_AFTER = /^\s*(?:@|at)?\s*(?:[01]?\d|2[0-3]):?[0-5]\d(?!\d)|^\s*\d{1,2}\s*(?:am|pm|a|p)\b/i;
const PAIN_NEAR = /^[^\n.;]{0,25}\b(?:pain|ache|aching|discomfort|scale|sore(?:ness)?|cramp\w*|h\/a|ha|cp|chest)\b/i;
const PAIN_BEFORE = /\b(?:pain|cp|c\/o|complains? of|rates?|rated|rating|scale|score)\b[^\n.;]{0,15}$/i;
// "80/48/7.45", "3/2/1500": a series of readings, not a date.
const SERIES_AFTER = /^\/\d/;
// "10/15-10/16", "8/2 - 8/10": the second day of a range.
const DAY_RANGE = /(?<![\w/])(\d{1,2})\/(\d{1,2})\s*-\s*(\d{1,2})\/(\d{1,2})(?![\w/%]|\.\d)/g;
const DASHED_DAY = /(?<![\w/.-])(\d{1,2})-(\d{1,2})(?![\w/%-]|\.\d|\s*(?:mg|mcg|ml|cc|l|units?|%|hrs?|min|mmhg)\b)/gi;

/**
 * Whether the n/n at `index` reads as a ventilator setting: a ventilation word just before it on its
 * line, or, for a plausible pair (pressure support at least PEEP), one in the lines around it.
 */
function ventSetting(text: string, index: number, end: number, a: number, b: number): boolean {
  // Pressures: PEEP stays under 20 and pressure support under 40; a day of 28 is never a setting.
  if (a > 40 || b > 20) return false;
  if (VENT_NEAR.test(text.slice(Math.max(0, index - 40), index))) return true;
  // PEEP is 5 or more: "8/3", "10/3", "11/1" in a ventilation paragraph are days.
  if (a < b || a > 30 || b > 15 || b < 5) return false;
  if (DATE_CUE_BEFORE.test(text.slice(Math.max(0, index - 16), index))) return false;
  return (
    VENT_AROUND.test(text.slice(Math.max(0, index - 120), index)) || VENT_PLAN_AFTER.test(text.slice(end, end + 60))
  );
}

// A past event with a two-digit year in a history list: "CVA 74'.", "NQWMI 13.", "cholecystectomy 88".
const TWO_DIGITS_AT_END = /(?<![\w/.:-])(\d{2}['’]?)(?=[ \t]*(?:[.,;)]|$))/gm;
const EVENT_BEFORE =
  /\b(?:n?q?w?mi|imi|ami|n?stemi|cva|tia|cabg|ptca|pci|stent(?:ed|s)?|dvt|pe|chf|fx|fracture|arrest|stroke|turp|surgery|[a-z]+(?:ectomy|otomy|ostomy|plasty|pexy))[ \t]*(?:in[ \t]+|-[ \t]*)?$/i;

// A two-digit year heading a history entry, before the event: "09 PTCA to LCX", "'98 CABG x3", "; 03 MI".
// A year after its event ("CA'88", "back surgery '85") is a year alone, which Safe Harbor keeps (and the
// PhysioNet gold marks as DateYear, not Date): it stays.
const TWO_DIGITS_BEFORE_EVENT =
  /(?:^|[.;:,(]|\n)[ \t]*['’]?(\d{2})['’]?[ \t]+(?=(?:n?q?w?mi|imi|ami|n?stemi|cva|tia|cabg|ptca|pci|stent|dvt|chf|fx|fracture|arrest|stroke|turp|surgery|[a-z]+(?:ectomy|otomy|ostomy|plasty|pexy))\b)/gim;

function validMonthDay(month: number, day: number): boolean {
  return month >= 1 && month <= 12 && day >= 1 && day <= 31;
}

/** Detects dates in `text`. */
export function detectDates(text: string): PhiSpan[] {
  const out: PhiSpan[] = [];
  const add = (start: number, end: number): void => {
    if (end > start) out.push({ start, end, category: 'DATE' });
  };
  const hasDigit = /\d/.test(text);
  const hasMonth = WRITTEN_MONTH.test(text);
  if (!hasDigit && !hasMonth) return out;
  if (hasMonth) {
    ABBREVIATED_MONTH.lastIndex = 0;
    for (let m = ABBREVIATED_MONTH.exec(text); m !== null; m = ABBREVIATED_MONTH.exec(text)) {
      if (MONTH_CUE_BEFORE.test(text.slice(Math.max(0, m.index - 8), m.index))) add(m.index, m.index + m[0].length);
    }
  }
  for (const re of hasMonth ? [ISO, YMD, MAY_MARCH] : [ISO, YMD]) {
    re.lastIndex = 0;
    for (let m = re.exec(text); m !== null; m = re.exec(text)) add(m.index, m.index + m[0].length);
  }
  HOLIDAY.lastIndex = 0;
  for (let m = hasDigit ? HOLIDAY.exec(text) : null; m !== null; m = HOLIDAY.exec(text)) {
    const lead = HOLIDAY_LEAD.exec(text.slice(Math.max(0, m.index - 30), m.index));
    add(m.index - (lead?.[0].length ?? 0), m.index + m[0].length);
  }
  if (hasMonth) {
    WRITTEN.lastIndex = 0;
    for (let m = WRITTEN.exec(text); m !== null; m = WRITTEN.exec(text)) add(m.index, m.index + m[0].length);
  }
  NUMERIC.lastIndex = 0;
  for (let m = NUMERIC.exec(text); m !== null; m = NUMERIC.exec(text)) {
    const a = Number(m[1]);
    const b = Number(m[3]);
    const year = m[4] ?? '';
    if (year.length === 4 && (Number(year) < 1900 || Number(year) > 2100)) continue;
    if (validMonthDay(a, b) || validMonthDay(b, a)) add(m.index, m.index + m[0].length);
  }
  if (hasDigit && text.includes('/')) {
    GLUED_MONTH_YEAR.lastIndex = 0;
    for (let m = GLUED_MONTH_YEAR.exec(text); m !== null; m = GLUED_MONTH_YEAR.exec(text)) {
      const month = Number(m[1]);
      const y = m[2] ?? '';
      const year = Number(y);
      if (month >= 1 && month <= 12 && (y.length === 4 ? year >= 1900 && year <= 2100 : year > 31))
        add(m.index + 1, m.index + m[0].length);
    }
    DAY_PAIR.lastIndex = 0;
    for (let m = DAY_PAIR.exec(text); m !== null; m = DAY_PAIR.exec(text)) {
      if (validMonthDay(Number(m[1]), Number(m[2])) && validMonthDay(Number(m[3]), Number(m[4])))
        add(m.index, m.index + m[0].length);
    }
    DAY_DOT_YEAR.lastIndex = 0;
    for (let m = DAY_DOT_YEAR.exec(text); m !== null; m = DAY_DOT_YEAR.exec(text)) {
      if (validMonthDay(Number(m[1]), Number(m[2]))) add(m.index, m.index + m[0].length);
    }
  }
  PARTIAL.lastIndex = 0;
  for (let m = PARTIAL.exec(text); m !== null; m = PARTIAL.exec(text)) {
    const a = Number(m[1]);
    const bText = m[2] ?? '';
    const b = Number(bText);
    const end = m.index + m[0].length;
    const monthDay = bText.length <= 2 && validMonthDay(a, b);
    const monthYear = a >= 1 && a <= 12 && (bText.length === 4 ? b >= 1900 && b <= 2100 : bText.length === 2 && b > 31);
    if (!monthDay && !monthYear) continue;
    const strongCue =
      (STRONG_DATE_CUE.test(text.slice(Math.max(0, m.index - 28), m.index)) ||
        TIME_AFTER.test(text.slice(end, end + 16))) &&
      !SERIES_AFTER.test(text.slice(end, end + 4));
    // "1/2", "2/3", "3/4": the common fractions are days only after a word that takes a date.
    if (monthDay && b <= 4 && a < b && (!strongCue || FRACTION_AFTER.test(text.slice(end, end + 12)))) continue;
    if (monthDay && b === 10 && a <= 10) {
      if (PAIN_NEAR.test(text.slice(end, end + 40)) || PAIN_BEFORE.test(text.slice(Math.max(0, m.index - 30), m.index)))
        continue;
    }
    // "5/5", "2/2": strength, pulses and pressures read as equal pairs; a day only after a taking word.
    const equalPair = monthDay && a === b;
    // "placed 8/14", "extubate 3/11", "since 7/30": a word that takes a date decides, unless a ventilation
    // mode stands right before the pair ("placed on PS 5/5", "changed to CPAP 10/5").
    if (strongCue && !VENT_RIGHT_BEFORE.test(text.slice(Math.max(0, m.index - 12), m.index))) {
      add(m.index, end);
      continue;
    }
    // A day heading its line: "9/9 abx dc'd".
    if (
      monthDay &&
      LINE_START_BEFORE.test(text.slice(Math.max(0, m.index - 6), m.index)) &&
      WORD_AFTER.test(text.slice(end, end + 12)) &&
      !VENT_WORD_AFTER.test(text.slice(end, end + 8))
    ) {
      add(m.index, end);
      continue;
    }
    if (equalPair) continue;
    if (monthDay && bText.length <= 2 && ventSetting(text, m.index, end, a, b)) continue;
    if (VENT_WORD_AFTER.test(text.slice(end, end + 8))) continue;
    if (
      SETTING_BEFORE.test(text.slice(Math.max(0, m.index - 16), m.index)) ||
      /^\s*(?:pain|scale)/i.test(text.slice(end, end + 8))
    )
      continue;
    add(m.index, end);
  }
  // "since 7-15", "placed 7-15": a month and day joined by a dash are a day only after a taking word, since
  // "7-15" is far more often a range of readings.
  DASHED_DAY.lastIndex = 0;
  for (let m = DASHED_DAY.exec(text); m !== null; m = DASHED_DAY.exec(text)) {
    if (!validMonthDay(Number(m[1]), Number(m[2]))) continue;
    if (STRONG_DATE_CUE.test(text.slice(Math.max(0, m.index - 28), m.index))) add(m.index, m.index + m[0].length);
  }
  DAY_RANGE.lastIndex = 0;
  for (let m = DAY_RANGE.exec(text); m !== null; m = DAY_RANGE.exec(text)) {
    if (!validMonthDay(Number(m[1]), Number(m[2])) || !validMonthDay(Number(m[3]), Number(m[4]))) continue;
    if (Number(m[2]) <= 4 && Number(m[4]) <= 4) continue;
    add(m.index, m.index + m[0].length);
  }
  TWO_DIGITS_AT_END.lastIndex = 0;
  for (let m = TWO_DIGITS_AT_END.exec(text); m !== null; m = TWO_DIGITS_AT_END.exec(text)) {
    if (EVENT_BEFORE.test(text.slice(Math.max(0, m.index - 24), m.index))) add(m.index, m.index + m[0].length);
  }
  TWO_DIGITS_BEFORE_EVENT.lastIndex = 0;
  for (
    let m = hasDigit ? TWO_DIGITS_BEFORE_EVENT.exec(text) : null;
    m !== null;
    m = TWO_DIGITS_BEFORE_EVENT.exec(text)
  ) {
    // Nothing before the year holds a digit: its first digit starts it.
    const start = m.index + m[0].search(/\d/);
    add(start, start + 2);
  }
  ORDINAL.lastIndex = 0;
  for (let m = hasDigit ? ORDINAL.exec(text) : null; m !== null; m = ORDINAL.exec(text)) {
    const value = m[0];
    const start = m.index;
    const before = text.slice(Math.max(0, start - 12), start);
    // "the 15th": a day; "the 1st" to "the 3rd" only before "of", "at" or "to".
    const cued =
      ORDINAL_CUE_BEFORE.test(before) ||
      (THE_BEFORE.test(before) &&
        ((parseInt(value, 10) >= 4 && /th$/i.test(value)) ||
          ORDINAL_OF_AFTER.test(text.slice(start + value.length, start + value.length + 12))));
    if (
      cued &&
      !/^\s*(?:degree|grade|percentile|rib|ics|intercostal|toe|finger|digit|cranial|nerve|ventricle|time|dose|day of|trimester|generation|floor|cycle|line|step|attempt|try|round|place|stage|shift)/i.test(
        text.slice(start + value.length, start + value.length + 20),
      )
    )
      add(start, start + value.length);
  }
  if (hasMonth) {
    for (const result of chrono.strict.parse(text)) {
      const start = result.start;
      if (!(start.isCertain('day') || start.isCertain('month'))) continue;
      // Numeric forms are the regular expressions' job; chrono confirms the written ones.
      if (!WRITTEN_MONTH.test(result.text)) continue;
      add(result.index, result.index + result.text.length);
    }
  }
  return out;
}
