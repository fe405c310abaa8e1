import { Router } from 'express';
import { readPublicJwks } from '../bulk/backend-keys.ts';

/**
 * `GET /.well-known/jwks.json`: the public keys of the SMART Backend Services key directory
 * (CHARTSIDE_BACKEND_KEYS), for IT to register with the EHR by URL (SMART Backend Services §Registering
 * a client: "jwks_uri"). Read at each request, so a rotation needs no restart; private members never leave.
 * With no directory configured the set is empty.
 */
export function jwksRouter(ctx: { config: { backendKeys?: string | undefined } }): Router {
  const router = Router();
  router.get('/.well-known/jwks.json', async (_req, res) => {
    const jwks = ctx.config.backendKeys === undefined ? { keys: [] } : await readPublicJwks(ctx.config.backendKeys);
    res.set('cache-control', 'public, max-age=300').type('application/json').json(jwks);
  });
  return router;
}
