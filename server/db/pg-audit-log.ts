import type { AuditEvent } from 'fhir/r4.d.ts';
import type { AuditTrail } from '../audit/audit-log.ts';
import { chainedLine, hashLine } from '../audit/audit-chain.ts';
import { AppError } from '../errors/app-error.ts';
import type { FeedbackRecord } from '../feedback/feedback-store.ts';
import type { Database } from './database.ts';
import { insertJson } from './pg-feedback-store.ts';

interface Waiting {
  event: AuditEvent;
  /** Feedback the request stores: committed in the same transaction as its audit record. */
  feedback?: readonly FeedbackRecord[] | undefined;
  resolve(): void;
  reject(error: unknown): void;
}

/** Most records one transaction appends (a busy replica's queue is written in several). */
const MAX_BATCH = 500;

/** An audit log whose `append` resolves once the record is committed. */
export interface CommittingAuditLog extends AuditTrail {
  append(event: AuditEvent): Promise<void>;
  /** Appends the record and stores the request's feedback in the same transaction: both, or neither. */
  appendWithFeedback(event: AuditEvent, feedback: readonly FeedbackRecord[]): Promise<void>;
}

/**
 * The audit trail in the `audit_events` table: one hash chain for every replica (same lines and links as the
 * NDJSON file, see audit-chain.ts). Each append resolves once its record is committed. A replica writes its
 * queued records in one transaction that locks the `audit_head` row FOR UPDATE, so replicas append one after
 * the other: each batch links to the head it read, and the head moves in the same commit (a replica killed
 * mid-batch leaves nothing of it). Records queued while a batch commits form the next one (group commit).
 * Feedback handed over with a record is inserted in its batch's transaction (one failure answers the whole
 * batch 503, and nothing of it is kept).
 */
export function openPgAuditLog(db: Database): CommittingAuditLog {
  let queue: Waiting[] = [];
  let writing: Promise<void> | undefined;
  let closed = false;

  const writeBatch = async (batch: Waiting[]): Promise<void> => {
    await db.transaction(async (client) => {
      // Feedback first, the audit records after: a failure of either rolls back both.
      await insertJson(
        client,
        'feedback',
        batch.flatMap((w) => w.feedback ?? []),
      );
      const head = await client.query<{ seq: string; hash: string }>(
        'SELECT seq, hash FROM audit_head WHERE id = 1 FOR UPDATE',
      );
      const row = head.rows[0];
      if (!row) throw new AppError('CORRUPT_DATA', 'the audit_head row is missing: run chartside audit verify');
      let seq = Number(row.seq);
      let hash = row.hash;
      const seqs: number[] = [];
      const lines: string[] = [];
      const hashes: string[] = [];
      for (const { event } of batch) {
        seq += 1;
        const line = chainedLine(event, { seq, prev: hash });
        hash = hashLine(line);
        seqs.push(seq);
        lines.push(line);
        hashes.push(hash);
      }
      await client.query(
        'INSERT INTO audit_events (seq, line, hash) SELECT * FROM unnest($1::bigint[], $2::text[], $3::text[])',
        [seqs, lines, hashes],
      );
      await client.query('UPDATE audit_head SET seq = $1, hash = $2 WHERE id = 1', [seq, hash]);
    });
  };

  const drain = async (): Promise<void> => {
    while (queue.length > 0) {
      const batch = queue.slice(0, MAX_BATCH);
      queue = queue.slice(MAX_BATCH);
      try {
        await writeBatch(batch);
        for (const w of batch) w.resolve();
      } catch (error) {
        for (const w of batch) w.reject(error);
      }
    }
  };

  const schedule = (): void => {
    if (writing) return;
    writing = drain().finally(() => {
      writing = undefined;
      if (queue.length > 0) schedule();
    });
  };

  const enqueue = (event: AuditEvent, feedback?: readonly FeedbackRecord[]): Promise<void> => {
    if (closed) return Promise.reject(new AppError('INTERNAL', 'audit log is closed'));
    return new Promise<void>((resolve, reject) => {
      queue.push({ event, feedback, resolve, reject });
      schedule();
    });
  };

  return {
    file: 'database:audit_events',
    append: (event) => enqueue(event),
    appendWithFeedback: (event, feedback) => enqueue(event, feedback),
    async flush() {
      while (writing) await writing;
    },
    async close() {
      closed = true;
      while (writing) await writing;
    },
  };
}
