import express, { type Express } from 'express';
import type { Config } from './config.ts';
import type { Logger } from './log/logger.ts';
import type { Terminology } from '../terminology/icd10cm/terminology.ts';
import { requestId } from './http/request-id.ts';
import { accessLog } from './http/access-log.ts';
import { errorHandler, notFound } from './http/error-handler.ts';
import { healthRouter } from './http/health.ts';
import { terminologyRouter } from './http/terminology-routes.ts';

/** Everything the HTTP layer needs, built once at start-up (see main.ts) or by a test. */
export interface AppContext {
  config: Config;
  logger: Logger;
  terminology: Terminology;
}

/** Builds the Express app without listening, so tests can drive it in-process or on port 0. */
export function createApp(ctx: AppContext): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('query parser', 'simple');
  app.use(requestId());
  app.use(accessLog(ctx.logger));
  app.use(express.json({ limit: ctx.config.bodyLimit, type: ['application/json', 'application/fhir+json'] }));
  app.use(healthRouter(ctx));
  app.use('/fhir', terminologyRouter(ctx));
  app.use(notFound());
  app.use(errorHandler(ctx.logger));
  return app;
}
