/** Vital signs and demographics read from clinical text; implausible values are dropped and reported. */
export interface Vitals {
  systolic?: number;
  diastolic?: number;
  heartRate?: number;
  respiratoryRate?: number;
  spo2?: number;
  /** Degrees Celsius (Fahrenheit converted). */
  temperatureC?: number;
  gcs?: number;
  /** mg/dL (mmol/L converted). */
  glucose?: number;
  /** Pain score 0-10. */
  pain?: number;
}

export interface Demographics {
  /** Age in years (fractions for infants: 0.25 = 3 months). */
  ageYears?: number;
  sex?: 'female' | 'male';
  pregnant?: boolean;
}

export interface ParsedFindings {
  vitals: Vitals;
  demographics: Demographics;
  /** Names of values found but outside what a living patient can have (never their values). */
  implausible: string[];
}

const PLAUSIBLE: Record<keyof Vitals, [number, number]> = {
  systolic: [30, 300],
  diastolic: [10, 200],
  heartRate: [15, 300],
  respiratoryRate: [2, 80],
  spo2: [30, 100],
  temperatureC: [25, 45],
  gcs: [3, 15],
  glucose: [10, 2000],
  pain: [0, 10],
};

function set(out: ParsedFindings, key: keyof Vitals, value: number): void {
  const [min, max] = PLAUSIBLE[key];
  if (!Number.isFinite(value) || value < min || value > max) {
    if (!out.implausible.includes(key)) out.implausible.push(key);
    return;
  }
  if (out.vitals[key] === undefined) out.vitals[key] = value;
}

const NUM = String.raw`(\d{1,3}(?:\.\d)?)`;

/** Reads vital signs, age, sex and pregnancy from free text as clinicians write them. */
export function parseFindings(text: string): ParsedFindings {
  const out: ParsedFindings = { vitals: {}, demographics: {}, implausible: [] };
  const t = text;
  for (const m of t.matchAll(/\b(?:bp|blood pressure|b\/p)\s*(?:of|is|was|:|=)?\s*(\d{2,3})\s*\/\s*(\d{2,3})/gi)) {
    set(out, 'systolic', Number(m[1]));
    set(out, 'diastolic', Number(m[2]));
  }
  if (out.vitals.systolic === undefined) {
    const m = /\b(\d{2,3})\s*\/\s*(\d{2,3})\s*(?:mm ?hg)/i.exec(t);
    if (m) {
      set(out, 'systolic', Number(m[1]));
      set(out, 'diastolic', Number(m[2]));
    }
  }
  for (const m of t.matchAll(
    new RegExp(
      String.raw`\b(?:hr|heart rate|pulse|p|hr of)\s*(?:of|is|was|:|=)?\s*${NUM}(?!\s*(?:%|\/|mg|kg|years|yo|y\/o))`,
      'gi',
    ),
  ))
    set(out, 'heartRate', Number(m[1]));
  for (const m of t.matchAll(
    new RegExp(String.raw`\b(?:rr|resp(?:iratory)?(?: rate)?|respirations)\s*(?:of|is|was|:|=)?\s*${NUM}`, 'gi'),
  ))
    set(out, 'respiratoryRate', Number(m[1]));
  for (const m of t.matchAll(
    new RegExp(
      String.raw`\b(?:spo2|sp02|o2 sat(?:uration)?s?|sats?|oxygen saturation|pulse ox(?:imetry)?|sao2)\s*(?:of|is|was|:|=)?\s*${NUM}\s*%?`,
      'gi',
    ),
  ))
    set(out, 'spo2', Number(m[1]));
  if (out.vitals.spo2 === undefined) {
    const m = /\b(\d{2,3})\s*%\s*(?:on|o2|ra\b|room air)/i.exec(t);
    if (m) set(out, 'spo2', Number(m[1]));
  }
  for (const m of t.matchAll(
    new RegExp(String.raw`\b(?:t|temp(?:erature)?|tmax)\s*(?:of|is|was|:|=)?\s*${NUM}\s*°?\s*([cf])?\b`, 'gi'),
  )) {
    let value = Number(m[1]);
    const unit = (m[2] ?? (value > 50 ? 'f' : 'c')).toLowerCase();
    if (unit === 'f') value = Math.round((((value - 32) * 5) / 9) * 10) / 10;
    set(out, 'temperatureC', value);
  }
  for (const m of t.matchAll(
    new RegExp(String.raw`\b(?:fever|febrile) (?:of|to|up to)\s*${NUM}\s*°?\s*([cf])?\b`, 'gi'),
  )) {
    let value = Number(m[1]);
    const unit = (m[2] ?? (value > 50 ? 'f' : 'c')).toLowerCase();
    if (unit === 'f') value = Math.round((((value - 32) * 5) / 9) * 10) / 10;
    set(out, 'temperatureC', value);
  }
  if (out.vitals.temperatureC === undefined) {
    const m = /\b(3[4-9]|4[0-2])(?:\.(\d))?\s*°?\s*c\b|\b(9[5-9]|10[0-9])(?:\.(\d))?\s*°?\s*f\b/i.exec(t);
    if (m)
      set(
        out,
        'temperatureC',
        m[1] ? Number(`${m[1]}.${m[2] ?? 0}`) : Math.round((((Number(`${m[3]}.${m[4] ?? 0}`) - 32) * 5) / 9) * 10) / 10,
      );
  }
  for (const m of t.matchAll(/\bgcs\s*(?:of|is|was|:|=)?\s*(\d{1,2})/gi)) set(out, 'gcs', Number(m[1]));
  for (const m of t.matchAll(
    /\b(?:glucose|blood sugar|bg|fingerstick|fsbg|cbg)\s*(?:of|is|was|:|=)?\s*(\d{1,4}(?:\.\d)?)\s*(mmol)?/gi,
  )) {
    set(out, 'glucose', m[2] ? Math.round(Number(m[1]) * 18) : Number(m[1]));
  }
  for (const m of t.matchAll(/\b(?:pain(?: score)?|rated|rates it|severity)\s*(?:is|of|at|:)?\s*(\d{1,2})\s*\/\s*10/gi))
    set(out, 'pain', Number(m[1]));

  const d = out.demographics;
  const age =
    /\b(\d{1,3})\s*(?:-| )?(?:year|yr)s?(?:-| )?old\b/i.exec(t) ??
    /\b(\d{1,3})\s*(?:yo|y\/o|y\.o\.|yrs?)\b/i.exec(t) ??
    /\b(?:aged?|age:?)\s*(\d{1,3})\b/i.exec(t) ??
    /(?:^|[\s,(])(\d{1,3})\s*(?:[mf]|male|female|man|woman|boy|girl)\b/i.exec(t);
  if (age) {
    const years = Number(age[1]);
    if (years <= 120) d.ageYears = years;
  }
  const months = /\b(\d{1,2})\s*(?:-| )?(?:month|mo)s?(?:-| )?old\b/i.exec(t);
  if (months) d.ageYears = Number(months[1]) / 12;
  const weeks = /\b(\d{1,2})\s*(?:-| )?(?:week|wk)s?(?:-| )?old\b/i.exec(t);
  if (weeks) d.ageYears = Number(weeks[1]) / 52;
  const days = /\b(\d{1,2})\s*(?:-| )?days?(?:-| )?old\b/i.exec(t);
  if (days) d.ageYears = Number(days[1]) / 365;
  if (d.ageYears === undefined && /\b(?:newborn|neonate)\b/i.test(t)) d.ageYears = 0.02;
  if (d.ageYears === undefined && /\binfant\b/i.test(t)) d.ageYears = 0.5;
  const ageSex =
    /(?<!\b(?:t|temp|temperature|tmax)\s?)(?:^|[\s,(])\d{1,3}\s?(?:yo|y\/o|-?years?-?old|-?yr-?old)?\s?(?:(f|female|woman|girl)|(m|male|man|boy))\b/i.exec(
      t,
    );
  if (ageSex) d.sex = ageSex[1] ? 'female' : 'male';
  else if (/\b(?:female|woman|girl|she|her|pregnant)\b/i.test(t)) d.sex = 'female';
  else if (/\b(?:male|man|boy|he|his)\b/i.test(t)) d.sex = 'male';
  if (
    /\b(?:pregnant|pregnancy|gravid|g\d+p\d+|\d+ weeks? (?:pregnant|gestation|ga)|intrauterine pregnancy|trimester)\b/i.test(
      t,
    )
  )
    d.pregnant = true;
  return out;
}
