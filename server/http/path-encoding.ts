import type { RequestHandler } from 'express';
import { AppError } from '../errors/app-error.ts';

/** True when every `%` of the path starts a escape that decodes, as a whole, to UTF-8 text. */
export function isWellEncodedPath(path: string): boolean {
  try {
    decodeURIComponent(path);
    return true;
  } catch {
    return false;
  }
}

/**
 * Refuses a request whose path has malformed percent-encoding (`%`, `%E0%A4%A`, `%ff%fe`: RFC 3986 §2.1,
 * and UTF-8 per RFC 3987) with a 400 OperationOutcome, before any router decodes a path parameter and
 * throws a URIError. The message names the part at fault, never its text.
 */
export function rejectMalformedPath(): RequestHandler {
  return (req, _res, next) => {
    if (isWellEncodedPath(req.path)) next();
    else
      next(new AppError('INVALID_INPUT', 'the request path has malformed percent-encoding', { expression: ['path'] }));
  };
}
