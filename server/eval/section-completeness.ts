import type { GenerationTask } from './generation-tasks.ts';

/** One expected section and the headings that count as it. */
export interface SectionSpec {
  readonly section: string;
  readonly headings: readonly string[];
}

/**
 * Expected sections per task. Note: the SOAP sections of a progress note. Discharge: the usual sections of a
 * discharge summary (LOINC 18842-5; HL7 C-CDA Discharge Summary: Admission Diagnosis, Hospital Course,
 * Discharge Diagnosis, Discharge Medications, plus the follow-up instructions).
 */
export const EXPECTED_SECTIONS: Record<Exclude<GenerationTask, 'patient-comm'>, readonly SectionSpec[]> = {
  note: [
    {
      section: 'Subjective',
      headings: ['subjective', 'hpi', 'history of present illness', 'chief complaint', 'cc', 'history'],
    },
    {
      section: 'Objective',
      headings: ['objective', 'physical exam', 'physical examination', 'exam', 'vitals', 'vital signs'],
    },
    {
      section: 'Assessment',
      headings: ['assessment', 'assessment and plan', 'assessment & plan', 'impression', 'a/p'],
    },
    { section: 'Plan', headings: ['plan', 'assessment and plan', 'assessment & plan', 'a/p', 'recommendations'] },
  ],
  discharge: [
    {
      section: 'Admission diagnosis',
      headings: [
        'admission diagnosis',
        'admission diagnoses',
        'admitting diagnosis',
        'admitting diagnoses',
        'reason for admission',
      ],
    },
    { section: 'Hospital course', headings: ['hospital course', 'brief hospital course', 'course in hospital'] },
    {
      section: 'Discharge diagnosis',
      headings: ['discharge diagnosis', 'discharge diagnoses', 'final diagnosis', 'final diagnoses'],
    },
    {
      section: 'Discharge medications',
      headings: ['discharge medications', 'discharge medication', 'medications on discharge', 'discharge meds'],
    },
    {
      section: 'Follow-up',
      headings: ['follow-up', 'follow up', 'followup', 'follow-up appointments', 'discharge instructions'],
    },
  ],
};

const escape = (s: string): string => s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');

/**
 * Whether the text has a heading for the section: a line that starts (after optional `#`, `*`, numbering or
 * spaces) with one of its headings, case-insensitive, followed by `:` or the end of the line.
 */
export function hasSection(text: string, spec: SectionSpec): boolean {
  const alternatives = [...spec.headings]
    .sort((a, b) => b.length - a.length)
    .map(escape)
    .join('|');
  const re = new RegExp(`^[ \\t#*_>-]*(?:\\d+[.)][ \\t]*)?(?:${alternatives})[ \\t*_]*(?::|$)`, 'imu');
  return re.test(text);
}

/**
 * Section completeness of one output: the share of expected sections it has. Expected are the task's sections
 * that the reference has (the hospital's own notes show which sections it writes), or all of the task's
 * sections when the reference has none of them.
 */
export function sectionCompleteness(
  task: Exclude<GenerationTask, 'patient-comm'>,
  output: string,
  reference: string,
): number {
  const specs = EXPECTED_SECTIONS[task];
  const inReference = specs.filter((s) => hasSection(reference, s));
  const expected = inReference.length > 0 ? inReference : specs;
  return expected.filter((s) => hasSection(output, s)).length / expected.length;
}
