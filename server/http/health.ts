import { Router } from 'express';
import type { AppContext } from '../app.ts';

/**
 * Liveness and readiness, for the orchestrator and for IT. Neither says anything about patients.
 * `/healthz`: the process answers (restart it when it does not). `/readyz`: send it traffic: the terminology
 * and model are loaded, the database (when configured) answers, and the replica is not shutting down.
 */
export function healthRouter(ctx: AppContext): Router {
  const router = Router();
  router.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });
  router.get('/readyz', async (_req, res) => {
    const info = ctx.terminology.info;
    const backend = ctx.pipeline?.backend;
    const checks: Record<string, { ready: boolean } & Record<string, unknown>> = {
      terminology: {
        ready: info.codes > 0,
        system: info.system,
        version: info.version,
        source: info.source,
        codes: info.codes,
      },
    };
    if (backend) checks.model = { ready: backend.ready(), backend: backend.name, version: backend.modelVersion };
    if (ctx.database) checks.database = { ready: await ctx.database.ping(1000) };
    if (ctx.draining?.()) checks.shutdown = { ready: false };
    const ready = Object.values(checks).every((c) => c.ready);
    res.status(ready ? 200 : 503).json({ status: ready ? 'ready' : 'not-ready', checks });
  });
  return router;
}
