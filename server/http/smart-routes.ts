import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Router, type Request, type Response } from 'express';
import helmet from 'helmet';
import { z } from 'zod';
import { CODING_OVERRIDE_REASONS } from '../../cds-hooks/cards/override-reasons.ts';
import { OVERRIDE_SYSTEM } from '../../cds-hooks/cards/card-context.ts';
import type { SuggestFn } from '../../cds-hooks/suggest-fn.ts';
import type { Config } from '../config.ts';
import { AppError } from '../errors/app-error.ts';
import { parseOrThrow } from '../errors/parse.ts';
import type { TrainingCaseStore } from '../feedback/training-case-store.ts';
import type { FeedbackStore } from '../feedback/feedback-store.ts';
import { createFhirFetcher, normalizeBase, type FhirFetcher } from '../fhir/fhir-fetcher.ts';
import { errorFields, type Logger } from '../log/logger.ts';
import { memoryEntries, type ExpiringEntriesFactory } from '../stores/expiring-entries.ts';
import { createPkcePair, randomId } from '../smart/pkce.ts';
import { readChart } from '../smart/read-chart.ts';
import { discoverSmartConfiguration } from '../smart/smart-discovery.ts';
import { smartClientFor, type LaunchType } from '../smart/smart-scopes.ts';
import { SuggestionSets } from '../smart/suggestion-sets.ts';
import { triageDisagreementFact } from '../suggest/triage/disagreement-fact.ts';
import { CareSettingSchema } from '../suggest/document/care-setting.ts';
import { exchangeCode, type TokenResponse } from '../smart/token-exchange.ts';
import { noteAudit, recordFeedback } from './audit-middleware.ts';
import { sealedEntries } from '../stores/sealed-entries.ts';
import { operationOutcome } from './operation-outcome.ts';
import { renderSmartErrorPage } from './smart-error-page.ts';

/** The SMART app's files: `smart-app/index.html` and the bundle esbuild writes to `smart-app/dist/`. */
export const SMART_APP_DIR = fileURLToPath(new URL('../../smart-app/', import.meta.url));

export interface SmartDeps {
  config: Config;
  logger: Logger;
  suggest: SuggestFn;
  feedback: FeedbackStore;
  /** Where what each answer offered is kept for preference pairs (de-identified), when the site turns it on. */
  trainingCases?: TrainingCaseStore | undefined;
  /** The FHIR client; built from `config.fhirServers` when absent. */
  fhir?: FhirFetcher;
  /** Where launches in progress, hand-offs and suggestion sets are kept; this process's memory when absent. */
  entries?: ExpiringEntriesFactory;
}

/** Authorization in progress, kept server-side under its `state` (never in the browser). */
interface PendingAuthorization {
  iss: string;
  launchType: LaunchType;
  clientId: string;
  scope: string;
  redirectUri: string;
  tokenEndpoint: string;
  codeVerifier: string;
}

/** What the app gets once, by hand-off code, after a successful launch. */
interface LaunchSession {
  serverUrl: string;
  clientId: string;
  tokenUri: string;
  launchType: LaunchType;
  tokenResponse: TokenResponse;
  relaunchUrl?: string;
}

const LaunchQuery = z.object({
  iss: z.url('iss must be the FHIR server URL').optional(),
  launch: z.string().min(1).max(2048).optional(),
});

/** What is wrong with a launch URL, naming the parameter and what to do (never its value). */
function launchQueryProblem(error: z.ZodError | undefined): string {
  const param = error?.issues[0]?.path[0];
  if (param === undefined) {
    return 'The launch did not name the EHR (iss). Open Chartside from the EHR, or add ?iss= with the FHIR server URL.';
  }
  if (param === 'iss') {
    return "The launch's iss parameter is not a URL: it must be the EHR's FHIR server base URL, such as https://ehr.example/fhir/R4. Open Chartside from the EHR again; if it happens again, ask IT to check the launch URL registered there.";
  }
  return `The launch's ${String(param)} parameter is not valid (at most 2048 characters). Open Chartside from the EHR again.`;
}

const CallbackQuery = z.object({
  code: z.string().min(1).max(4096).optional(),
  state: z.string().min(1).max(512).optional(),
  error: z.string().max(200).optional(),
  error_description: z.string().max(2000).optional(),
});

const HandoffBody = z.object({ handoff: z.string().min(16).max(256) });

const SuggestionsBody = z.object({
  fhirServer: z.url(),
  patient: z.string().min(1).max(64),
  encounter: z.string().min(1).max(64).optional(),
  clientId: z.string().min(1).max(256).optional(),
  /** Overrides the encounter's class: inpatient codes uncertain diagnoses as established (Guidelines II.H). */
  setting: CareSettingSchema.optional(),
});

const REASON_CODES = CODING_OVERRIDE_REASONS.map((r) => r.code) as [string, ...string[]];

const FeedbackBody = z.object({
  suggestionSet: z.string().min(16).max(256),
  suggestion: z.string().regex(/^s\d{1,3}$/, 'must be a suggestion id'),
  outcome: z.enum(['accepted', 'edited', 'rejected']),
  reason: z.enum(REASON_CODES).optional(),
  outcomeTimestamp: z.iso.datetime({ offset: true }),
});

const OAUTH_ERROR = /^[a-z_]{1,64}$/;

function bearerOf(req: Request): string {
  const header = req.get('authorization') ?? '';
  const match = /^Bearer ([\x21-\x7e]{1,8192})$/.exec(header);
  if (!match?.[1]) throw new AppError('UNAUTHENTICATED', 'the EHR access token is missing (Authorization: Bearer)');
  return match[1];
}

/**
 * The SMART on FHIR app's server side (SMART App Launch 2.x, EHR and standalone launch, public client
 * with PKCE S256): `GET /smart/launch` starts authorization with the state kept server-side keyed by
 * `state`, `GET /smart/callback` exchanges the code and hands the token to the app once through a URL
 * fragment (no cookies, no `sessionStorage`), `/smart/app/` serves the app, and `POST /api/suggestions`
 * reads the chart from an allowed FHIR server with the user's token and answers the pipeline's suggestions.
 */
export function smartRouter(deps: SmartDeps): Router {
  const { config, logger } = deps;
  const fhir =
    deps.fhir ??
    createFhirFetcher({ servers: config.fhirServers, timeoutMs: config.fhirTimeoutMs, maxBytes: config.fhirMaxBytes });
  const entries = deps.entries ?? memoryEntries();
  // Keyed by bearer secrets (`state`, the hand-off code) and holding a PKCE verifier or the EHR's tokens:
  // stored under a hash of the secret and encrypted with a key derived from it (see sealed-entries.ts).
  const pending = sealedEntries<PendingAuthorization>(entries, 'smart-pending-authorization', 10 * 60_000);
  const handoffs = sealedEntries<LaunchSession>(entries, 'smart-handoff', 2 * 60_000);
  const sets = new SuggestionSets(entries);
  /** Origins the app may connect to: the FHIR servers, their token endpoints and style documents. */
  const connectOrigins = new Set(config.fhirServers.flatMap((s) => (normalizeBase(s) ? [new URL(s).origin] : [])));
  const publicBase = (req: Request): string =>
    (config.publicUrl ?? `${req.protocol}://${req.get('host') ?? `${config.host}:${config.port}`}`).replace(/\/+$/, '');

  /** A page for the browser in the EHR's frame; an OperationOutcome for a caller that asks for JSON. */
  const errorPage = (res: Response, status: number, title: string, message: string, relaunchUrl?: string): void => {
    res.status(status).set('cache-control', 'no-store').vary('accept');
    if (res.req.accepts(['html', 'application/fhir+json', 'json']) !== 'html') {
      const issue = status === 403 ? 'forbidden' : status >= 500 ? 'transient' : 'invalid';
      res.type('application/fhir+json').json(operationOutcome('error', issue, `${title}. ${message}`));
      return;
    }
    res.type('html').send(renderSmartErrorPage({ title, message, relaunchUrl }));
  };

  const router = Router();
  // The app runs framed by the EHR: no X-Frame-Options, frame-ancestors open, scripts only from here.
  const appHeaders = helmet({
    xFrameOptions: false,
    contentSecurityPolicy: false,
    crossOriginEmbedderPolicy: false,
    referrerPolicy: { policy: 'no-referrer' },
  });
  router.use('/smart', appHeaders);
  router.use('/smart', (_req, res, next) => {
    res.set(
      'content-security-policy',
      [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self' 'unsafe-inline'",
        "img-src 'self' data:",
        `connect-src 'self' ${[...connectOrigins].join(' ')}`.trim(),
        'frame-ancestors *',
        "base-uri 'none'",
        "form-action 'self'",
      ].join('; '),
    );
    next();
  });

  const launch = async (req: Request, res: Response): Promise<void> => {
    noteAudit(res, { kind: 'http' });
    const query = LaunchQuery.safeParse(req.query);
    if (!query.success || query.data.iss === undefined) {
      errorPage(res, 400, 'Chartside could not start', launchQueryProblem(query.success ? undefined : query.error));
      return;
    }
    const iss = query.data.iss;
    const launchType: LaunchType = query.data.launch === undefined ? 'standalone' : 'ehr';
    const standaloneUrl = `${publicBase(req)}/smart/launch?iss=${encodeURIComponent(iss)}`;
    if (!fhir.isAllowed(iss)) {
      logger.warn({ reqId: req.id, reason: 'fhir-server-not-allowed' }, 'SMART launch from an unlisted FHIR server');
      errorPage(
        res,
        403,
        'This EHR is not configured',
        'Chartside is not configured to work with this FHIR server. Ask IT to add it to CHARTSIDE_FHIR_SERVERS.',
      );
      return;
    }
    let discovery;
    try {
      discovery = await discoverSmartConfiguration(iss, config.fhirTimeoutMs);
    } catch (error) {
      logger.warn({ reqId: req.id, ...errorFields(error) }, 'SMART discovery failed');
      errorPage(
        res,
        502,
        'The EHR could not be reached',
        error instanceof AppError ? `${error.message}. Try again in a moment.` : 'Try again in a moment.',
        launchType === 'standalone' ? standaloneUrl : undefined,
      );
      return;
    }
    connectOrigins.add(new URL(discovery.token_endpoint).origin);
    const client = smartClientFor(config, iss, launchType);
    const state = randomId();
    const pkce = createPkcePair();
    const redirectUri = `${publicBase(req)}/smart/callback`;
    await pending.set(state, {
      iss,
      launchType,
      clientId: client.clientId,
      scope: client.scope,
      redirectUri,
      tokenEndpoint: discovery.token_endpoint,
      codeVerifier: pkce.verifier,
    });
    const authorize = new URL(discovery.authorization_endpoint);
    authorize.searchParams.set('response_type', 'code');
    authorize.searchParams.set('client_id', client.clientId);
    authorize.searchParams.set('redirect_uri', redirectUri);
    authorize.searchParams.set('scope', client.scope);
    authorize.searchParams.set('state', state);
    authorize.searchParams.set('aud', iss);
    authorize.searchParams.set('code_challenge', pkce.challenge);
    authorize.searchParams.set('code_challenge_method', 'S256');
    if (query.data.launch !== undefined) authorize.searchParams.set('launch', query.data.launch);
    // No body: Express's "Redirecting to …" page would repeat the launch context (`launch`) in the response.
    res.set('cache-control', 'no-store').status(302).location(authorize.toString()).end();
  };
  router.get('/smart/launch', launch);
  // The URL CDS cards link to (CHARTSIDE_SMART_LAUNCH_URL's default).
  router.get('/smart/launch.html', launch);

  router.get('/smart/callback', async (req, res) => {
    noteAudit(res, { kind: 'http' });
    const query = CallbackQuery.safeParse(req.query);
    const state = query.success ? query.data.state : undefined;
    const auth = state === undefined ? undefined : await pending.take(state);
    if (!query.success || !auth) {
      logger.warn({ reqId: req.id, reason: 'unknown-state' }, 'SMART callback with an unknown or expired state');
      errorPage(
        res,
        400,
        'This sign-in could not be verified',
        'The authorization answer does not match a launch in progress (unknown or expired state). Nothing was shown or saved.',
      );
      return;
    }
    const relaunchUrl =
      auth.launchType === 'standalone'
        ? `${publicBase(req)}/smart/launch?iss=${encodeURIComponent(auth.iss)}`
        : undefined;
    if (query.data.error !== undefined || query.data.code === undefined) {
      const code =
        query.data.error !== undefined && OAUTH_ERROR.test(query.data.error) ? query.data.error : 'invalid_request';
      logger.warn({ reqId: req.id, reason: code }, 'SMART authorization refused by the EHR');
      errorPage(
        res,
        400,
        'The EHR did not authorize Chartside',
        `The EHR answered "${code}". Relaunch Chartside to try again.`,
        relaunchUrl,
      );
      return;
    }
    let tokenResponse: TokenResponse;
    try {
      tokenResponse = await exchangeCode({
        tokenEndpoint: auth.tokenEndpoint,
        code: query.data.code,
        redirectUri: auth.redirectUri,
        clientId: auth.clientId,
        codeVerifier: auth.codeVerifier,
        timeoutMs: config.fhirTimeoutMs,
      });
    } catch (error) {
      logger.warn({ reqId: req.id, ...errorFields(error) }, 'SMART token exchange failed');
      errorPage(
        res,
        502,
        'Chartside could not sign in',
        error instanceof AppError ? error.message : 'The EHR token endpoint failed.',
        relaunchUrl,
      );
      return;
    }
    if (tokenResponse.patient === undefined) {
      errorPage(
        res,
        400,
        'No patient selected',
        'The EHR did not say which patient to open. Relaunch from a patient chart.',
        relaunchUrl,
      );
      return;
    }
    if (tokenResponse.smart_style_url !== undefined) connectOrigins.add(new URL(tokenResponse.smart_style_url).origin);
    const handoff = randomId();
    await handoffs.set(handoff, {
      serverUrl: auth.iss,
      clientId: auth.clientId,
      tokenUri: auth.tokenEndpoint,
      launchType: auth.launchType,
      tokenResponse,
      ...(relaunchUrl !== undefined ? { relaunchUrl } : {}),
    });
    // The fragment never reaches a server log, a Referer or the EHR; the app takes it once and clears it.
    res
      .set('cache-control', 'no-store')
      .status(303)
      .location(`${publicBase(req)}/smart/app/#handoff=${handoff}`)
      .end();
  });

  router.post('/smart/handoff', async (req, res) => {
    noteAudit(res, { kind: 'http' });
    const body = parseOrThrow(HandoffBody, req.body, 'body');
    const session = await handoffs.take(body.handoff);
    if (!session)
      throw new AppError('UNAUTHENTICATED', 'this launch has expired or was already used: relaunch Chartside');
    res.set('cache-control', 'no-store').json(session);
  });

  router.get(['/smart/app', '/smart/app/', '/smart/app/index.html'], (req, res) => {
    if (req.path === '/smart/app') {
      res.redirect(301, '/smart/app/');
      return;
    }
    res.set('cache-control', 'no-cache').sendFile('index.html', { root: SMART_APP_DIR });
  });
  router.get('/smart/app/:file', (req, res) => {
    const file = String(req.params.file);
    if (!/^[a-z0-9-]+\.(js|css|js\.map)$/.test(file) || !existsSync(`${SMART_APP_DIR}dist/${file}`)) {
      throw new AppError('NOT_FOUND', 'no such file of the SMART app (is it built? npm run build:app)');
    }
    res.set('cache-control', 'no-cache').sendFile(file, { root: `${SMART_APP_DIR}dist` });
  });

  router.post('/api/suggestions', async (req, res) => {
    const accessToken = bearerOf(req);
    const body = parseOrThrow(SuggestionsBody, req.body, 'body');
    if (!fhir.isAllowed(body.fhirServer)) {
      throw new AppError('FORBIDDEN', 'fhirServer is not one of the configured FHIR servers', {
        expression: ['body.fhirServer'],
      });
    }
    const client = body.clientId ?? config.smartClientId;
    noteAudit(res, { client: `smart:${client}` });
    const abort = new AbortController();
    res.on('close', () => {
      if (!res.writableFinished) abort.abort();
    });
    const chart = await readChart(fhir, {
      fhirServer: body.fhirServer,
      accessToken,
      patient: body.patient,
      encounter: body.encounter,
      signal: abort.signal,
    });
    if (chart.unread.length > 0) {
      // Which parts and why, never what they hold: the log carries part names and reasons only.
      logger.warn(
        { reqId: req.id, reason: chart.unread.map((u) => `${u.part}:${u.reason}`).join(',') },
        'chart read without some optional parts',
      );
    }
    const suggestions = await deps.suggest(
      {
        resources: chart.resources,
        ...(body.encounter !== undefined ? { encounterId: body.encounter } : {}),
        ...(body.setting !== undefined ? { setting: body.setting } : {}),
      },
      { wantCodes: true, wantTriage: true, signal: abort.signal },
    );
    const issued = await sets.issue(suggestions, client);
    if (deps.trainingCases !== undefined && suggestions.codes.length > 0) {
      void deps.trainingCases
        .record([
          {
            issuedAt: new Date().toISOString(),
            service: 'chartside-smart-app',
            hookInstance: issued.id,
            caseHash: suggestions.caseHash,
            backend: suggestions.engine.backend,
            modelVersion: suggestions.engine.modelVersion,
            text: suggestions.text,
            suggestions: suggestions.codes.map((c, i) => ({
              id: issued.suggestionIds[i] ?? '',
              label: `${c.code} ${c.display}`,
            })),
          },
        ])
        .catch(() =>
          logger.warn({ reqId: req.id, reason: 'training-case-not-kept' }, 'training case store write failed'),
        );
    }
    noteAudit(res, {
      engine: {
        backend: suggestions.engine.backend,
        modelVersion: suggestions.engine.modelVersion,
        terminologyVersion: suggestions.engine.terminologyVersion,
        ...(suggestions.engine.fallback ? { fallbackFrom: suggestions.engine.fallback.from } : {}),
        ...triageDisagreementFact(suggestions),
      },
      suggestions: suggestions.codes.length + (suggestions.triage ? 1 : 0),
    });
    res.set('cache-control', 'no-store').json({
      suggestionSet: issued.id,
      patient: `Patient/${body.patient}`,
      ...(body.encounter !== undefined ? { encounter: `Encounter/${body.encounter}` } : {}),
      sources: chart.references,
      unread: chart.unread,
      codes: suggestions.codes.map((c, i) => ({ id: issued.suggestionIds[i], ...c })),
      ...(suggestions.triage ? { triage: suggestions.triage } : {}),
      engine: suggestions.engine,
      caseHash: suggestions.caseHash,
      text: suggestions.text,
    });
  });

  router.post('/api/feedback', async (req, res) => {
    const body = parseOrThrow(FeedbackBody, req.body, 'body');
    const set = await sets.get(body.suggestionSet);
    const rank = set?.suggestionIds.indexOf(body.suggestion) ?? -1;
    if (!set || rank < 0) throw new AppError('NOT_FOUND', 'unknown suggestion set or suggestion');
    noteAudit(res, { client: `smart:${set.client}` });
    const accepted = body.outcome === 'accepted';
    const reason = body.outcome === 'edited' ? 'more-specific-code' : body.reason;
    await recordFeedback(res, deps.feedback, [
      {
        receivedAt: new Date().toISOString(),
        service: 'chartside-smart-app',
        client: `smart:${set.client}`,
        card: `${body.suggestionSet}:${body.suggestion}`,
        outcome: accepted ? 'accepted' : 'overridden',
        acceptedSuggestions: accepted ? [body.suggestion] : [],
        ...(!accepted && reason !== undefined ? { overrideReason: { system: OVERRIDE_SYSTEM, code: reason } } : {}),
        hasUserComment: false,
        outcomeTimestamp: body.outcomeTimestamp,
        issued: {
          hookInstance: body.suggestionSet,
          caseHash: set.caseHash,
          backend: set.backend,
          modelVersion: set.modelVersion,
          offered: set.suggestionIds.length,
          acceptedRanks: accepted ? [rank] : [],
        },
      },
    ]);
    res.status(204).end();
  });
  return router;
}
