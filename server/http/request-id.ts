import { randomUUID } from 'node:crypto';
import type { RequestHandler } from 'express';

declare module 'express-serve-static-core' {
  interface Request {
    /** Opaque id for this request, echoed in `X-Request-Id` and in every log line about it. */
    id: string;
  }
}

/** Takes a well-formed `X-Request-Id` from the caller or makes one; never trusts arbitrary text. */
export function requestId(): RequestHandler {
  return (req, res, next) => {
    const given = req.get('x-request-id');
    req.id = given && /^[A-Za-z0-9._-]{8,64}$/.test(given) ? given : randomUUID();
    res.setHeader('X-Request-Id', req.id);
    next();
  };
}
