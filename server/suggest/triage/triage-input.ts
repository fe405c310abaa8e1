import { z } from 'zod';

/** The vital signs a structured chart can give the triage engine. */
export const VITAL_KINDS = [
  'temperature',
  'heartRate',
  'respiratoryRate',
  'spo2',
  'systolicBP',
  'diastolicBP',
  'gcs',
  'painScore',
] as const;
export type VitalKind = (typeof VITAL_KINDS)[number];

const ref = z.string().min(1).max(200);

/**
 * Findings a structured chart (FHIR Observations, Conditions, MedicationStatements) gives the triage
 * engine beside the text. Every item carries `ref`, the FHIR reference it came from (`Observation/123`),
 * which the engine quotes as evidence when a discriminator fires on it. Values are de-identified facts
 * (no names, no dates); the chart model (`server/chart/`) produces them.
 *
 * Vital units, as UCUM codes or their usual spellings: temperature `Cel`/`°C`/`[degF]`/`°F`; heart and
 * respiratory rate `/min`; SpO2 `%`; blood pressure `mm[Hg]`; GCS and pain score `{score}` or empty.
 * Medications are current ones and raise risk only (anticoagulants, immunosuppressants); history items
 * (past and chronic conditions) raise risk only and never fire a presentation alone.
 */
export const StructuredFindingsSchema = z.object({
  ageYears: z.number().min(0).max(130).optional(),
  sex: z.enum(['male', 'female', 'other', 'unknown']).optional(),
  pregnant: z.boolean().optional(),
  vitals: z.array(z.object({ kind: z.enum(VITAL_KINDS), value: z.number(), unit: z.string().max(40), ref })).optional(),
  labs: z
    .array(
      z.object({
        loinc: z.string().max(20).optional(),
        name: z.string().min(1).max(120),
        value: z.number(),
        unit: z.string().max(40),
        ref,
      }),
    )
    .optional(),
  medications: z.array(z.object({ name: z.string().min(1).max(200), ref })).optional(),
  history: z.array(z.object({ text: z.string().min(1).max(500), ref })).optional(),
});
export type StructuredFindings = z.infer<typeof StructuredFindingsSchema>;

/**
 * What the triage engine reads for one case: the de-identified presenting text (chief complaint, triage
 * note, vignette, or the rendered chart; evidence spans point into it) and optional structured findings.
 * Callers pass only de-identified text: the pipeline's, or a test's synthetic case.
 */
export interface TriageInput {
  text: string;
  structured?: StructuredFindings;
}
