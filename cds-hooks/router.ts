import express, { Router, type Request, type RequestHandler, type Response } from 'express';
import { rateLimit } from 'express-rate-limit';
import helmet from 'helmet';
import type { CaseInput } from '../server/suggest/case-input.ts';
import type { Config } from '../server/config.ts';
import { AppError } from '../server/errors/app-error.ts';
import type { FeedbackStore } from '../server/feedback/feedback-store.ts';
import type { TrainingCaseStore } from '../server/feedback/training-case-store.ts';
import { createFhirFetcher, type FhirFetcher } from '../server/fhir/fhir-fetcher.ts';
import { noteAudit } from '../server/http/audit-middleware.ts';
import type { Logger } from '../server/log/logger.ts';
import { loadCdsClients, type CdsClient } from './cds-clients.ts';
import { CdsAuthError, createCdsJwtVerifier, type CdsCaller } from './client-jwt.ts';
import { cdsCors } from './cors.ts';
import { handleFeedback } from './handle-feedback.ts';
import { handleService } from './handle-service.ts';
import { issuedCards } from './issued-cards.ts';
import type { ReplayStore } from './replay-cache.ts';
import { memoryEntries, type ExpiringEntriesFactory } from '../server/stores/expiring-entries.ts';
import type { Store as RateLimitStore } from 'express-rate-limit';
import { discoveryOf, SERVICES } from './services.ts';
import type { SuggestFn } from './suggest-fn.ts';

export interface CdsHooksDeps {
  config: Config;
  logger: Logger;
  /** Where feedback goes (training data). */
  feedback: FeedbackStore;
  /** Where what each card offered is kept for preference pairs (de-identified), when the site turns it on. */
  trainingCases?: TrainingCaseStore | undefined;
  /** The suggestion pipeline. */
  suggest: SuggestFn;
  /** Background precomputation on patient-view (see SuggestionPipeline.precompute). */
  precompute?: (input: CaseInput) => void;
  /** Trusted CDS clients; read from `config.cdsClients` when absent. */
  clients?: readonly CdsClient[];
  /** The FHIR client; built from `config.fhirServers` when absent. */
  fhir?: FhirFetcher;
  /** The clock (tests move it). */
  now?: () => Date;
  /** Least time between JWKS re-fetches for an unknown `kid`, in ms (default 30 s). */
  jwksCooldownMs?: number;
  /** Used JWT ids; this process's memory when absent. */
  replay?: ReplayStore;
  /** Where issued cards are remembered; this process's memory when absent. */
  entries?: ExpiringEntriesFactory;
  /** Makes the rate-limit counters' store (shared by replicas in the database); this process's memory when absent. */
  rateLimitStore?: () => RateLimitStore;
}

const DEV_CALLER: CdsCaller = { issuer: 'development-unauthenticated' };

declare global {
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace Express {
    interface Locals {
      /** The CDS client whose JWT was verified for this request. */
      cdsCaller?: CdsCaller;
    }
  }
}

function callerOf(res: Response): CdsCaller {
  const caller = res.locals.cdsCaller;
  if (!caller) throw new AppError('UNAUTHENTICATED', 'not authenticated');
  return caller;
}

/** The URL the client called, as the JWT's `aud` must name it (CDS Hooks 2.0 §Trusting CDS Clients). */
function audienceOf(publicUrl: string, req: Request): string {
  return `${publicUrl.replace(/\/+$/, '')}${req.originalUrl.split('?')[0] ?? ''}`;
}

/**
 * The CDS Hooks 2.0 service: `GET /cds-services` (discovery), `POST /cds-services/{id}` and
 * `POST /cds-services/{id}/feedback`. In order: CORS (preflights end here), security headers, the client
 * JWT on every call (a bare 401 otherwise), per-client rate limiting, then the body is parsed. Mount it
 * before any app-wide body parser, so nothing is parsed for an unauthenticated caller.
 */
export function cdsHooksRouter(deps: CdsHooksDeps): Router {
  const { config, logger } = deps;
  const now = deps.now ?? (() => new Date());
  const clients = deps.clients ?? (config.cdsClients !== undefined ? loadCdsClients(config.cdsClients) : []);
  const fhir =
    deps.fhir ??
    createFhirFetcher({ servers: config.fhirServers, timeoutMs: config.fhirTimeoutMs, maxBytes: config.fhirMaxBytes });
  const verifier = createCdsJwtVerifier({
    clients,
    clockSkewS: config.cdsClockSkewS,
    maxLifetimeS: config.cdsJwtMaxLifetimeS,
    now,
    ...(deps.jwksCooldownMs !== undefined ? { jwksCooldownMs: deps.jwksCooldownMs } : {}),
    ...(deps.replay ? { replay: deps.replay } : {}),
  });
  const publicUrl = config.publicUrl?.replace(/\/+$/, '');
  const smartLaunchUrl =
    config.smartLaunchUrl ?? (publicUrl !== undefined ? `${publicUrl}/smart/launch.html` : undefined);
  const issued = issuedCards(deps.entries ?? memoryEntries(() => now().getTime()));

  if (config.cdsDevSkipAuth) {
    logger.warn(
      { mode: config.mode, warning: 'cds-auth-disabled' },
      '!!! CDS Hooks JWT verification is OFF (CHARTSIDE_CDS_DEV_SKIP_AUTH=true): any caller is trusted. Development only: never with real patients !!!',
    );
  } else if (clients.length === 0) {
    logger.warn(
      { warning: 'cds-no-clients' },
      'no CDS clients configured (CHARTSIDE_CDS_CLIENTS): every CDS Hooks call will be refused',
    );
  } else if (publicUrl === undefined) {
    logger.warn(
      { warning: 'cds-no-public-url' },
      'CHARTSIDE_PUBLIC_URL is not set: no CDS client JWT audience can match, every call will be refused',
    );
  }

  const authenticate: RequestHandler = (req, res, next) => {
    if (config.cdsDevSkipAuth) {
      res.locals.cdsCaller = DEV_CALLER;
      noteAudit(res, { client: DEV_CALLER.issuer });
      next();
      return;
    }
    const refuse = (error: CdsAuthError): void => {
      logger.warn(
        { reqId: req.id, reason: error.reason, ...(error.issuer ? { issuer: error.issuer } : {}) },
        'CDS client JWT refused',
      );
      res.status(401).setHeader('WWW-Authenticate', 'Bearer').end();
    };
    if (publicUrl === undefined) {
      refuse(new CdsAuthError('no-audience-configured'));
      return;
    }
    verifier.verify(req.get('authorization'), audienceOf(publicUrl, req)).then(
      (caller) => {
        res.locals.cdsCaller = caller;
        noteAudit(res, {
          client: caller.issuer,
          ...(caller.tenant !== undefined ? { tenant: caller.tenant } : {}),
          ...(caller.fhirUser !== undefined ? { user: caller.fhirUser } : {}),
        });
        next();
      },
      (error: unknown) => {
        if (error instanceof CdsAuthError) refuse(error);
        else next(error);
      },
    );
  };

  const limiter = rateLimit({
    windowMs: config.cdsRateLimitWindowMs,
    limit: config.cdsRateLimit,
    standardHeaders: 'draft-7',
    legacyHeaders: false,
    keyGenerator: (_req, res) => {
      const caller = res.locals.cdsCaller ?? DEV_CALLER;
      return `${caller.issuer}\u0000${caller.tenant ?? ''}`;
    },
    handler: (_req, _res, next) => next(new AppError('RATE_LIMITED', 'too many requests from this CDS client')),
    validate: { keyGeneratorIpFallback: false },
    ...(deps.rateLimitStore ? { store: deps.rateLimitStore() } : {}),
  });

  const router = Router();
  router.use('/cds-services', cdsCors(config.cdsCorsOrigins));
  router.use('/cds-services', helmet());
  router.use('/cds-services', authenticate);
  router.use('/cds-services', limiter);
  router.use(
    '/cds-services',
    express.json({ limit: config.bodyLimit, type: ['application/json', 'application/fhir+json'] }),
  );

  router.get('/cds-services', (_req, res) => {
    noteAudit(res, { kind: 'cds-discovery' });
    res.json({ services: SERVICES.map(discoveryOf) });
  });
  router.post(
    '/cds-services/:id',
    handleService({
      logger,
      fhir,
      suggest: deps.suggest,
      ...(deps.precompute ? { precompute: deps.precompute } : {}),
      issued,
      trainingCases: deps.trainingCases,
      timeoutMs: config.cdsTimeoutMs,
      publicUrl,
      smartLaunchUrl,
      now,
    }),
  );
  router.post('/cds-services/:id/feedback', handleFeedback({ store: deps.feedback, issued, now }, callerOf));
  return router;
}
