/** A number with a unit, normalised so that `10mg`, `10 MG` and `10.0 mg` are one fact. */
export interface Quantity {
  readonly key: string;
  readonly value: number;
  readonly unit: string;
  /** A dose: the unit is mg, mcg, g, units or mL. */
  readonly dose: boolean;
}

/** Unit spellings (lower case) → canonical unit. Longer spellings are tried first. */
const UNITS: Record<string, string> = {
  mg: 'mg',
  milligram: 'mg',
  milligrams: 'mg',
  mcg: 'mcg',
  µg: 'mcg',
  ug: 'mcg',
  microgram: 'mcg',
  micrograms: 'mcg',
  g: 'g',
  gram: 'g',
  grams: 'g',
  units: 'units',
  unit: 'units',
  unt: 'units',
  iu: 'units',
  ml: 'ml',
  cc: 'ml',
  milliliter: 'ml',
  milliliters: 'ml',
  l: 'l',
  liter: 'l',
  liters: 'l',
  kg: 'kg',
  lb: 'lb',
  lbs: 'lb',
  pounds: 'lb',
  mmhg: 'mmhg',
  'mm hg': 'mmhg',
  bpm: 'bpm',
  'beats/min': 'bpm',
  'breaths/min': 'breaths/min',
  '/min': '/min',
  '%': '%',
  '°f': '°f',
  '°c': '°c',
  'mg/dl': 'mg/dl',
  'mmol/l': 'mmol/l',
  'meq/l': 'meq/l',
  'g/dl': 'g/dl',
  'mg/kg': 'mg/kg',
  cm: 'cm',
  mm: 'mm',
  hours: 'h',
  hour: 'h',
  hrs: 'h',
  hr: 'h',
  days: 'd',
  day: 'd',
  weeks: 'wk',
  week: 'wk',
  months: 'mo',
  month: 'mo',
  years: 'y',
  year: 'y',
  'year-old': 'y',
  'years old': 'y',
};
const DOSE_UNITS = new Set(['mg', 'mcg', 'g', 'units', 'ml']);

const escape = (s: string): string => s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
const UNIT_PATTERN = Object.keys(UNITS)
  .sort((a, b) => b.length - a.length)
  .map(escape)
  .join('|');
/**
 * A number (digits, thousands commas, decimals) not glued to a letter or another number before it, optional
 * space or hyphen, then a unit that ends at a word boundary (or is a symbol).
 */
const QUANTITY = new RegExp(
  `(?<![\\p{L}\\p{N}.,])(\\d{1,3}(?:,\\d{3})+|\\d+)(\\.\\d+)?[ -]?(${UNIT_PATTERN})(?![\\p{L}\\p{N}])`,
  'giu',
);

/** Every number with a unit in a text (unique by normalised value and unit). */
export function quantitiesIn(text: string): Quantity[] {
  const seen = new Map<string, Quantity>();
  for (const m of text.matchAll(QUANTITY)) {
    const value = Number(`${(m[1] ?? '').replace(/,/g, '')}${m[2] ?? ''}`);
    const unit = UNITS[(m[3] ?? '').toLowerCase().replace(/\s+/g, ' ')];
    if (unit === undefined || !Number.isFinite(value)) continue;
    const key = `${value} ${unit}`;
    if (!seen.has(key)) seen.set(key, { key, value, unit, dose: DOSE_UNITS.has(unit) });
  }
  return [...seen.values()];
}

/** The names of `lexicon` (lower case) that a text mentions as whole words, case-insensitive. */
export function medicationsIn(text: string, lexicon: ReadonlySet<string>): string[] {
  const words = text.toLowerCase();
  const found: string[] = [];
  for (const name of lexicon) {
    if (new RegExp(`(?<![\\p{L}\\p{N}])${escape(name)}(?![\\p{L}\\p{N}])`, 'u').test(words)) found.push(name);
  }
  return found.sort();
}

/** Facts of an output that its input does not state: counts only, never the values. */
export interface HallucinationCheck {
  quantities: number;
  unsupportedQuantities: number;
  doses: number;
  unsupportedDoses: number;
  medications: number;
  unsupportedMedications: number;
}

/**
 * The hallucination check: every number with a unit (doses included) and every medication name of the output
 * must appear in the input; a quantity matches on normalised value and unit, a name as a whole word.
 */
export function checkHallucinations(output: string, input: string, lexicon: ReadonlySet<string>): HallucinationCheck {
  const inputQuantities = new Set(quantitiesIn(input).map((q) => q.key));
  const outputQuantities = quantitiesIn(output);
  const inputMeds = new Set(medicationsIn(input, lexicon));
  const outputMeds = medicationsIn(output, lexicon);
  const doses = outputQuantities.filter((q) => q.dose);
  return {
    quantities: outputQuantities.length,
    unsupportedQuantities: outputQuantities.filter((q) => !inputQuantities.has(q.key)).length,
    doses: doses.length,
    unsupportedDoses: doses.filter((q) => !inputQuantities.has(q.key)).length,
    medications: outputMeds.length,
    unsupportedMedications: outputMeds.filter((m) => !inputMeds.has(m)).length,
  };
}

/**
 * Clinical facts of the reference (numbers with units, medication names) that the output also states:
 * `[preserved, total]`. The reference is the clinician's own patient text, so it shows which facts matter.
 */
export function preservedFacts(output: string, reference: string, lexicon: ReadonlySet<string>): [number, number] {
  const outputQuantities = new Set(quantitiesIn(output).map((q) => q.key));
  const outputMeds = new Set(medicationsIn(output, lexicon));
  const quantities = quantitiesIn(reference);
  const meds = medicationsIn(reference, lexicon);
  const preserved =
    quantities.filter((q) => outputQuantities.has(q.key)).length + meds.filter((m) => outputMeds.has(m)).length;
  return [preserved, quantities.length + meds.length];
}
