/** One code of the release, as the order file gives it (CMS "ICD-10-CM Code Descriptions in Tabular Order"). */
export interface CodeEntry {
  /** Dotted form, e.g. `J44.1`. */
  code: string;
  /** Valid for HIPAA-covered transactions (a leaf, "billable"); false for headers. */
  billable: boolean;
  short: string;
  long: string;
}

/** Instructional notes of a code from the Tabular List XML. */
export interface CodeNotes {
  inclusion?: string[];
  excludes1?: string[];
  excludes2?: string[];
  codeFirst?: string[];
  useAdditional?: string[];
  codeAlso?: string[];
  /** "Includes" notes (the category's scope). */
  includes?: string[];
  /** 7th-character notes ("The appropriate 7th character is to be added …"). */
  sevenChrNote?: string[];
  /** The 7th characters this code's subtree takes (Tabular `<sevenChrDef>`). */
  sevenChr?: SeventhCharacter[];
}

/** One 7th character of a category: "A" → "initial encounter for closed fracture". */
export interface SeventhCharacter {
  char: string;
  meaning: string;
}

/** Where a search term came from. */
export const TERM_KINDS = ['title', 'inclusion', 'index', 'external-cause', 'neoplasm', 'drug', 'entry-term'] as const;
export type TermKind = (typeof TERM_KINDS)[number];

/** A search term before analysis: text pointing at a code, with optional (nonessential) words apart. */
export interface SourceTerm {
  code: string;
  kind: TermKind;
  /** The term as displayed, e.g. "Disease, lung, obstructive (chronic), with, exacerbation". */
  text: string;
  /** Path elements for index terms (main term first); titles use [text]. */
  path: string[];
  /** Nonessential modifiers given apart from the path (index main terms). */
  nonessential?: string;
  /** Index cross-references of the entry: "see" (code there instead) and "see also" (look there too). */
  see?: string;
  seeAlso?: string;
}
