/** The five training tasks of Chartside's models, in the order the dataset card lists them. */
export const DATASET_TASKS = [
  'note-generation',
  'icd10-coding',
  'triage',
  'discharge-summary',
  'patient-communication',
] as const;
export type DatasetTask = (typeof DATASET_TASKS)[number];

/** The instruction of each task's examples (the seed's instruction/input/output shape). */
export const TASK_INSTRUCTIONS: Record<DatasetTask, string> = {
  'note-generation':
    'Write the clinical note for this encounter from the structured encounter data. Use only the facts given.',
  'icd10-coding':
    'Assign the ICD-10-CM diagnosis codes for this encounter. Answer one code per line as "CODE display"; use only codes supported by the text.',
  triage:
    'Assign the triage acuity from the presenting complaint, vital signs and age. Answer with the acuity level only.',
  'discharge-summary':
    'Write the discharge summary for this hospitalization from the structured hospitalization data. Use only the facts given.',
  'patient-communication':
    'Rewrite this clinical text for the patient in plain language, at about a sixth-grade reading level, without adding facts.',
};

/**
 * The resource types each task needs (HIPAA minimum necessary, §164.502(b)): with `minimumNecessary`,
 * nothing else is read from the export or written into an example.
 */
export const TASK_RESOURCE_TYPES: Record<DatasetTask, readonly string[]> = {
  'note-generation': [
    'Patient',
    'Encounter',
    'Condition',
    'Observation',
    'Procedure',
    'MedicationRequest',
    'DocumentReference',
  ],
  'icd10-coding': ['Patient', 'Encounter', 'Condition', 'Observation', 'Procedure', 'DocumentReference'],
  triage: ['Patient', 'Encounter', 'Observation'],
  'discharge-summary': [
    'Patient',
    'Encounter',
    'Condition',
    'Observation',
    'Procedure',
    'MedicationRequest',
    'DocumentReference',
  ],
  'patient-communication': ['Patient', 'Encounter', 'DocumentReference', 'Communication'],
};

/** Further patient data an example may show when minimum-necessary is off. */
export const CONTEXT_RESOURCE_TYPES: readonly string[] = [
  'AllergyIntolerance',
  'Immunization',
  'DiagnosticReport',
  'CarePlan',
  'Device',
  'ImagingStudy',
];

/** Types whose content teaches the de-identifier names and places (read for de-identification only). */
export const DEID_CONTEXT_TYPES: readonly string[] = [
  'Patient',
  'RelatedPerson',
  'Practitioner',
  'Organization',
  'Location',
  'PractitionerRole',
];

/** The resource types a build reads for its examples. */
export function typesFor(tasks: readonly DatasetTask[], minimumNecessary: boolean): Set<string> {
  const types = new Set<string>(tasks.flatMap((t) => TASK_RESOURCE_TYPES[t]));
  if (!minimumNecessary) for (const t of CONTEXT_RESOURCE_TYPES) types.add(t);
  return types;
}
