/**
 * The ranking features of a document code, each in 0..1 (or a small count's log). Versioned with the
 * weights file: a change of names or meaning needs a new fit.
 */
export const FEATURE_NAMES = [
  'bias',
  /** The engine's best match score. */
  'score',
  /** The code was the engine's first reading of at least one mention. */
  'top',
  /** Best score relative to the first reading of its mention. */
  'relScore',
  /** log(1 + mentions), log(1 + sentences) coding it. */
  'mentions',
  'sentences',
  /** Where it is first said, 0 (start) to 1 (end). */
  'firstPosition',
  'firstSentence',
  /** Said under diagnoses or assessment; only under exam, results or review of systems; under past history. */
  'diagnosisSection',
  'findingSectionOnly',
  'pastSection',
  /** Kind of code. */
  'symptom',
  'zCode',
  'neoplasm',
  'injury',
  'unspecified',
  'otherTitle',
  'header',
  'specificity',
  /** Matched an Index term (not a title). */
  'indexTerm',
  /** log(1 + words the term covered). */
  'words',
  /** Made by document logic: a combination code, a history code, a possible diagnosis (inpatient). */
  'combination',
  'history',
  'family',
  'possible',
  /** Paired by a "use additional code" / "code first" note with another code of the document. */
  'paired',
  /** A modifier of the text (laterality, acuity, stage) that the code's title states too. */
  'modifierMatch',
  /** How well the words said support the reading (term-support.ts), at its best mention. */
  'oneWord',
  'termUncovered',
  'synonymOnly',
  'titleCovered',
  'mentionUncovered',
  'modifierOnly',
  'siteOnly',
  /** Another reading of a mention, in another category, that says less of it than its first reading. */
  'subsumed',
  /** A one-word reading that is a Z code (a circumstance needs a phrase: "history of", "status post"). */
  'oneWordZ',
  /** A one-word reading the word does not name (a synonym, or a term with essential words unsaid). */
  'oneWordUnsupported',
  /** Chapter priors (Tabular chapters not covered above): how often a coder codes such a condition. */
  'infection',
  'blood',
  'endocrine',
  'mental',
  'nervous',
  'eyeEar',
  'circulatory',
  'respiratory',
  'digestive',
  'skin',
  'musculoskeletal',
  'genitourinary',
  'pregnancy',
  'congenital',
  'externalCause',
] as const;

export type FeatureName = (typeof FEATURE_NAMES)[number];
export type FeatureVector = Record<FeatureName, number>;

const EMPTY = Object.freeze(Object.fromEntries(FEATURE_NAMES.map((n) => [n, n === 'bias' ? 1 : 0])) as FeatureVector);

/** A fresh vector: every feature 0 but the bias. */
export function emptyFeatures(): FeatureVector {
  return { ...EMPTY };
}
