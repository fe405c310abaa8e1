/**
 * Combination codes of the Tabular's "with" convention (ICD-10-CM Official Guidelines I.A.15: "with" links
 * two conditions unless the provider says they are unrelated) for the two families the Guidelines name:
 * diabetes with its complications (I.C.4.a: as many codes from the diabetes category as needed) and
 * hypertension with heart disease or chronic kidney disease (I.C.9.a.1–3).
 */
export interface CombinationRule {
  /** Why the combination applies, for the reason shown with the code. */
  label: string;
  /** Codes of the complication (prefixes, dotted). */
  complication: readonly string[];
  /** The combination code's characters after the diabetes category (E11 + `.22`). */
  suffix: string;
  /** True when the Tabular says "use additional code" for the complication: it stays, paired. */
  keepComplication: boolean;
}

/** Diabetes categories: E08 (due to an underlying condition), E09 (drug-induced), E10, E11, E13. */
export const DIABETES = /^E(?:0[89]|1[013])/;

export const DIABETES_COMPLICATIONS: readonly CombinationRule[] = [
  { label: 'chronic kidney disease', complication: ['N18'], suffix: '.22', keepComplication: true },
  {
    label: 'diabetic nephropathy',
    complication: ['N08', 'N05', 'N04', 'N28.9', 'R80'],
    suffix: '.21',
    keepComplication: false,
  },
  { label: 'polyneuropathy', complication: ['G62', 'G63'], suffix: '.42', keepComplication: false },
  { label: 'mononeuropathy', complication: ['G56', 'G57', 'G58'], suffix: '.41', keepComplication: false },
  { label: 'autonomic neuropathy', complication: ['G90.0', 'G90.9'], suffix: '.43', keepComplication: false },
  { label: 'gastroparesis', complication: ['K31.84'], suffix: '.43', keepComplication: true },
  { label: 'retinopathy', complication: ['H35.0', 'H36'], suffix: '.319', keepComplication: false },
  { label: 'cataract', complication: ['H25', 'H26.9'], suffix: '.36', keepComplication: false },
  { label: 'peripheral angiopathy', complication: ['I73.9', 'I70.2', 'I79.8'], suffix: '.51', keepComplication: false },
  { label: 'foot ulcer', complication: ['L97'], suffix: '.621', keepComplication: true },
  { label: 'skin ulcer', complication: ['L98.4'], suffix: '.622', keepComplication: true },
  { label: 'periodontal disease', complication: ['K05'], suffix: '.630', keepComplication: true },
  { label: 'neuropathic arthropathy', complication: ['M14.6'], suffix: '.610', keepComplication: false },
  { label: 'hyperglycemia', complication: ['R73.9', 'R73.0'], suffix: '.65', keepComplication: false },
  { label: 'hypoglycemia', complication: ['E16.2', 'E16.1'], suffix: '.649', keepComplication: false },
  { label: 'ketoacidosis', complication: ['E87.2'], suffix: '.10', keepComplication: false },
];

/** Essential hypertension and the heart and kidney conditions the Guidelines presume linked to it. */
export const HYPERTENSION = 'I10';
export const HEART_FAILURE = ['I50'];
/** I.C.9.a.1: cardiomegaly, myocarditis, other ill-defined heart disease (I51.4–I51.9) with hypertension. */
export const HYPERTENSIVE_HEART = ['I51.4', 'I51.5', 'I51.7', 'I51.8', 'I51.9'];
export const CKD = ['N18'];
/** CKD stage 5 or end stage (N18.5, N18.6) selects I12.0 / I13.11 / I13.2 (I.C.9.a.2–3). */
export const CKD_END_STAGE = ['N18.5', 'N18.6'];

/** True when the (dotted) code is one of the prefixes or below one. */
export function under(code: string, prefixes: readonly string[]): boolean {
  return prefixes.some((p) => code.startsWith(p));
}

/**
 * Pairs the Guidelines sequence whatever the Tabular release at hand carries: the combination code first,
 * then the code its "use additional code" note asks for. Hypertensive kidney disease, then the CKD stage
 * (I.C.9.a.2–3); diabetic CKD, then the stage (I.C.4.a); hypertensive heart disease with heart failure, then
 * the type of heart failure (I.C.9.a.1); a pregnancy condition, then the weeks of gestation (I.C.15.a.2).
 */
export const GUIDELINE_SEQUENCE: readonly (readonly [RegExp, RegExp])[] = [
  [/^I1[23]\./, /^N18\./],
  [/^E(?:0[89]|1[013])\.22$/, /^N18\./],
  [/^I1[13]\.[02]/, /^I50\./],
  [/^O/, /^Z3A\./],
];
