import type { Request, RequestHandler, Response } from 'express';
import { buildAuditEvent, type AuditRecordInput } from '../audit/audit-event.ts';
import type { AuditSink } from '../audit/audit-log.ts';
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
    }
  }
}

/** Adds facts to this request's audit record. */
export function noteAudit(res: Response, facts: AuditFacts): void {
  res.locals.audit = { ...res.locals.audit, ...facts };
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

/**
 * One audit record per request, to every endpoint but the health probes (IHE BALP-style FHIR AuditEvent):
 * written when the response has been sent, or when the client goes away first. The record is built from
 * the route pattern, the status, the times and the handlers' `AuditFacts`: never the URL, query or body.
 */
export function auditMiddleware(sink: AuditSink, logger: Logger): RequestHandler {
  return (req, res, next) => {
    const path = req.path;
    if (UNAUDITED.has(path)) {
      next();
      return;
    }
    const start = new Date();
    let done = false;
    const record = (completed: boolean): void => {
      if (done) return;
      done = true;
      const facts = res.locals.audit ?? {};
      try {
        sink.append(
          buildAuditEvent({
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
          }),
        );
      } catch (error) {
        logger.error({ reqId: req.id, ...errorFields(error) }, 'audit record could not be appended');
      }
    };
    res.once('finish', () => record(true));
    res.once('close', () => record(res.writableFinished));
    next();
  };
}

function withoutUndefined(facts: AuditFacts): AuditFacts {
  return Object.fromEntries(Object.entries(facts).filter(([, v]) => v !== undefined));
}
