import { under } from './combination-rules.ts';

/**
 * Signs and symptoms routinely associated with a disease process, which are not coded when the disease is
 * confirmed (ICD-10-CM Official Guidelines I.B.4–5; Chapter 18, I.C.18.b). Each entry: the symptom codes
 * (prefixes) and the diagnoses (prefixes) that explain them. Symptoms not routinely part of a disease
 * stay coded (I.B.6).
 */
const EXPLAINED_BY: readonly (readonly [readonly string[], readonly string[]])[] = [
  // Cough, dyspnoea, wheeze, sputum, abnormal breath sounds ← lower respiratory disease, heart failure.
  [
    ['R05', 'R06.0', 'R06.2', 'R09.3', 'R09.89'],
    ['J1', 'J2', 'J4', 'J8', 'J9', 'I50', 'A15', 'U07.1'],
  ],
  // Chest pain ← ischaemic heart disease, pericarditis, pulmonary embolism, pneumothorax.
  [
    ['R07.1', 'R07.2', 'R07.8', 'R07.9'],
    ['I20', 'I21', 'I22', 'I24', 'I25.1', 'I30', 'I26', 'J93'],
  ],
  // Abdominal pain, nausea, vomiting ← appendicitis, gallbladder and pancreas, ulcer, obstruction, diverticula.
  [
    ['R10', 'R11'],
    ['K25', 'K26', 'K27', 'K29', 'K35', 'K36', 'K37', 'K56', 'K57', 'K80', 'K81', 'K82', 'K85', 'K86', 'N20', 'N10'],
  ],
  // Diarrhoea ← intestinal infections, inflammatory bowel disease, gastroenteritis.
  [['R19.7'], ['A0', 'K50', 'K51', 'K52']],
  // Dysuria, frequency, urgency ← cystitis, urinary infection, prostatic disease.
  [
    ['R30', 'R35', 'R39.1'],
    ['N30', 'N34', 'N39.0', 'N40', 'N41'],
  ],
  // Haematuria ← urinary calculus, cystitis with haematuria.
  [['R31'], ['N20', 'N21', 'N30.01', 'N30.91']],
  // Fever ← infections, pneumonia, pyelonephritis, urinary infection, abscess, cellulitis, meningitis.
  [
    ['R50'],
    [
      'A',
      'B0',
      'B1',
      'B2',
      'B3',
      'J09',
      'J1',
      'J20',
      'J22',
      'N10',
      'N39.0',
      'L02',
      'L03',
      'G00',
      'G03',
      'K35',
      'K65',
      'K81',
    ],
  ],
  // Headache ← migraine, other headache syndromes, intracranial haemorrhage, meningitis.
  [['R51'], ['G43', 'G44', 'I60', 'I61', 'I62', 'G00', 'G03']],
  // Jaundice ← liver and biliary disease.
  [['R17'], ['K70', 'K71', 'K72', 'K73', 'K74', 'K75', 'K80', 'K83', 'B15', 'B16', 'B17', 'B19']],
  // Convulsions ← epilepsy.
  [['R56'], ['G40']],
  // Dizziness ← vestibular disorders.
  [['R42'], ['H81']],
  // Oedema ← heart failure, nephrotic syndrome.
  [['R60'], ['I50', 'N04']],
  // Enlarged lymph nodes ← lymphoma.
  [['R59'], ['C81', 'C82', 'C83', 'C84', 'C85', 'C88']],
  // Hyperglycaemia, glycosuria ← diabetes.
  [
    ['R73', 'R81'],
    ['E08', 'E09', 'E10', 'E11', 'E13'],
  ],
];

/**
 * Explained in short notes only (on CodiEsp case reports, whose coders often code these beside their
 * diagnosis, the rows cost held-out MAP).
 */
const EXPLAINED_IN_SHORT_NOTES: readonly (readonly [readonly string[], readonly string[]])[] = [
  // Palpitations, tachycardia, bradycardia ← arrhythmias (atrial fibrillation and flutter, other tachycardias).
  [
    ['R00.0', 'R00.1', 'R00.2'],
    ['I47', 'I48', 'I49'],
  ],
  // Haematemesis, melaena, gastrointestinal bleeding ← a peptic ulcer or varices coded with haemorrhage.
  [
    ['K92.0', 'K92.1', 'K92.2'],
    [
      'K25.0',
      'K25.2',
      'K25.4',
      'K25.6',
      'K26.0',
      'K26.2',
      'K26.4',
      'K26.6',
      'K27.0',
      'K27.2',
      'K27.4',
      'K27.6',
      'K28.0',
      'K28.2',
      'K28.4',
      'K28.6',
      'I85.01',
      'I85.11',
    ],
  ],
];

/** Signs coded outside chapter 18: haematemesis, melaena, gastrointestinal haemorrhage (K92.0–K92.2). */
const SIGNS_OUTSIDE_R = ['K92.0', 'K92.1', 'K92.2'];

/** The confirmed diagnosis that explains a symptom code, if any among those given. */
export function explainingDiagnosis(
  symptom: string,
  confirmed: readonly string[],
  options: { shortNote?: boolean } = {},
): string | undefined {
  if (!symptom.startsWith('R') && !under(symptom, SIGNS_OUTSIDE_R)) return undefined;
  for (const [symptoms, diagnoses] of options.shortNote
    ? [...EXPLAINED_BY, ...EXPLAINED_IN_SHORT_NOTES]
    : EXPLAINED_BY) {
    if (!under(symptom, symptoms)) continue;
    const found = confirmed.find((d) => under(d, diagnoses));
    if (found) return found;
  }
  return undefined;
}
