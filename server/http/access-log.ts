import type { RequestHandler } from 'express';
import type { Logger } from '../log/logger.ts';

/** One log line per request: id, method, matched route (not the raw URL, whose query may hold PHI), status, time. */
export function accessLog(logger: Logger): RequestHandler {
  return (req, res, next) => {
    const start = process.hrtime.bigint();
    res.on('finish', () => {
      const ms = Number(process.hrtime.bigint() - start) / 1e6;
      const matched = req.route as { path?: unknown } | undefined;
      const route = matched ? `${req.baseUrl}${String(matched.path)}` : 'unmatched';
      logger.info(
        { reqId: req.id, method: req.method, route, status: res.statusCode, ms: Math.round(ms * 100) / 100 },
        'request',
      );
    });
    next();
  };
}
