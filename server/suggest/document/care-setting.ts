import { z } from 'zod';

/**
 * Where the patient is cared for, which decides how uncertain diagnoses are coded: inpatient admissions
 * code "probable", "suspected", "likely" and "rule out" as if established (Official Guidelines II.H, III.C);
 * outpatient encounters, emergency department visits and observation stays included, code only what is
 * certain, else the signs and symptoms (IV.H).
 */
export const CareSettingSchema = z.enum(['inpatient', 'outpatient'], {
  message: 'setting must be inpatient or outpatient',
});
export type CareSetting = z.infer<typeof CareSettingSchema>;

/** FHIR R4 Encounter.class codes (v3 ActCode) of an inpatient admission; EMER and OBSENC are outpatient. */
const INPATIENT_CLASSES = new Set(['IMP', 'ACUTE', 'NONAC']);

/** The setting an Encounter.class code states; outpatient for any other class, undefined without one. */
export function settingOfEncounterClass(code: string | undefined): CareSetting | undefined {
  if (code === undefined) return undefined;
  return INPATIENT_CLASSES.has(code.toUpperCase()) ? 'inpatient' : 'outpatient';
}
