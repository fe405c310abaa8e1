import type { Request, RequestHandler, Response } from 'express';
import { AppError } from '../errors/app-error.ts';
import { toOperationOutcome } from './operation-outcome.ts';
import { buildAuditEvent, type AuditRecordInput } from '../audit/audit-event.ts';
import type { AuditEvent } from 'fhir/r4.d.ts';
import type { AuditSink } from '../audit/audit-log.ts';
import type { FeedbackRecord, FeedbackStore } from '../feedback/feedback-store.ts';
import { errorFields, type Logger } from '../log/logger.ts';

/** What handlers tell the audit record about a request, beyond what the HTTP layer sees. Content-free. */
export type AuditFacts = Partial<
  Pick<
    AuditRecordInput,
    'kind' | 'client' | 'tenant' | 'user' | 'location' | 'service' | 'hook' | 'hookInstance' | 'engine' | 'suggestions'
  >
>;

declare global {
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace Express {
    interface Locals {
      /** Filled by the handlers, written by the audit middleware when the response ends. */
      audit?: AuditFacts;
      /** Feedback to keep with this request's audit record (see `recordFeedback`); absent without one. */
      auditFeedback?: FeedbackRecord[];
    }
  }
}

/** Adds facts to this request's audit record. */
export function noteAudit(res: Response, facts: AuditFacts): void {
  res.locals.audit = { ...res.locals.audit, ...facts };
}

/** Appends an audit record and stores the request's feedback: both are kept, or neither. */
export type AppendWithFeedback = (event: AuditEvent, feedback: readonly FeedbackRecord[]) => Promise<void>;

/**
 * Stores feedback a request received. Under the audit middleware it is kept with the request's audit record
 * (one transaction in the database) when the response ends, and the response waits for both; otherwise now.
 */
export async function recordFeedback(
  res: Response,
  store: FeedbackStore,
  records: readonly FeedbackRecord[],
): Promise<void> {
  const attached = res.locals.auditFeedback;
  if (attached) attached.push(...records);
  else await store.record(records);
}

/** Liveness and readiness probes: polled every few seconds by orchestrators, they touch nothing. */
const UNAUDITED = new Set(['/healthz', '/readyz']);

function kindOf(path: string): AuditRecordInput['kind'] {
  if (path === '/cds-services' || path === '/cds-services/') return 'cds-discovery';
  if (path.startsWith('/cds-services/')) return path.endsWith('/feedback') ? 'cds-feedback' : 'cds-service';
  if (path.startsWith('/fhir/')) return 'fhir-terminology';
  return 'http';
}

function routeOf(req: Request): string {
  const matched = req.route as { path?: unknown } | undefined;
  return matched ? `${req.baseUrl}${String(matched.path)}` : 'unmatched';
}

/** The answer when the audit record of a finished request cannot be committed: it never leaves unaudited. */
const AUDIT_UNAVAILABLE = JSON.stringify(
  toOperationOutcome(new AppError('UNAVAILABLE', 'the audit trail is unavailable; try again shortly')).outcome,
);

/**
 * One audit record per request, to every endpoint but the health probes (IHE BALP-style FHIR AuditEvent).
 * The record is built from the route pattern, the status, the times and the handlers' `AuditFacts`: never
 * the URL, query or body. When the sink commits asynchronously (the database), the response's last bytes
 * wait for the commit: an answered request is always recorded. If the commit fails before anything was sent,
 * the answer becomes a 503 OperationOutcome; if part was already sent, the connection is cut, so the client
 * never sees a complete unaudited answer. A client that goes away first is recorded as not completed.
 * Feedback handed over by `recordFeedback` is stored by `withFeedback` together with the record: if either
 * fails, neither is kept and the answer is the 503 (a request whose client went away keeps no feedback).
 */
export function auditMiddleware(sink: AuditSink, logger: Logger, withFeedback?: AppendWithFeedback): RequestHandler {
  return (req, res, next) => {
    const path = req.path;
    if (UNAUDITED.has(path)) {
      next();
      return;
    }
    const start = new Date();
    let done = false;
    if (withFeedback) res.locals.auditFeedback = [];
    const eventOf = (completed: boolean) => {
      const facts = res.locals.audit ?? {};
      return buildAuditEvent({
        kind: facts.kind ?? kindOf(path),
        method: req.method,
        route: routeOf(req),
        status: res.statusCode,
        completed,
        requestId: req.id,
        start,
        end: new Date(),
        ...(req.socket.remoteAddress !== undefined ? { address: req.socket.remoteAddress } : {}),
        ...withoutUndefined(facts),
      });
    };
    const failed = (error: unknown): void => {
      logger.error({ reqId: req.id, ...errorFields(error) }, 'audit record could not be appended');
    };

    const end = res.end.bind(res) as (...args: unknown[]) => Response;
    res.end = ((...args: unknown[]) => {
      if (done) return end(...args);
      done = true;
      let pending: void | Promise<void>;
      // Feedback is kept only with a successful answer (a handler that failed after handing it over keeps none).
      const feedback = res.statusCode < 400 ? (res.locals.auditFeedback ?? []) : [];
      try {
        pending =
          withFeedback && feedback.length > 0 ? withFeedback(eventOf(true), feedback) : sink.append(eventOf(true));
      } catch (error) {
        failed(error);
        pending = undefined;
      }
      if (!(pending instanceof Promise)) return end(...args);
      pending.then(
        () => end(...args),
        (error: unknown) => {
          failed(error);
          if (res.headersSent) {
            res.destroy();
            return;
          }
          for (const name of ['content-length', 'content-type', 'etag', 'location', 'ratelimit', 'ratelimit-policy'])
            res.removeHeader(name);
          res.statusCode = 503;
          res.setHeader('content-type', 'application/fhir+json; charset=utf-8');
          res.setHeader('retry-after', '5');
          end(AUDIT_UNAVAILABLE);
        },
      );
      return res;
    }) as typeof res.end;

    res.once('close', () => {
      if (done) return;
      done = true;
      try {
        const pending = sink.append(eventOf(false));
        if (pending instanceof Promise) pending.catch(failed);
      } catch (error) {
        failed(error);
      }
    });
    next();
  };
}

function withoutUndefined(facts: AuditFacts): AuditFacts {
  return Object.fromEntries(Object.entries(facts).filter(([, v]) => v !== undefined));
}
