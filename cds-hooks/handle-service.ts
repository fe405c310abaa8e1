import type { CaseInput } from '../server/suggest/case-input.ts';
import type { FhirResource } from 'fhir/r4.d.ts';
import type { Request, Response } from 'express';
import { AppError } from '../server/errors/app-error.ts';
import { parseOrThrow } from '../server/errors/parse.ts';
import type { FhirFetcher } from '../server/fhir/fhir-fetcher.ts';
import { noteAudit } from '../server/http/audit-middleware.ts';
import type { Logger } from '../server/log/logger.ts';
import type { Suggestions } from '../server/suggest/suggestions.ts';
import type { Card, CdsResponse } from './card-schema.ts';
import type { CardContext } from './cards/card-context.ts';
import { buildCodingCard } from './cards/coding-card.ts';
import { buildTriageCard } from './cards/triage-card.ts';
import { triageDisagreementFact } from '../server/suggest/triage/disagreement-fact.ts';
import type { IssuedCards } from './issued-cards.ts';
import type { TrainingCaseStore } from '../server/feedback/training-case-store.ts';
import { gatherPrefetch } from './prefetch.ts';
import { CONTEXT_SCHEMAS, contextWithFallbacks, HookRequestSchema, type HookContext } from './request-schema.ts';
import { HOOKS, SERVICES_BY_ID, type HookName, type ServiceDefinition } from './services.ts';
import type { SuggestFn } from './suggest-fn.ts';

export interface ServiceHandlerDeps {
  logger: Logger;
  fhir: FhirFetcher;
  suggest: SuggestFn;
  /** Background computation of a chart's codes and triage on patient-view, for later hooks to answer from cache. */
  precompute?: (input: CaseInput) => void;
  issued: IssuedCards;
  trainingCases?: TrainingCaseStore | undefined;
  timeoutMs: number;
  publicUrl: string | undefined;
  smartLaunchUrl: string | undefined;
  now: () => Date;
}

/** The department or location of the encounter, as a reference (an id of the EHR, not patient content). */
function locationOf(resources: FhirResource[] | undefined): string | undefined {
  const encounter = resources?.find((r) => r.resourceType === 'Encounter');
  if (encounter?.resourceType !== 'Encounter') return undefined;
  const ref = encounter.location?.[0]?.location?.reference ?? encounter.serviceProvider?.reference;
  return ref !== undefined && /^(Location|Organization)\/[A-Za-z0-9\-.]{1,64}$/.test(ref) ? ref : undefined;
}

/** Every resource of the case, each once: prefetch keys may overlap, and order-sign adds its draft orders. */
function caseResources(byKey: Map<string, FhirResource[]>, context: HookContext): FhirResource[] {
  const out: FhirResource[] = [];
  const seen = new Set<string>();
  const add = (r: FhirResource): void => {
    const key = r.id !== undefined ? `${r.resourceType}/${r.id}` : undefined;
    if (key !== undefined) {
      if (seen.has(key)) return;
      seen.add(key);
    }
    out.push(r);
  };
  for (const list of byKey.values()) list.forEach(add);
  for (const entry of context.draftOrders?.entry ?? []) {
    const resource = (entry as { resource?: unknown } | null)?.resource;
    if (typeof resource === 'object' && resource !== null && 'resourceType' in resource) add(resource as FhirResource);
  }
  return out;
}

async function withDeadline<T>(
  work: (signal: AbortSignal) => Promise<T>,
  timeoutMs: number,
  res: Response,
): Promise<T> {
  const controller = new AbortController();
  const onClose = (): void => {
    if (!res.writableFinished) controller.abort(new AppError('UNPROCESSABLE', 'the client closed the connection'));
  };
  res.once('close', onClose);
  const timer = setTimeout(
    () =>
      controller.abort(
        new AppError('UPSTREAM_MODEL', 'the service did not finish within its time limit', {
          issue: 'timeout',
          status: 503,
        }),
      ),
    timeoutMs,
  );
  try {
    return await Promise.race([
      work(controller.signal),
      new Promise<never>((_, reject) => {
        controller.signal.addEventListener('abort', () => reject(controller.signal.reason as Error), { once: true });
      }),
    ]);
  } finally {
    clearTimeout(timer);
    res.off('close', onClose);
  }
}

/**
 * `POST /cds-services/{id}` (CDS Hooks 2.0 §Calling a CDS Service): validates the request and the hook's
 * context, gathers the chart (prefetch first, then the allow-listed FHIR server), runs the suggestion
 * pipeline (which de-identifies first), and answers cards — `{"cards": []}` when there is no guidance.
 */
export function handleService(deps: ServiceHandlerDeps) {
  return async (req: Request, res: Response): Promise<void> => {
    const id = String(req.params.id);
    const service: ServiceDefinition | undefined = SERVICES_BY_ID.get(id);
    if (!service) throw new AppError('NOT_FOUND', 'no such CDS service');
    noteAudit(res, { kind: 'cds-service', service: service.id, hook: service.hook });
    const request = parseOrThrow(HookRequestSchema, req.body, 'body');
    noteAudit(res, { hookInstance: request.hookInstance });
    if (!(HOOKS as readonly string[]).includes(request.hook) || request.hook !== service.hook) {
      throw new AppError('INVALID_INPUT', `body.hook: this service answers ${service.hook}`, {
        expression: ['body.hook'],
      });
    }
    const hook: HookName = service.hook;
    const context: HookContext = parseOrThrow(CONTEXT_SCHEMAS[hook], contextWithFallbacks(request), 'body.context');
    if (context.userId !== undefined) noteAudit(res, { user: context.userId });
    if (request.fhirAuthorization && request.fhirServer === undefined) {
      throw new AppError('INVALID_INPUT', 'body.fhirServer: is required with fhirAuthorization', {
        expression: ['body.fhirServer'],
      });
    }

    let unread: string[] = [];
    const suggestions: Suggestions = await withDeadline(
      async (signal) => {
        const gathered = await gatherPrefetch(
          service.prefetch,
          request,
          context,
          deps.fhir,
          deps.logger,
          req.id,
          signal,
        );
        // The latest encounter stands in only when none is in context.
        unread = gathered.unread.filter((k) => !(k === 'latestEncounter' && context.encounterId !== undefined));
        const location = locationOf(gathered.byKey.get('encounter'));
        if (location !== undefined) noteAudit(res, { location });
        const input = {
          resources: caseResources(gathered.byKey, context),
          ...(context.encounterId !== undefined ? { encounterId: context.encounterId } : {}),
        };
        if (hook === 'patient-view' || hook === 'encounter-start') deps.precompute?.(input);
        return deps.suggest(input, {
          wantCodes: service.kind === 'coding',
          wantTriage: service.kind === 'triage',
          signal,
        });
      },
      deps.timeoutMs,
      res,
    );

    const now = deps.now();
    const ctx: CardContext = {
      service,
      hook,
      hookInstance: request.hookInstance,
      patientId: context.patientId,
      now,
      ...(context.encounterId !== undefined ? { encounterId: context.encounterId } : {}),
      ...(context.userId !== undefined ? { userId: context.userId } : {}),
      ...(deps.publicUrl !== undefined ? { publicUrl: deps.publicUrl } : {}),
      ...(deps.smartLaunchUrl !== undefined ? { smartLaunchUrl: deps.smartLaunchUrl } : {}),
      ...(unread.length > 0 ? { unread } : {}),
    };
    const card: Card | undefined =
      service.kind === 'coding' ? buildCodingCard(suggestions, ctx) : buildTriageCard(suggestions, ctx);
    const cards = card ? [card] : [];
    const engine = suggestions.engine;
    noteAudit(res, {
      engine: {
        backend: engine.backend,
        modelVersion: engine.modelVersion,
        terminologyVersion: engine.terminologyVersion,
        ...(engine.fallback ? { fallbackFrom: engine.fallback.from } : {}),
        ...triageDisagreementFact(suggestions),
      },
      suggestions: service.kind === 'coding' ? suggestions.codes.length : suggestions.triage ? 1 : 0,
    });
    // Remembered before the cards leave: feedback about them may reach another replica a moment later.
    for (const c of cards) {
      if (c.uuid === undefined) continue;
      await deps.issued.set(c.uuid, {
        service: service.id,
        hookInstance: request.hookInstance,
        caseHash: suggestions.caseHash,
        backend: engine.backend,
        modelVersion: engine.modelVersion,
        suggestions: (c.suggestions ?? []).flatMap((s) => (s.uuid ? [s.uuid] : [])),
      });
    }
    const offered = cards.filter((c) => c.uuid !== undefined && (c.suggestions?.length ?? 0) > 0);
    if (deps.trainingCases !== undefined && offered.length > 0) {
      // Kept beside the answer, never in its way: a failure is logged (without content) and the card still goes.
      void deps.trainingCases
        .record(
          offered.map((c) => ({
            issuedAt: now.toISOString(),
            service: service.id,
            hookInstance: request.hookInstance,
            caseHash: suggestions.caseHash,
            backend: engine.backend,
            modelVersion: engine.modelVersion,
            text: suggestions.text,
            suggestions: (c.suggestions ?? []).flatMap((s) =>
              s.uuid ? [{ id: s.uuid, label: trainingLabel(s) }] : [],
            ),
          })),
        )
        .catch(() =>
          deps.logger.warn({ reqId: req.id, reason: 'training-case-not-kept' }, 'training case store write failed'),
        );
    }
    res.json({ cards } satisfies CdsResponse);
  };
}

/** A suggestion as training data names: "CODE display" of the Condition it creates, else its label. */
function trainingLabel(suggestion: NonNullable<Card['suggestions']>[number]): string {
  for (const action of suggestion.actions ?? []) {
    const coding = (action.resource as { code?: { coding?: { code?: string; display?: string }[] } } | undefined)?.code
      ?.coding?.[0];
    if (coding?.code !== undefined) return `${coding.code} ${coding.display ?? ''}`.trim();
  }
  return suggestion.label;
}
