import { parsePhoneNumberFromString } from 'libphonenumber-js';
import type { PhiCategory } from '../phi-category.ts';
import { CLINICAL_TERMS, NAME_STOP_WORDS } from './clinical-lexicon.ts';
import type { PhiSpan } from './phi-span.ts';

/*
 * Pattern detectors for the identifiers that have a shape: contact details (telephone, fax, pager, email,
 * URL, IP), SSNs, labelled and unlabelled record/plan/account/licence/vehicle/device numbers, ages over 89,
 * street addresses, city-state-ZIP blocks and ZIP codes. International phone numbers are confirmed with
 * libphonenumber-js (MIT).
 */

function push(out: PhiSpan[], start: number, end: number, category: PhiCategory): void {
  if (end > start) out.push({ start, end, category });
}

/** Adds a span for every match of a global regex, for its whole match or for capture group `group`. */
function each(
  text: string,
  re: RegExp,
  out: PhiSpan[],
  category: PhiCategory | ((m: RegExpExecArray) => PhiCategory | null),
  group = 0,
): void {
  re.lastIndex = 0;
  for (let m = re.exec(text); m !== null; m = re.exec(text)) {
    const cat = typeof category === 'function' ? category(m) : category;
    const value = m[group];
    if (cat !== null && value !== undefined && value.length > 0) {
      // Capture groups of these patterns sit at the end of the match.
      const start = group === 0 ? m.index : m.index + m[0].lastIndexOf(value);
      push(out, start, start + value.length, cat);
    }
    if (m[0].length === 0) re.lastIndex++;
  }
}

const EMAIL = /[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}/g;
const URL_RE = /\b(?:(?:https?|ftp):\/\/|www\.)[^\s<>"'()[\]]+[^\s<>"'()[\].,;:!?]/gi;
const BARE_DOMAIN =
  /\b[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.(?:com|org|net|edu|gov|mil|io|us|info|biz|health)\b(?:\/[^\s<>"']*[^\s<>"'.,;:!?])?/gi;
const DOMAIN_HINT = /\.(?:com|org|net|edu|gov|mil|io|us|info|biz|health)\b/i;
const IPV4 = /(?<![\d./])(?:25[0-5]|2[0-4]\d|1?\d?\d)(?:\.(?:25[0-5]|2[0-4]\d|1?\d?\d)){3}(?![\d.]*\d)/g;
const IPV6 =
  /(?<![\w:])(?:[0-9A-Fa-f]{1,4}:){7}[0-9A-Fa-f]{1,4}(?![\w:])|(?<![\w:])(?:[0-9A-Fa-f]{1,4}:){1,6}:(?:[0-9A-Fa-f]{1,4}(?::[0-9A-Fa-f]{1,4}){0,5})?(?![\w:])/g;
const PHONE =
  /(?<![\w/.]|\d-)(?:\+?1[\s.-]?)?(?:\(\d{3}\)\s?|\d{3}[\s./-] ?)\d{3}[\s./-] ?\d{4}(?:\s*(?:x|ext\.?|extension)\s*\d{1,5})?(?![\w/-]|\.\d)/gi;
const PHONE7 = /(?<![\w/.]|\d-)[2-9]\d{2}-\d{4}(?![\w/-]|\.\d)/g;
// A seven-digit number is a telephone only where a contact word says so ("home 671-9309"); otherwise it is
// as often a range of readings ("TV 900-1000", "SVR 900-1300").
const CONTACT_CUE =
  /\b(?:call(?:ed)?|phone|ph|tel|telephone|cell(?:ular)?|mobile|home|work|office|pager|beeper|contact|reached|number|no|fax|ext)\b[^\n]{0,24}$/i;
// Ten digits grouped any way ("240444-1243", "301 944-5032"), or a typed extra digit ("(301 273 45166)");
// groups apart by spaces alone, and an eleventh digit, only inside brackets or after a contact word.
const PHONE_LOOSE = /(?<![\w/.,-])\(?[2-9]\d{2}\)?[ .-]?\d{3}[ .-]?\d{4,5}(?![\w/-]|[.,]\d)/g;
const INTERNATIONAL = /\+\d[\d\s().-]{7,18}\d/g;
const PAGER =
  /\b(?:pager|pgr|pg|beeper|bpr|page|ext|extension|tel|phone|ph|cell|mobile|fax)\b\.?\s*(?:#|no\.?|number)?\s*[:#]?\s*#?\s*(\d{4,11})\b/gi;
const SSN = /(?<![\w-])\d{3}-\d{2}-\d{4}(?![\w-])/g;
const SSN_LABELLED =
  /\b(?:ssn|ss#|ss no\.?|social security(?: number| no\.?| #)?)\s*[:#]?\s*(\d{3}[- ]?\d{2}[- ]?\d{4})\b/gi;
const UUID = /\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b/gi;

const LABELS: readonly [RegExp, PhiCategory][] = [
  [
    /mrn|mr#|mr no\.?|medical record(?: number| no\.?| #)?|chart(?: number| no\.?| #)|unit(?: number| no\.?)|patient id|pt id|hospital(?: number| no\.?| #)|hosp #/i,
    'MRN',
  ],
  [
    /member(?: id| #| number| no\.?)|subscriber(?: id| #| number)?|policy(?: number| no\.?| #| id)?|plan(?: id| #| number)|group(?: number| no\.?| #| id)|insurance(?: id| #| number| no\.?)|medicaid(?: id| #| number| no\.?)?|medicare(?: id| #| number| no\.?)?|hicn|mbi|beneficiary(?: id| #| number)?/i,
    'HEALTH_PLAN',
  ],
  [
    /account(?: number| no\.?| #| id)?|acct\.?(?: number| no\.?| #)?|billing(?: id| #| number)|invoice(?: number| no\.?| #)?|claim(?: id| #| number| no\.?)/i,
    'ACCOUNT',
  ],
  [
    /licen[cs]e(?: number| no\.?| #)?|lic\.? ?#|dea(?: number| no\.?| #)?|npi|certificate(?: number| no\.?| #)?|driver'?s licen[cs]e|dl ?#|passport(?: number| no\.?| #)?/i,
    'LICENSE',
  ],
  [/vin|vehicle(?: id| identification number| #)|licen[cs]e plate|plate(?: number| no\.?| #)/i, 'VEHICLE'],
  [
    /serial(?: number| no\.?| #)?|s\/n|sn ?#|device(?: id| #| identifier)|udi|lot(?: number| no\.?| #)|model(?: number| no\.?| #)/i,
    'DEVICE',
  ],
  [
    /identifier|case(?: number| no\.?| #)|record(?: number| no\.?| #)|specimen(?: number| no\.?| #| id)|accession(?: number| no\.?| #)?|ref(?:erence)?(?: number| no\.?| #)|id(?: number| no\.?| #)?|#/i,
    'ID',
  ],
];
// A label starts a word: "\b" before the words, and a "#" checked behind it once found (a lookbehind at the
// start would be tried at every position of the text).
const LABELLED_ID = new RegExp(
  `(\\b(?:${LABELS.map(([re]) => re.source.replace(/\|#$/, '')).join('|')})|#(?<=(?:^|[^\\w])#))\\s*(?:is|was|:|=|-|\\.)?\\s*#?\\s*((?=[A-Za-z0-9-./]*\\d)[A-Za-z0-9][A-Za-z0-9-./]{2,}[A-Za-z0-9])`,
  'gi',
);
const LONG_NUMBER = /(?<![\w.,/:-])\d{6,}(?![\w/:]|[.,]\d|\s*(?:mg|mcg|ml|units?|u|mmhg|%)\b)/gi;
// Ventilator orders are dashed too ("rate 10-600-50%"): a trailing percent makes it a setting.
const DASHED_NUMBER = /(?<![\w/.-])\d{2,}(?:-\d{2,}){2,}(?![\w/%-])/g;
const ALNUM_CODE = /\b(?:[A-Z]{1,4}-?\d{5,}[A-Z0-9]*|\d{5,}[A-Z]{1,3}|[A-Z]\d{2,}[A-Z]\d{2,}[A-Z0-9]*)\b/g;
const ZIP_PLUS4 = /(?<![\w-])\d{5}-\d{4}(?![\w-])/g;
const ZIP_LABELLED = /\b(?:zip|zip code|postal code|postcode)\s*[:#]?\s*(\d{5})(?:-\d{4})?\b/gi;

const STATES =
  'AL|AK|AZ|AR|CA|CO|CT|DE|DC|FL|GA|HI|ID|IL|IN|IA|KS|KY|LA|ME|MD|MA|MI|MN|MS|MO|MT|NE|NV|NH|NJ|NM|NY|NC|ND|OH|OK|OR|PA|RI|SC|SD|TN|TX|UT|VT|VA|WA|WV|WI|WY|PR|Alabama|Alaska|Arizona|Arkansas|California|Colorado|Connecticut|Delaware|Florida|Georgia|Hawaii|Idaho|Illinois|Indiana|Iowa|Kansas|Kentucky|Louisiana|Maine|Maryland|Massachusetts|Michigan|Minnesota|Mississippi|Missouri|Montana|Nebraska|Nevada|New Hampshire|New Jersey|New Mexico|New York|North Carolina|North Dakota|Ohio|Oklahoma|Oregon|Pennsylvania|Rhode Island|South Carolina|South Dakota|Tennessee|Texas|Utah|Vermont|Virginia|Washington|West Virginia|Wisconsin|Wyoming|Puerto Rico';
// Case matters: "Pt", "Dr", "CT" end clinical phrases far more often than addresses.
const STREET_SUFFIX =
  'STREET|ST|AVENUE|AVE|ROAD|RD|BOULEVARD|BLVD|LANE|LN|DRIVE|COURT|PLACE|TERRACE|CIRCLE|PARKWAY|PKWY|HIGHWAY|HWY|SQUARE|TRAIL|CROSSING|PLAZA|WAY|Street|St|Avenue|Ave|Av|Road|Rd|Boulevard|Blvd|Lane|Ln|Drive|Dr|Court|Ct|Place|Pl|Terrace|Ter|Circle|Cir|Parkway|Pkwy|Highway|Hwy|Route|Rte|Square|Sq|Trail|Trl|Crossing|Xing|Alley|Loop|Row|Pike|Turnpike|Tpke|Plaza|Commons?|Landing|Ridge|Heights|Hts|Grove|Gardens|Gdns|Manor|Mews|Expressway|Expy|Freeway|Fwy|Way|Path|Walk|Run|Point|Park|Hill|Hills|Green|Close|Crescent|Cres|Station|Sta|Junction|Jct|Harbor|Harbour|Port|Estates|Village|Vlg|Center|Ctr|Bypass|Causeway|Cove|Creek|Falls|Field|Fields|Forest|Glen|Haven|Island|Isle|Knoll|Meadow|Meadows|Mill|Orchard|Pass|Pines|Shore|Shores|Spring|Springs|Summit|Valley|View|Vista|Woods';
const STREET = new RegExp(
  `(?<![\\w/.-])\\d{1,6}[A-Za-z]?(?:-\\d{1,4})?\\s+(?:(?:[NSEW]|North|South|East|West|NE|NW|SE|SW)\\.?\\s+)?((?:[A-Z0-9][A-Za-z0-9'.-]*\\s+){1,4}?)(?:${STREET_SUFFIX})\\b\\.?(?:\\s*,?\\s*(?:Apt|Apartment|Suite|Ste|Unit|#|Fl|Floor|Rm|Room|Bldg|Building)\\.?\\s*#?\\s*[A-Za-z0-9-]+)?`,
  'g',
);
const PO_BOX = /\bP\.?\s?O\.?\s*Box\s+\d+/gi;
const CITY_STATE_ZIP = new RegExp(
  `\\b([A-Za-z][A-Za-z.'-]+(?:\\s+[A-Za-z][A-Za-z.'-]+){0,2})\\s*,?\\s+(${STATES})\\.?,?\\s+(\\d{5}(?:-\\d{4})?)(?![\\w-])`,
  'g',
);
const CITY_COMMA_STATE = new RegExp(
  `\\b([A-Z][a-z][A-Za-z.'-]*(?:\\s+[A-Z][a-z][A-Za-z.'-]*){0,2}),\\s+(${STATES})\\b(?!\\s*\\d)`,
  'g',
);

const AGE_PATTERNS: readonly RegExp[] = [
  /\b(\d{2,3})\s*(?:-|\s)?\s*(?:years?|yrs?|yo|y\.o\.?|y\/o|yr)(?![a-z])/gi,
  /\bage[ds]?\s*(?:of|is|was|:)?\s*(\d{2,3})\b/gi,
  /\b(\d{2,3})\s?(?:[MF]|male|female|man|woman|gentleman|lady)\b/gi,
  /\b(\d{2,3})(?:st|nd|rd|th)\s+birthday\b/gi,
  /\b(?:in (?:his|her|their) )(\d{2,3})s\b/gi,
];
const AGE_WORDS = /\b(?:nonagenarian|centenarian|supercentenarian)s?\b/gi;
// Ages over 89 written in words: "ninety-two year old", "one hundred and one yo", "aged ninety".
const AGE_IN_WORDS =
  /\b(?:ninety(?:[- ](?:one|two|three|four|five|six|seven|eight|nine))?|(?:a|one) hundred(?:(?: and)? (?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve))?)(?=[- ](?:years?|yrs?|yo|y\/o|y\.o\.)\b|[- ]year[- ]old\b)|(?<=\bage[ds]? (?:of )?)(?:ninety(?:[- ](?:one|two|three|four|five|six|seven|eight|nine))?|(?:a|one) hundred)\b/gi;

/** Detects the shaped identifiers of `text`. */
export function detectIdentifiers(text: string): PhiSpan[] {
  const out: PhiSpan[] = [];
  // Cheap tests first: most texts (coded element texts, short notes) hold no digits, no "@", no "://".
  if (text.includes('@')) each(text, EMAIL, out, 'EMAIL');
  if (/:\/\/|www\./i.test(text)) each(text, URL_RE, out, 'URL');
  if (DOMAIN_HINT.test(text)) each(text, BARE_DOMAIN, out, (m) => (/^\d+(\.\d+)*$/.test(m[0]) ? null : 'URL'));
  if (/::|[0-9A-Fa-f]:[0-9A-Fa-f]{1,4}:/.test(text))
    each(text, IPV6, out, (m) => (m[0].length >= 6 && /[a-f]|::/i.test(m[0]) ? 'IP' : null));
  each(text, AGE_WORDS, out, 'AGE');
  if (/ninety|hundred/i.test(text)) each(text, AGE_IN_WORDS, out, 'AGE');
  CITY_COMMA_STATE.lastIndex = 0;
  for (let m = CITY_COMMA_STATE.exec(text); m !== null; m = CITY_COMMA_STATE.exec(text)) {
    push(out, m.index, m.index + m[0].length, 'LOCATION');
  }
  if (!/\d/.test(text)) return out;
  each(text, IPV4, out, 'IP');
  each(text, SSN, out, 'SSN');
  each(text, SSN_LABELLED, out, 'SSN', 1);
  const faxBefore = (index: number): boolean => /\bfax\b[^\n]{0,12}$/i.test(text.slice(Math.max(0, index - 20), index));
  PHONE.lastIndex = 0;
  for (let m = PHONE.exec(text); m !== null; m = PHONE.exec(text)) {
    push(out, m.index, m.index + m[0].length, faxBefore(m.index) ? 'FAX' : 'PHONE');
  }
  PHONE7.lastIndex = 0;
  for (let m = PHONE7.exec(text); m !== null; m = PHONE7.exec(text)) {
    if (!CONTACT_CUE.test(text.slice(Math.max(0, m.index - 40), m.index))) continue;
    push(out, m.index, m.index + m[0].length, faxBefore(m.index) ? 'FAX' : 'PHONE');
  }
  PHONE_LOOSE.lastIndex = 0;
  for (let m = PHONE_LOOSE.exec(text); m !== null; m = PHONE_LOOSE.exec(text)) {
    const digits = m[0].replace(/\D/g, '');
    // Ten digits run together are the long-number rule's; here they must be grouped.
    if (!/[ .()-]/.test(m[0])) continue;
    const bracketed = m[0].startsWith('(') || text[m.index - 1] === '(';
    const cued = CONTACT_CUE.test(text.slice(Math.max(0, m.index - 40), m.index));
    // Digits apart by spaces alone are as often a row of readings ("TV 450 500 1200").
    if ((digits.length === 11 || !/[().-]/.test(m[0])) && !bracketed && !cued) continue;
    const open = m[0].startsWith('(') && !m[0].includes(')') ? 1 : 0;
    push(out, m.index + open, m.index + m[0].length, faxBefore(m.index) ? 'FAX' : 'PHONE');
  }
  INTERNATIONAL.lastIndex = 0;
  for (let m = INTERNATIONAL.exec(text); m !== null; m = INTERNATIONAL.exec(text)) {
    if (parsePhoneNumberFromString(m[0])?.isPossible() === true) push(out, m.index, m.index + m[0].length, 'PHONE');
  }
  each(text, PAGER, out, (m) => (/^fax/i.test(m[0]) ? 'FAX' : 'PHONE'), 1);
  if (text.includes('-')) each(text, UUID, out, 'ID');
  LABELLED_ID.lastIndex = 0;
  for (let m = LABELLED_ID.exec(text); m !== null; m = LABELLED_ID.exec(text)) {
    const label = m[1] ?? '';
    const value = m[2] ?? '';
    const category = LABELS.find(([re]) => new RegExp(`^(?:${re.source})$`, 'i').test(label))?.[1] ?? 'ID';
    // A bare "#" or "no." labels bed numbers and doses as often as identifiers: ask for four digits.
    if (category === 'ID' && /^(?:#|id)$/i.test(label) && !/\d{4,}/.test(value)) continue;
    if (/^\d{1,2}[/.]\d{1,2}([/.]\d{2,4})?$/.test(value)) continue;
    const start = m.index + m[0].length - value.length;
    push(out, start, start + value.length, category);
  }
  each(text, LONG_NUMBER, out, 'ID');
  each(text, DASHED_NUMBER, out, 'ID');
  each(text, ALNUM_CODE, out, 'ID');
  each(text, ZIP_PLUS4, out, 'ZIP');
  each(text, ZIP_LABELLED, out, 'ZIP', 1);
  STREET.lastIndex = 0;
  for (let m = STREET.exec(text); m !== null; m = STREET.exec(text)) {
    const words = (m[1] ?? '').toLowerCase().split(/\s+/).filter(Boolean);
    if (words.some((w) => NAME_STOP_WORDS.has(w) || CLINICAL_TERMS.has(w.replace(/[^a-z]/g, '')))) continue;
    push(out, m.index, m.index + m[0].length, 'ADDRESS');
  }
  each(text, PO_BOX, out, 'ADDRESS');
  CITY_STATE_ZIP.lastIndex = 0;
  for (let m = /\b\d{5}\b/.test(text) ? CITY_STATE_ZIP.exec(text) : null; m !== null; m = CITY_STATE_ZIP.exec(text)) {
    const city = m[1] ?? '';
    const zip = m[3] ?? '';
    const cityStart = m.index;
    // Keep only the words of the city (the match may start inside a sentence).
    const words = city.split(/\s+/);
    let offset = 0;
    while (words.length > 1 && /^[a-z]/.test(words[0] ?? '')) {
      offset += (words.shift() ?? '').length;
      offset += city.slice(offset).search(/\S/);
    }
    const beforeZip = m[0].slice(0, m[0].length - zip.length).replace(/[\s,.]+$/, '');
    push(out, cityStart + offset, m.index + beforeZip.length, 'LOCATION');
    push(out, m.index + m[0].length - zip.length, m.index + m[0].length, 'ZIP');
  }
  for (const re of AGE_PATTERNS) {
    re.lastIndex = 0;
    for (let m = re.exec(text); m !== null; m = re.exec(text)) {
      const value = m[1] ?? '';
      const age = Number(value);
      if (age >= 90 && age <= 125) {
        const start = m.index + m[0].indexOf(value);
        push(out, start, start + value.length, 'AGE');
      }
    }
  }
  return out;
}
