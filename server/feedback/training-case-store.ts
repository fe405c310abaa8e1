import type { Deidentified } from '../deid/deidentified.ts';
import { NdjsonAppendLog } from './feedback-store.ts';

/**
 * What a card or the app offered, kept (only when a site turns it on) so that feedback about it can become
 * preference pairs for training: the de-identified case text and the suggestions' labels, keyed like the
 * feedback's `issued` link (service and hook instance, or the app's suggestion set). De-identified content
 * only, in a store of its own: the audit log and the feedback store stay free of any content.
 */
export interface TrainingCase {
  readonly issuedAt: string;
  readonly service: string;
  /** The CDS hook call (`hookInstance`) or the app's suggestion set id: the feedback's `issued.hookInstance`. */
  readonly hookInstance: string;
  readonly caseHash: string;
  readonly backend: string;
  readonly modelVersion: string;
  /** The de-identified case text the suggestions were made from. */
  readonly text: Deidentified<string>;
  /** What was offered, in order: the id the feedback names, and its label ("CODE display" or the acuity). */
  readonly suggestions: readonly { readonly id: string; readonly label: string }[];
}

export interface TrainingCaseStore {
  record(cases: readonly TrainingCase[]): Promise<void>;
}

/** The training case store as an NDJSON file (`CHARTSIDE_TRAINING_CASES_LOG`). */
export class NdjsonTrainingCaseStore extends NdjsonAppendLog<TrainingCase> implements TrainingCaseStore {
  record(cases: readonly TrainingCase[]): Promise<void> {
    return this.append(cases);
  }
}
