import type { FhirResource } from 'fhir/r4.d.ts';
import type { CareSetting } from './document/care-setting.ts';
import type { StructuredFindings } from './triage/triage-input.ts';

/**
 * What the suggestion pipeline reads for one case: the chart's FHIR resources (as a CDS Hooks call or a
 * SMART launch gathers them: Patient, Encounter, Conditions, vital-sign Observations, DocumentReference
 * notes, draft orders), or a free text. Raw chart data: the pipeline de-identifies it before any model.
 */
export type CaseInput = (
  | {
      resources: FhirResource[];
      /** The encounter in context (a launch's `encounter`, a hook's `encounterId`); else the latest is taken. */
      encounterId?: string | undefined;
    }
  | { text: string }
) & {
  /**
   * De-identified findings from a structured chart (the chart model), read by the triage engine beside
   * the text: vitals, labs, medications, history with their FHIR references. Optional: the pipeline builds
   * them itself from a chart's resources.
   */
  structured?: StructuredFindings;
  /**
   * Inpatient or outpatient care (how uncertain diagnoses are coded, Guidelines II.H / IV.H). A chart
   * without it takes its encounter's class; a text without it is outpatient.
   */
  setting?: CareSetting;
};

/** What a caller asks of the pipeline for one case. */
export interface SuggestOptions {
  wantCodes: boolean;
  wantTriage: boolean;
  /** Aborts retrieval and inference when the caller's deadline passes or its client goes away. */
  signal?: AbortSignal;
}
