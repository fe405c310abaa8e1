import type { RequestHandler } from 'express';

/**
 * CORS for browser-based CDS clients (CDS Hooks 2.0 §Cross-Origin Resource Sharing; OWASP HTML5 cheat
 * sheet): only configured origins (or `*`) get `Access-Control-Allow-Origin`; no credentials, since the
 * JWT travels in the Authorization header, never in a cookie. Preflights are answered here, before
 * authentication (browsers send no Authorization on them).
 */
export function cdsCors(origins: readonly string[]): RequestHandler {
  const any = origins.includes('*');
  const allowed = new Set(origins);
  return (req, res, next) => {
    const origin = req.get('origin');
    res.vary('Origin');
    const ok = origin !== undefined && (any || allowed.has(origin));
    if (ok) {
      res.setHeader('Access-Control-Allow-Origin', any ? '*' : origin);
      res.setHeader('Access-Control-Expose-Headers', 'X-Request-Id');
    }
    if (req.method === 'OPTIONS' && req.get('access-control-request-method') !== undefined) {
      if (ok) {
        res.setHeader('Access-Control-Allow-Methods', 'GET, POST, OPTIONS');
        res.setHeader('Access-Control-Allow-Headers', 'Authorization, Content-Type, X-Request-Id');
        res.setHeader('Access-Control-Max-Age', '600');
      }
      res.status(204).end();
      return;
    }
    next();
  };
}
