/** The 22 chapters of ICD-10-CM with their category ranges (ICD-10-CM Tabular List, FY2026). */
export const CHAPTERS: readonly { chapter: number; first: string; last: string; title: string }[] = [
  { chapter: 1, first: 'A00', last: 'B99', title: 'Certain infectious and parasitic diseases' },
  { chapter: 2, first: 'C00', last: 'D49', title: 'Neoplasms' },
  {
    chapter: 3,
    first: 'D50',
    last: 'D89',
    title: 'Diseases of the blood and blood-forming organs and certain disorders involving the immune mechanism',
  },
  { chapter: 4, first: 'E00', last: 'E89', title: 'Endocrine, nutritional and metabolic diseases' },
  { chapter: 5, first: 'F01', last: 'F99', title: 'Mental, Behavioral and Neurodevelopmental disorders' },
  { chapter: 6, first: 'G00', last: 'G99', title: 'Diseases of the nervous system' },
  { chapter: 7, first: 'H00', last: 'H59', title: 'Diseases of the eye and adnexa' },
  { chapter: 8, first: 'H60', last: 'H95', title: 'Diseases of the ear and mastoid process' },
  { chapter: 9, first: 'I00', last: 'I99', title: 'Diseases of the circulatory system' },
  { chapter: 10, first: 'J00', last: 'J99', title: 'Diseases of the respiratory system' },
  { chapter: 11, first: 'K00', last: 'K95', title: 'Diseases of the digestive system' },
  { chapter: 12, first: 'L00', last: 'L99', title: 'Diseases of the skin and subcutaneous tissue' },
  { chapter: 13, first: 'M00', last: 'M99', title: 'Diseases of the musculoskeletal system and connective tissue' },
  { chapter: 14, first: 'N00', last: 'N99', title: 'Diseases of the genitourinary system' },
  { chapter: 15, first: 'O00', last: 'O9A', title: 'Pregnancy, childbirth and the puerperium' },
  { chapter: 16, first: 'P00', last: 'P96', title: 'Certain conditions originating in the perinatal period' },
  {
    chapter: 17,
    first: 'Q00',
    last: 'QA9',
    title: 'Congenital malformations, deformations and chromosomal abnormalities',
  },
  {
    chapter: 18,
    first: 'R00',
    last: 'R99',
    title: 'Symptoms, signs and abnormal clinical and laboratory findings, not elsewhere classified',
  },
  {
    chapter: 19,
    first: 'S00',
    last: 'T88',
    title: 'Injury, poisoning and certain other consequences of external causes',
  },
  { chapter: 20, first: 'U00', last: 'U85', title: 'Codes for special purposes' },
  { chapter: 21, first: 'V00', last: 'Y99', title: 'External causes of morbidity' },
  {
    chapter: 22,
    first: 'Z00',
    last: 'Z99',
    title: 'Factors influencing health status and contact with health services',
  },
];

/** The chapter a code's category falls in, by the Tabular List's ranges. */
export function chapterOf(code: string): { chapter: number; range: string; title: string } | undefined {
  const category = code.slice(0, 3);
  const found = CHAPTERS.find((c) => category >= c.first && category <= c.last);
  return found ? { chapter: found.chapter, range: `${found.first}-${found.last}`, title: found.title } : undefined;
}
