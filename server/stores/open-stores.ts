import type { Store as RateLimitStore } from 'express-rate-limit';
import type { ReplayStore } from '../../cds-hooks/replay-cache.ts';
import { openAuditLog, type AuditTrail } from '../audit/audit-log.ts';
import type { Config } from '../config.ts';
import { openDatabase, type Database } from '../db/database.ts';
import { migrateDatabase } from '../db/migrate.ts';
import { openPgAuditLog } from '../db/pg-audit-log.ts';
import { pgEntries, sweepExpired } from '../db/pg-expiring-entries.ts';
import { pgFeedbackStore, pgTrainingCaseStore } from '../db/pg-feedback-store.ts';
import { PgRateLimitStore } from '../db/pg-rate-limit-store.ts';
import { pgReplayStore } from '../db/pg-replay-store.ts';
import { NdjsonFeedbackStore, type FeedbackStore } from '../feedback/feedback-store.ts';
import { NdjsonTrainingCaseStore, type TrainingCaseStore } from '../feedback/training-case-store.ts';
import type { AppendWithFeedback } from '../http/audit-middleware.ts';
import { errorFields, type Logger } from '../log/logger.ts';
import type { ExpiringEntriesFactory } from './expiring-entries.ts';

/**
 * The state a replica keeps, one store per concern. `files`: local files and this process's memory (the
 * embedded default, one replica). `postgres`: everything in the database of `CHARTSIDE_DATABASE_URL`, so any
 * number of replicas behind a load balancer behave as one service.
 */
export interface SharedStores {
  kind: 'files' | 'postgres';
  audit: AuditTrail;
  /** The database's: feedback and its request's audit record in one transaction. */
  auditWithFeedback?: AppendWithFeedback;
  feedback: FeedbackStore;
  trainingCases: TrainingCaseStore | undefined;
  /** Absent for `files`: each engine keeps its own memory. */
  replay?: ReplayStore;
  entries?: ExpiringEntriesFactory;
  /** One per limiter (express-rate-limit refuses a store shared by two limiters). */
  rateLimitStore?: () => RateLimitStore;
  database?: Database;
  close(): Promise<void>;
}

/** How often each replica removes expired JWT ids and entries from the database. */
const SWEEP_EVERY_MS = 60_000;

export async function openStores(config: Config, logger: Logger): Promise<SharedStores> {
  if (config.databaseUrl === undefined) {
    const audit = await openAuditLog(config.auditLog, { logger });
    const feedback = new NdjsonFeedbackStore(config.feedbackLog);
    const trainingCases =
      config.trainingCasesLog !== undefined ? new NdjsonTrainingCaseStore(config.trainingCasesLog) : undefined;
    return {
      kind: 'files',
      audit,
      feedback,
      trainingCases,
      async close() {
        await audit.close();
        await feedback.close();
        await trainingCases?.close();
      },
    };
  }
  const database = openDatabase({ url: config.databaseUrl, maxConnections: config.databasePoolMax, logger });
  try {
    if (config.databaseMigrate) {
      const result = await migrateDatabase(database);
      logger.info({ version: result.version, count: result.applied.length }, 'database schema current');
    }
  } catch (error) {
    await database.close();
    throw error;
  }
  const sweeper = setInterval(() => {
    sweepExpired(database, Date.now()).catch((error: unknown) =>
      logger.warn({ ...errorFields(error) }, 'database sweep of expired entries failed'),
    );
  }, SWEEP_EVERY_MS).unref();
  const audit = openPgAuditLog(database);
  return {
    kind: 'postgres',
    audit,
    auditWithFeedback: (event, records) => audit.appendWithFeedback(event, records),
    feedback: pgFeedbackStore(database),
    trainingCases: config.trainingCasesLog !== undefined ? pgTrainingCaseStore(database) : undefined,
    replay: pgReplayStore(database),
    entries: pgEntries(database),
    rateLimitStore: () => new PgRateLimitStore(database),
    database,
    async close() {
      clearInterval(sweeper);
      await audit.close();
      await database.close();
    },
  };
}
