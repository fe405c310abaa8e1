import type { FeedbackRecord, FeedbackStore } from '../feedback/feedback-store.ts';
import type { TrainingCase, TrainingCaseStore } from '../feedback/training-case-store.ts';
import type { Database } from './database.ts';
import { jsonForDb } from './db-text.ts';

/** Appends rows of JSON in one statement (one transaction): all the records of a call, or none. */
async function insertJson(db: Database, table: 'feedback' | 'training_cases', records: readonly unknown[]) {
  if (records.length === 0) return;
  await db.query(`INSERT INTO ${table} (record) SELECT value FROM jsonb_array_elements($1::jsonb) AS value`, [
    jsonForDb(records),
  ]);
}

/** Feedback in the `feedback` table (ids and outcomes only), whichever replica received it. */
export function pgFeedbackStore(db: Database): FeedbackStore {
  return { record: (records: readonly FeedbackRecord[]) => insertJson(db, 'feedback', records) };
}

/** Training cases (de-identified) in the `training_cases` table, kept only when the site turns them on. */
export function pgTrainingCaseStore(db: Database): TrainingCaseStore {
  return { record: (cases: readonly TrainingCase[]) => insertJson(db, 'training_cases', cases) };
}
