/** Note sections Chartside tells apart; `other` is text before any recognised heading. */
export type SectionKind =
  | 'chief-complaint'
  | 'hpi'
  | 'past-history'
  | 'family-history'
  | 'social-history'
  | 'medications'
  | 'allergies'
  | 'review-of-systems'
  | 'exam'
  | 'results'
  | 'assessment'
  | 'plan'
  | 'diagnoses'
  | 'other';

export interface Section {
  kind: SectionKind;
  /** Offsets of the section's body (after its heading), end exclusive. */
  start: number;
  end: number;
}

const HEADINGS: readonly (readonly [RegExp, SectionKind])[] = [
  [/chief complaints?|cc|reason for (?:visit|consult(?:ation)?)|presenting complaint/, 'chief-complaint'],
  [/history of (?:the )?present(?:ing)? illness|hpi|interval history|subjective/, 'hpi'],
  [/past (?:medical|surgical) history|pmh|psh|pmhx|medical history|problem list|past history/, 'past-history'],
  [/family (?:medical )?history|fh|fhx/, 'family-history'],
  [/social history|sh|shx/, 'social-history'],
  [/(?:home |current |discharge )?medications?|meds|current outpatient prescriptions/, 'medications'],
  [/allergies|nkda/, 'allergies'],
  [/review of systems|ros/, 'review-of-systems'],
  [/physical exam(?:ination)?|exam(?:ination)?|pe|vitals?|vital signs|objective/, 'exam'],
  [/labs?|laboratory(?: data)?|results|imaging|studies|diagnostics|ecg|ekg/, 'results'],
  [
    /assessment(?: and plan| & plan|\/plan)?|a\/p|a&p|impression|clinical impression|medical decision making|mdm/,
    'assessment',
  ],
  [/plan/, 'plan'],
  [/(?:discharge |final |principal |admitting |secondary )?diagnos[ie]s|dx/, 'diagnoses'],
];

/**
 * A heading: at the start, after a newline, a full stop or semicolon, or two spaces, then its name and a
 * colon. Every run of whitespace is taken whole and never given back (`(?=(\\s+))\\2` is an atomic group:
 * a heading name never starts with a space, so nothing is lost) and a run of spaces is tried only from its
 * start: otherwise a long blank run (a chart's presenting text keeps its offsets with spaces) costs cubic time.
 */
const HEADING = new RegExp(
  `(^|\\n|[.;](?=(\\s+))\\2|(?<!\\s)(?=(\\s{2,}))\\3)(?=(\\s*))\\4(${HEADINGS.map(([r]) => r.source).join('|')})\\s*:`,
  'gi',
);

/**
 * Splits a note into sections by their headings ("HPI:", "Family history:", "A/P:"), inline or at the
 * start of a line. Text before the first heading is `other`.
 */
export function findSections(text: string): Section[] {
  const marks: { kind: SectionKind; headingStart: number; bodyStart: number }[] = [];
  for (const match of text.matchAll(HEADING)) {
    const name = (match[5] ?? '').toLowerCase();
    const kind = HEADINGS.find(([r]) => new RegExp(`^(?:${r.source})$`, 'i').test(name))?.[1];
    if (kind === undefined) continue;
    marks.push({ kind, headingStart: match.index + (match[1]?.length ?? 0), bodyStart: match.index + match[0].length });
  }
  const sections: Section[] = [];
  let cursor = 0;
  let kind: SectionKind = 'other';
  for (const mark of marks) {
    if (mark.headingStart > cursor) sections.push({ kind, start: cursor, end: mark.headingStart });
    kind = mark.kind;
    cursor = mark.bodyStart;
  }
  if (cursor < text.length) sections.push({ kind, start: cursor, end: text.length });
  return sections;
}

/** The section a position falls in. */
export function sectionAt(sections: readonly Section[], position: number): SectionKind {
  return sections.find((s) => position >= s.start && position < s.end)?.kind ?? 'other';
}
