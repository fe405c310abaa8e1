import express, { type Express } from 'express';
import type { Config } from './config.ts';
import type { Logger } from './log/logger.ts';
import type { Terminology } from '../terminology/icd10cm/terminology.ts';
import { requestId } from './http/request-id.ts';
import { rejectMalformedPath } from './http/path-encoding.ts';
import { accessLog } from './http/access-log.ts';
import { errorHandler, notFound } from './http/error-handler.ts';
import { healthRouter } from './http/health.ts';
import { terminologyRouter } from './http/terminology-routes.ts';
import { auditMiddleware, type AppendWithFeedback } from './http/audit-middleware.ts';
import type { AuditSink } from './audit/audit-log.ts';
import { NdjsonFeedbackStore } from './feedback/feedback-store.ts';
import { NdjsonTrainingCaseStore } from './feedback/training-case-store.ts';
import { AppError } from './errors/app-error.ts';
import { cdsHooksRouter, type CdsHooksDeps } from '../cds-hooks/router.ts';
import type { SuggestFn } from '../cds-hooks/suggest-fn.ts';
import { jwksRouter } from './http/jwks-route.ts';
import type { SuggestionPipeline } from './suggest/pipeline.ts';
import { smartRouter } from './http/smart-routes.ts';
import type { Database } from './db/database.ts';
import type { ExpiringEntriesFactory } from './stores/expiring-entries.ts';

/** Everything the HTTP layer needs, built once at start-up (see main.ts) or by a test. */
export interface AppContext {
  config: Config;
  logger: Logger;
  terminology: Terminology;
  /** The audit log: one record per request (all but the health probes). None: no audit middleware. */
  audit?: AuditSink;
  /** Keeps feedback and its audit record in one commit (the database's); by default feedback, then the record. */
  auditWithFeedback?: AppendWithFeedback;
  /** The suggestion pipeline (its backend and model version are reported at /readyz). */
  pipeline?: SuggestionPipeline;
  /** The CDS Hooks service's engines; feedback defaults to `config.feedbackLog`. */
  cds?: Partial<Omit<CdsHooksDeps, 'config' | 'logger'>>;
  /** The shared database, when there is one: /readyz is not-ready while it does not answer. */
  database?: Database;
  /** Expiring entries (SMART launches, hand-offs, suggestion sets); this process's memory when absent. */
  entries?: ExpiringEntriesFactory;
  /** True once the replica is shutting down: /readyz turns not-ready so the load balancer drains it. */
  draining?: () => boolean;
}

/** Until server/suggest/ is wired in, CDS Hooks calls say the pipeline is missing. */
const noPipeline: SuggestFn = () =>
  Promise.reject(new AppError('UPSTREAM_MODEL', 'the suggestion pipeline is not configured'));

/** Builds the Express app without listening, so tests can drive it in-process or on port 0. */
export function createApp(ctx: AppContext): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('query parser', 'simple');
  app.use(requestId());
  app.use(accessLog(ctx.logger));
  const feedback = ctx.cds?.feedback ?? new NdjsonFeedbackStore(ctx.config.feedbackLog);
  const audit = ctx.audit;
  if (audit) {
    // Feedback is kept with its request's audit record: in one transaction (the database), or written first
    // and cut back off if the record cannot be appended (files, memory).
    const withFeedback: AppendWithFeedback =
      ctx.auditWithFeedback ??
      ((event, records) => feedback.record(records, { commitWith: () => audit.append(event) }));
    app.use(auditMiddleware(audit, ctx.logger, withFeedback));
  }
  app.use(rejectMalformedPath());
  const trainingCases =
    ctx.cds?.trainingCases ??
    (ctx.config.trainingCasesLog !== undefined ? new NdjsonTrainingCaseStore(ctx.config.trainingCasesLog) : undefined);
  // Before the app-wide body parser: CDS Hooks bodies are parsed only after the client's JWT is verified.
  app.use(
    cdsHooksRouter({
      ...(ctx.entries ? { entries: ctx.entries } : {}),
      ...ctx.cds,
      config: ctx.config,
      logger: ctx.logger,
      feedback,
      trainingCases,
      suggest: ctx.cds?.suggest ?? noPipeline,
    }),
  );
  app.use(express.json({ limit: ctx.config.bodyLimit, type: ['application/json', 'application/fhir+json'] }));
  app.use(healthRouter(ctx));
  app.use(jwksRouter(ctx));
  app.use('/fhir', terminologyRouter(ctx));
  const pipeline = ctx.pipeline;
  const suggest: SuggestFn = ctx.cds?.suggest ?? (pipeline ? (i, o) => pipeline.suggest(i, o) : noPipeline);
  app.use(
    smartRouter({
      config: ctx.config,
      logger: ctx.logger,
      suggest,
      feedback,
      trainingCases,
      ...(ctx.entries ? { entries: ctx.entries } : {}),
    }),
  );
  app.use(notFound());
  app.use(errorHandler(ctx.logger));
  return app;
}
