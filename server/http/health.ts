import { Router } from 'express';
import type { AppContext } from '../app.ts';

/** Liveness and readiness, for the orchestrator and for IT. Neither says anything about patients. */
export function healthRouter(ctx: AppContext): Router {
  const router = Router();
  router.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });
  router.get('/readyz', (_req, res) => {
    const info = ctx.terminology.info;
    const checks = {
      terminology: {
        ready: info.codes > 0,
        system: info.system,
        version: info.version,
        source: info.source,
        codes: info.codes,
      },
    };
    const ready = Object.values(checks).every((c) => c.ready);
    res.status(ready ? 200 : 503).json({ status: ready ? 'ready' : 'not-ready', checks });
  });
  return router;
}
