import type { Request, Response } from 'express';
import { AppError } from '../server/errors/app-error.ts';
import { parseOrThrow } from '../server/errors/parse.ts';
import type { FeedbackRecord, FeedbackStore } from '../server/feedback/feedback-store.ts';
import { noteAudit, recordFeedback } from '../server/http/audit-middleware.ts';
import { FeedbackRequestSchema } from './feedback-schema.ts';
import type { IssuedCards } from './issued-cards.ts';
import { SERVICES_BY_ID } from './services.ts';
import type { CdsCaller } from './client-jwt.ts';

export interface FeedbackHandlerDeps {
  store: FeedbackStore;
  issued: IssuedCards;
  now: () => Date;
}

/**
 * `POST /cds-services/{id}/feedback` (CDS Hooks 2.0 §Feedback): records accepted and overridden outcomes
 * for training data. Free-text comments are dropped (they may name the patient); the rest is ids.
 */
export function handleFeedback(deps: FeedbackHandlerDeps, callerOf: (res: Response) => CdsCaller) {
  return async (req: Request, res: Response): Promise<void> => {
    const service = SERVICES_BY_ID.get(String(req.params.id));
    if (!service) throw new AppError('NOT_FOUND', 'no such CDS service');
    noteAudit(res, { kind: 'cds-feedback', service: service.id, hook: service.hook });
    const body = parseOrThrow(FeedbackRequestSchema, req.body, 'body');
    const caller = callerOf(res);
    const now = deps.now();
    const records: FeedbackRecord[] = [];
    for (const f of body.feedback) {
      const accepted = (f.acceptedSuggestions ?? []).map((s) => s.id);
      const issued = await deps.issued.get(f.card);
      const reason = f.overrideReason?.reason;
      const record: FeedbackRecord = {
        receivedAt: now.toISOString(),
        service: service.id,
        client: caller.issuer,
        card: f.card,
        outcome: f.outcome,
        acceptedSuggestions: accepted,
        hasUserComment: (f.overrideReason?.userComment ?? '').trim() !== '',
        outcomeTimestamp: new Date(f.outcomeTimestamp).toISOString(),
      };
      if (caller.tenant !== undefined) record.tenant = caller.tenant;
      if (reason !== undefined) {
        record.overrideReason = {
          code: reason.code.slice(0, 64),
          ...(reason.system ? { system: reason.system.slice(0, 256) } : {}),
        };
      }
      if (issued && issued.service === service.id) {
        record.issued = {
          hookInstance: issued.hookInstance,
          caseHash: issued.caseHash,
          backend: issued.backend,
          modelVersion: issued.modelVersion,
          offered: issued.suggestions.length,
          acceptedRanks: accepted.map((id) => issued.suggestions.indexOf(id)).filter((i) => i >= 0),
        };
      }
      records.push(record);
    }
    await recordFeedback(res, deps.store, records);
    noteAudit(res, { suggestions: records.reduce((n, r) => n + r.acceptedSuggestions.length, 0) });
    res.json({});
  };
}
