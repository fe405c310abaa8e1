/** The diabetes categories of ICD-10-CM: due to an underlying condition, drug-induced, type 1, type 2, other. */
export const DIABETES_CATEGORY = /^E(?:0[89]|1[013])/;

const TYPE_1 =
  /\b(?:type\s*-?\s*(?:1|i|one)\b|t1\s*-?\s*dm\b|dm\s*-?\s*(?:type\s*)?(?:1|i)\b|iddm\b|juvenile[- ]onset)/i;
const TYPE_2 =
  /\b(?:type\s*-?\s*(?:2|ii|two)\b|t2\s*-?\s*dm\b|dm\s*-?\s*(?:type\s*)?(?:2|ii)\b|niddm\b|adult[- ]onset)/i;
/** Words that make the diabetes another category than type 1 or 2 (E08, E09, E13, or O24 in pregnancy). */
const OTHER_TYPE =
  /\b(?:due\s+to|secondary|induced|post-?pancreatectomy|pancreatogenic|other\s+specified|mody|gestational|pregnan\w*|neonatal|cystic\s+fibrosis)\b/i;

/**
 * The diabetes category the words support: the type they state, else type 2 (E11), the Guidelines' default
 * when the type is not documented (I.C.4.a.2). Undefined where the words name another category (due to an
 * underlying condition, drug-induced, secondary, gestational): then the engine's reading stands.
 */
export function statedDiabetesCategory(words: string): 'E10' | 'E11' | undefined {
  const one = TYPE_1.test(words);
  const two = TYPE_2.test(words);
  if (one && !two) return 'E10';
  if (two && !one) return 'E11';
  if (one || OTHER_TYPE.test(words)) return undefined;
  return 'E11';
}

/**
 * A diabetes code moved to the category the words state ("Diabetic nephropathy": E11.21, not E13.21), when
 * that category has the same subcode; any other code, or a reading in the stated category, is returned as is.
 */
export function inStatedDiabetesCategory(code: string, words: string, has: (code: string) => boolean): string {
  if (!DIABETES_CATEGORY.test(code)) return code;
  const category = statedDiabetesCategory(words);
  if (!category || code.startsWith(category)) return code;
  const twin = `${category}${code.slice(3)}`;
  return has(twin) ? twin : code;
}
