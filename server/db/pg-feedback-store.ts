import { createWriteStream } from 'node:fs';
import { rename } from 'node:fs/promises';
import { finished } from 'node:stream/promises';
import type { CommitWith, FeedbackRecord, FeedbackStore } from '../feedback/feedback-store.ts';
import type { TrainingCase, TrainingCaseStore } from '../feedback/training-case-store.ts';
import type { Database } from './database.ts';
import { jsonForDb } from './db-text.ts';

/** Appends rows of JSON in one statement (one transaction): all the records of a call, or none. */
export async function insertJson(
  db: { query(text: string, values: unknown[]): Promise<unknown> },
  table: 'feedback' | 'training_cases',
  records: readonly unknown[],
): Promise<void> {
  if (records.length === 0) return;
  await db.query(`INSERT INTO ${table} (record) SELECT value FROM jsonb_array_elements($1::jsonb) AS value`, [
    jsonForDb(records),
  ]);
}

/** Feedback in the `feedback` table (ids and outcomes only), whichever replica received it. */
export function pgFeedbackStore(db: Database): FeedbackStore {
  return {
    record(records: readonly FeedbackRecord[], options: CommitWith = {}) {
      const { commitWith } = options;
      if (!commitWith) return insertJson(db, 'feedback', records);
      return db.transaction(async (client) => {
        await insertJson(client, 'feedback', records);
        await commitWith();
      });
    },
  };
}

/** Training cases (de-identified) in the `training_cases` table, kept only when the site turns them on. */
export function pgTrainingCaseStore(db: Database): TrainingCaseStore {
  return { record: (cases: readonly TrainingCase[]) => insertJson(db, 'training_cases', cases) };
}

/**
 * Writes a store's records, in the order they were received, as NDJSON (what `dataset build --feedback` and
 * `--cases` read), a page at a time; to a temporary name renamed at the end. Returns the number written.
 */
export async function exportRecordTable(
  db: Database,
  table: 'feedback' | 'training_cases',
  file: string,
): Promise<number> {
  const tmp = `${file}.partial`;
  const out = createWriteStream(tmp, { mode: 0o600 });
  let after = 0;
  let written = 0;
  for (;;) {
    const { rows } = await db.query<{ id: string; record: string }>(
      `SELECT id, record::text AS record FROM ${table} WHERE id > $1 ORDER BY id LIMIT 5000`,
      [after],
    );
    for (const row of rows) {
      if (!out.write(row.record + '\n')) await new Promise<void>((resolve) => out.once('drain', () => resolve()));
      written += 1;
    }
    const last = rows[rows.length - 1];
    if (!last || rows.length < 5000) break;
    after = Number(last.id);
  }
  out.end();
  await finished(out);
  await rename(tmp, file);
  return written;
}
