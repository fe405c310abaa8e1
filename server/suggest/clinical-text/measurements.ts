import { PrefixIndex } from './prefix-index.ts';
import { CARDINAL_WORDS, wordAlternation } from './number-words.ts';

/**
 * Numbers a triage note states, each with the span that states it: vital signs with their units
 * (temperature in °C or °F, heart and respiratory rate, SpO2, blood pressure, GCS, pain score, AVPU),
 * critical laboratory values, age and sex. Values outside what a living patient can have are dropped.
 */
export const VITAL_NAMES = [
  'temperatureC',
  'heartRate',
  'respiratoryRate',
  'spo2',
  'systolic',
  'diastolic',
  'gcs',
  'painScore',
  'glucoseMgDl',
] as const;
export type VitalName = (typeof VITAL_NAMES)[number];

export const LAB_NAMES = [
  'potassium',
  'sodium',
  'lactate',
  'troponin',
  'hemoglobin',
  'platelets',
  'inr',
  'alt',
  'ast',
  'bilirubin',
  'creatinine',
  'ph',
  'bicarbonate',
  'ketones',
  'wbc',
  'neutrophils',
] as const;
export type LabName = (typeof LAB_NAMES)[number];

export interface Span {
  start: number;
  end: number;
}

export interface Measurement extends Span {
  value: number;
  /** The unit as written (or implied by the pattern), e.g. `°F`, `/min`, `mg/dL`. */
  unit: string;
}

export type Avpu = 'alert' | 'voice' | 'pain' | 'unresponsive';

export interface Measurements {
  vitals: Partial<Record<VitalName, Measurement>>;
  labs: Partial<Record<LabName, Measurement>>;
  avpu?: { value: Avpu } & Span;
  age?: { years: number } & Span;
  sex?: { value: 'female' | 'male' } & Span;
  /** Names of values found outside what a living patient can have (never the values). */
  implausible: string[];
}

const PLAUSIBLE: Record<VitalName | LabName, [number, number]> = {
  temperatureC: [25, 45],
  heartRate: [15, 300],
  respiratoryRate: [2, 90],
  spo2: [30, 100],
  systolic: [30, 300],
  diastolic: [10, 200],
  gcs: [3, 15],
  painScore: [0, 10],
  glucoseMgDl: [10, 2000],
  potassium: [1, 10],
  sodium: [90, 200],
  lactate: [0, 30],
  troponin: [0, 100_000],
  hemoglobin: [1, 25],
  platelets: [0, 2000],
  inr: [0.5, 20],
  alt: [0, 20_000],
  ast: [0, 20_000],
  bilirubin: [0, 60],
  creatinine: [0.1, 30],
  ph: [6.5, 8],
  bicarbonate: [1, 60],
  ketones: [0, 20],
  wbc: [0, 500],
  neutrophils: [0, 100],
};

/** Between a name and its value: "HR 84", "HR: 84", "HR of 84", "heart rate was 84", "HR=84". */
const SEP = String.raw`\s*(?:(?:of|is|was|are|were|at|=|:|-)\s*)?(?:(?:about|around|approximately|~)\s*)?`;

/**
 * A case-insensitive global pattern from a raw template, compiled once per call site (the template's
 * strings array is the same object on every call), since a note is read many times a second.
 */
const COMPILED = new WeakMap<TemplateStringsArray, RegExp>();
function rx(strings: TemplateStringsArray, ...values: string[]): RegExp {
  let re = COMPILED.get(strings);
  if (!re) {
    re = new RegExp(String.raw(strings, ...values), 'gi');
    COMPILED.set(strings, re);
  }
  return re;
}

function round1(x: number): number {
  return Math.round(x * 10) / 10;
}

/** Reads the measurements of a text; the first plausible value of each kind wins. */
export function readMeasurements(text: string): Measurements {
  const out: Measurements = { vitals: {}, labs: {}, implausible: [] };
  const put = (
    table: 'vitals' | 'labs',
    key: VitalName | LabName,
    value: number,
    unit: string,
    start: number,
    end: number,
  ): void => {
    const [min, max] = PLAUSIBLE[key];
    if (!Number.isFinite(value) || value < min || value > max) {
      if (!out.implausible.includes(key)) out.implausible.push(key);
      return;
    }
    const bucket = out[table] as Partial<Record<string, Measurement>>;
    if (bucket[key] === undefined) bucket[key] = { value, unit, start, end };
  };
  const each = (pattern: RegExp): IterableIterator<RegExpMatchArray & { index: number }> =>
    text.matchAll(pattern) as IterableIterator<RegExpMatchArray & { index: number }>;

  // Blood pressure: "BP 160/100 mmHg", "blood pressure of 90/60", "systolic BP 70 mmHg", "88/52 mmHg".
  for (const m of each(rx`\b(?:bp|nibp|blood pressure|b\/p)${SEP}(\d{2,3})\s*\/\s*(\d{2,3})(?:\s*mm\s?hg)?`)) {
    put('vitals', 'systolic', Number(m[1]), 'mmHg', m.index, m.index + m[0].length);
    put('vitals', 'diastolic', Number(m[2]), 'mmHg', m.index, m.index + m[0].length);
  }
  for (const m of each(rx`\b(?:systolic(?: bp| blood pressure)?|sbp)${SEP}(\d{2,3})(?:\s*mm\s?hg)?`))
    put('vitals', 'systolic', Number(m[1]), 'mmHg', m.index, m.index + m[0].length);
  for (const m of each(rx`\b(\d{2,3})\s*\/\s*(\d{2,3})\s*mm\s?hg`)) {
    put('vitals', 'systolic', Number(m[1]), 'mmHg', m.index, m.index + m[0].length);
    put('vitals', 'diastolic', Number(m[2]), 'mmHg', m.index, m.index + m[0].length);
  }
  // Heart rate: "HR 84/min", "pulse 130 bpm", "heart rate of 48", "P 110".
  for (const m of each(
    rx`\b(?:hr|heart rate|pulse(?: rate)?|p)${SEP}(\d{2,3})(?!\d|\.\d|\s*(?:%|mg|kg|mm|years|yo|y\/o|\/\d))(\s*(?:\/\s?min|bpm|beats(?: per |\/)min(?:ute)?))?`,
  ))
    put('vitals', 'heartRate', Number(m[1]), '/min', m.index, m.index + m[0].length);
  // Respiratory rate: "RR 18/min", "resp rate 32", "respirations 40".
  for (const m of each(
    rx`\b(?:rr|resp(?:iratory)?(?: rate)?|respirations|breaths)${SEP}(\d{1,2})(?!\d|\.\d)(\s*(?:\/\s?min|breaths(?: per |\/)min(?:ute)?|bpm))?`,
  ))
    put('vitals', 'respiratoryRate', Number(m[1]), '/min', m.index, m.index + m[0].length);
  // SpO2: "SpO2 100%", "sats 88% on room air", "O2 sat of 91", "oxygen saturation 86 %", "88% on RA".
  for (const m of each(
    rx`\b(?:spo2|sp02|sao2|o2 sat(?:uration)?s?|sats?|saturations?|saturating|oxygen sat(?:uration)?s?|oxygen level|pulse ox(?:imetry)?|pox)${SEP}(\d{2,3})(?![\d])\s*(%)?`,
  ))
    put('vitals', 'spo2', Number(m[1]), '%', m.index, m.index + m[0].length);
  for (const m of each(rx`\b(\d{2,3})\s*%\s*(?:on (?:room air|ra\b|\d+\s*l)|ra\b|room air)`))
    put('vitals', 'spo2', Number(m[1]), '%', m.index, m.index + m[0].length);
  // Temperature: "temperature 36.6 °C", "T 101.2 F", "temp of 39", "fever of 103", "Tmax 38.9C".
  for (const m of each(
    rx`\b(?:t|temp(?:erature)?|tmax|fever(?: of| to| up to)?|febrile to|thermometer (?:says|said|reads|read|shows|showed))${SEP}(\d{2,3}(?:\.\d{1,2})?)\s*(°|º|deg(?:rees?)?)?\s*(c|f|celsius|fahrenheit)?\b`,
  )) {
    const raw = Number(m[1]);
    const unitWord = (m[3] ?? '').toLowerCase();
    const fahrenheit = unitWord.startsWith('f') || (unitWord === '' && raw > 50);
    if (!unitWord && !m[2] && /^(?:t|temp)/i.test(m[0]) === false && raw < 30) continue;
    put(
      'vitals',
      'temperatureC',
      fahrenheit ? round1(((raw - 32) * 5) / 9) : raw,
      fahrenheit ? '°F' : '°C',
      m.index,
      m.index + m[0].length,
    );
  }
  for (const m of each(rx`\b(3[2-9]|4[0-2])(?:\.(\d))?\s*(?:°|º|deg(?:rees?)?)?\s*c\b`))
    put('vitals', 'temperatureC', Number(`${m[1]}.${m[2] ?? 0}`), '°C', m.index, m.index + m[0].length);
  for (const m of each(
    rx`\b(9[0-9]|10[0-9])(?:\.(\d))?\s*(?:°|º|deg(?:rees?)?)\s*f?\b|\b(9[0-9]|10[0-9])(?:\.(\d))?\s*f\b`,
  )) {
    const raw = Number(`${m[1] ?? m[3]}.${m[2] ?? m[4] ?? 0}`);
    put('vitals', 'temperatureC', round1(((raw - 32) * 5) / 9), '°F', m.index, m.index + m[0].length);
  }
  // GCS, pain score, glucose.
  for (const m of each(rx`\b(?:gcs|glasgow coma (?:scale|score))${SEP}(\d{1,2})(?:\s*\/\s*15)?`))
    put('vitals', 'gcs', Number(m[1]), '', m.index, m.index + m[0].length);
  for (const m of each(
    rx`\b(?:nrs|vas|pain(?: score| scale| level)?|rated|rates (?:it|the pain)(?: at| as)?|severity)${SEP}(?:(?:yes|present),?\s*(?:nrs\s*)?)?(\d{1,2})\s*(?:\/|out of)\s*10`,
  ))
    put('vitals', 'painScore', Number(m[1]), '/10', m.index, m.index + m[0].length);
  for (const m of each(rx`\b(\d{1,2})\s*\/\s*10\b(?!\s*(?:mmhg|\d))`))
    put('vitals', 'painScore', Number(m[1]), '/10', m.index, m.index + m[0].length);
  for (const m of each(
    rx`\b(?:glucose|blood (?:sugars?|glucose)|bg|bgl|bsl|cbg|fsbg|fingerstick(?: glucose)?|sugars?)${SEP}(\d{1,4}(?:\.\d)?)\s*(mmol\/l|mmol|mg\/dl)?`,
  )) {
    const raw = Number(m[1]);
    const mmol = m[2] ? m[2].toLowerCase().startsWith('mmol') : raw < 35;
    put(
      'vitals',
      'glucoseMgDl',
      mmol ? Math.round(raw * 18) : raw,
      mmol ? 'mmol/L' : 'mg/dL',
      m.index,
      m.index + m[0].length,
    );
  }

  readLabs(text, put);
  readAvpu(text, out);
  readDemographics(text, out);
  return out;
}

type Put = (table: 'labs', key: LabName, value: number, unit: string, start: number, end: number) => void;

/** Laboratory names as notes write them, each with the unit assumed when none is written. */
const LAB_PATTERNS: readonly (readonly [LabName, string, string])[] = [
  ['potassium', String.raw`potassium|k\+?`, 'mmol/L'],
  ['sodium', String.raw`sodium|na\+?`, 'mmol/L'],
  ['lactate', String.raw`(?:serum |venous |arterial )?lactate|lactic acid`, 'mmol/L'],
  ['troponin', String.raw`(?:hs-?|high[- ]sensitivity )?troponin(?: [it])?|trop(?: [it])?|tni|tnt`, 'ng/L'],
  ['hemoglobin', String.raw`ha?emoglobin|hgb|hb`, 'g/dL'],
  ['platelets', String.raw`platelets?(?: count)?|plt`, '10^9/L'],
  ['inr', String.raw`inr`, ''],
  ['alt', String.raw`alt|sgpt|alanine aminotransferase`, 'U/L'],
  ['ast', String.raw`ast|sgot|aspartate aminotransferase`, 'U/L'],
  ['bilirubin', String.raw`(?:total )?bilirubin|t\.? ?bili|tbili|bili`, 'mg/dL'],
  ['creatinine', String.raw`creatinine|creat|cr`, 'mg/dL'],
  ['ph', String.raw`(?:arterial |venous |blood )?ph`, ''],
  ['bicarbonate', String.raw`bicarbonate|bicarb|hco3-?|co2`, 'mmol/L'],
  ['ketones', String.raw`(?:serum |blood |urine )?ketones|beta-?hydroxybutyrate|bhb`, 'mmol/L'],
  ['wbc', String.raw`wbc|white (?:blood )?(?:cell )?count|white cells`, '10^9/L'],
  ['neutrophils', String.raw`anc|absolute neutrophils?(?: count)?|neutrophils?`, '10^9/L'],
];

const LAB_REGEXPS: readonly (readonly [LabName, RegExp, string])[] = LAB_PATTERNS.map(([name, words, unit]) => [
  name,
  new RegExp(
    String.raw`\b(?:${words})${SEP}([<>]?\s*\d{1,6}(?:\.\d{1,3})?)\s*(mmol\/l|meq\/l|mg\/dl|g\/dl|g\/l|ng\/l|ng\/ml|u\/l|iu\/l|µmol\/l|umol\/l|x ?10\^?9\/l|k\/ul)?`,
    'gi',
  ),
  unit,
]);

const LAB_INDEX = new PrefixIndex(LAB_REGEXPS.map(([, pattern]) => pattern));

function readLabs(text: string, put: Put): void {
  const candidates = LAB_INDEX.candidates(text);
  for (let i = 0; i < LAB_REGEXPS.length; i++) {
    if (!candidates[i]) continue;
    const [name, pattern, unit] = LAB_REGEXPS[i] as (typeof LAB_REGEXPS)[number];
    for (const m of text.matchAll(pattern)) {
      const rawText = (m[1] ?? '').replace(/[<>\s]/g, '');
      let value = Number(rawText);
      const written = m[2]?.toLowerCase();
      if (name === 'hemoglobin' && (written === 'g/l' || (!written && value > 25))) value = round1(value / 10);
      if (name === 'bilirubin' && (written === 'µmol/l' || written === 'umol/l')) value = round1(value / 17.1);
      if (name === 'creatinine' && (written === 'µmol/l' || written === 'umol/l' || (!written && value > 30)))
        value = round1(value / 88.4);
      if (name === 'troponin' && written === 'ng/ml') value = value * 1000;
      put('labs', name, value, m[2] ?? unit, m.index, m.index + m[0].length);
    }
  }
}

function readAvpu(text: string, out: Measurements): void {
  const m =
    /\b(?:avpu|mental status|responsiveness|level of consciousness|loc)\b[^.:]{0,12}:\s*(alert|a\b|responds? (?:only )?to (?:voice|verbal|pain)|v\b|p\b|u\b|unresponsive)/i.exec(
      text,
    );
  if (!m) return;
  const word = (m[1] ?? '').toLowerCase();
  const value: Avpu =
    word === 'alert' || word === 'a'
      ? 'alert'
      : word.includes('voice') || word.includes('verbal') || word === 'v'
        ? 'voice'
        : word.includes('pain') || word === 'p'
          ? 'pain'
          : 'unresponsive';
  out.avpu = { value, start: m.index, end: m.index + m[0].length };
}

/** "45M", "72 F", "3 yo girl": the number before a sex, unless it is a temperature in °F ("102 F"). */
function ageBeforeSex(text: string, temperature: Measurement | undefined): RegExpExecArray | null {
  const pattern = /(?:^|[\s,(])(\d{1,3})\s?(?:[mf]|male|female|man|woman|boy|girl)\b/gi;
  for (let m = pattern.exec(text); m !== null; m = pattern.exec(text)) {
    const inTemperature =
      temperature !== undefined && m.index < temperature.end && m.index + m[0].length > temperature.start;
    if (!inTemperature) return m;
  }
  return null;
}

/** Ages are written in cardinals, never with a bare article ("a week old" is no age in words). */
const AGE_WORD = new RegExp(
  String.raw`\b(${wordAlternation(Object.keys(CARDINAL_WORDS).filter((w) => w.length > 2))})[- ](day|week|month|year)s?[- ]old\b`,
  'i',
);

/** An age written in words: "six-week-old", "a two year old", "three months old". */
function ageInWords(text: string): ({ years: number } & Span) | undefined {
  const m = AGE_WORD.exec(text);
  if (!m) return undefined;
  const n = CARDINAL_WORDS[(m[1] ?? '').toLowerCase()] ?? NaN;
  const unit = (m[2] ?? '').toLowerCase();
  const years = unit === 'day' ? n / 365 : unit === 'week' ? n / 52 : unit === 'month' ? n / 12 : n;
  return Number.isFinite(years) ? { years, start: m.index, end: m.index + m[0].length } : undefined;
}

function readDemographics(text: string, out: Measurements): void {
  const span = (m: RegExpExecArray): Span => ({ start: m.index, end: m.index + m[0].length });
  const years =
    /\b(\d{1,3})\s*(?:-| )?(?:year|yr)s?(?:-| )?old\b/i.exec(text) ??
    /\b(\d{1,3})\s*(?:yo|y\/o|y\.o\.|yrs?|years?)\b(?! ago)/i.exec(text) ??
    /\b(?:aged?|age:?)\s*(\d{1,3})\b/i.exec(text) ??
    /\b(?:i'?m|i am|(?:mum|mom|dad|father|mother|husband|wife|son|daughter|grandmother|grandfather|grandma|grandpa|granny|brother|sister|partner|he|she|patient)(?:'s| is| was))\s+(\d{1,3})\b(?!\s*(?:%|kg|lbs?|weeks?|days?|months?|hours?|minutes?|degrees|°|\.\d|\/))/i.exec(
      text,
    ) ??
    ageBeforeSex(text, out.vitals.temperatureC);
  const months = /\b(\d{1,2})\s*(?:-| )?(?:month|mo)s?(?:-| )?old\b|\b(\d{1,2})\s*(?:mo|mos|months?)\b(?! ago)/i.exec(
    text,
  );
  const weeks = /\b(\d{1,2})\s*(?:-| )?(?:week|wk)s?(?:-| )?old\b/i.exec(text);
  const days = /\b(\d{1,2})\s*(?:-| )?days?(?:-| )?old\b/i.exec(text);
  if (days) out.age = { years: Number(days[1]) / 365, ...span(days) };
  else if (weeks) out.age = { years: Number(weeks[1]) / 52, ...span(weeks) };
  else if (months && (!years || months.index < years.index))
    out.age = { years: Number(months[1] ?? months[2]) / 12, ...span(months) };
  else if (years && Number(years[1]) <= 120) out.age = { years: Number(years[1]), ...span(years) };
  if (!out.age) {
    const inWords = ageInWords(text);
    if (inWords) out.age = inWords;
  }
  if (!out.age) {
    const word =
      /\b(newborn|neonate|newborn baby)\b|\b(infant|baby)\b|\b(toddler)\b|\b(elderly|older (?:man|woman|adult))\b/i.exec(
        text,
      );
    if (word) out.age = { years: word[1] ? 0.02 : word[2] ? 0.5 : word[3] ? 2 : 75, ...span(word) };
  }
  const temperature = out.vitals.temperatureC;
  const ageSex =
    /(?:^|[\s,(])\d{1,3}\s?(?:yo|y\/o|-?years?-?old|-?yr-?old|-?month-?old|-?week-?old)?\s?(?:(f|female|woman|girl)|(m|male|man|boy))\b/i.exec(
      text,
    );
  const inTemperature =
    ageSex !== null &&
    temperature !== undefined &&
    ageSex.index < temperature.end &&
    ageSex.index + ageSex[0].length > temperature.start;
  const sex =
    (inTemperature ? null : ageSex) ??
    /\b(?:(female|woman|girl|she|her|mother of|pregnant|lady)|(male|man|boy|he|his|gentleman))\b/i.exec(text);
  if (sex) out.sex = { value: sex[1] ? 'female' : 'male', ...span(sex) };
}
