import type { ErrorRequestHandler, RequestHandler } from 'express';
import { AppError } from '../errors/app-error.ts';
import { errorFields, type Logger } from '../log/logger.ts';
import { toOperationOutcome } from './operation-outcome.ts';

/** Maps body-parser's and the router's own errors (malformed JSON, too large, bad escapes) to Chartside errors. */
function fromBodyParser(error: unknown): AppError | undefined {
  const type = (error as { type?: unknown } | null)?.type;
  if (type === 'entity.parse.failed') return new AppError('INVALID_INPUT', 'request body is not valid JSON');
  if (type === 'entity.too.large') return new AppError('TOO_LARGE', 'request body is larger than the configured limit');
  if (type === 'encoding.unsupported' || type === 'charset.unsupported')
    return new AppError('INVALID_INPUT', 'request body encoding is not supported');
  // any other client error of the body reader (a body that does not decompress, an aborted upload): its
  // status stands, its message (which may quote the input) does not
  const status = (error as { status?: unknown } | null)?.status;
  if (
    (error as { expose?: unknown } | null)?.expose === true &&
    typeof status === 'number' &&
    status >= 400 &&
    status < 500
  ) {
    return new AppError(
      'INVALID_INPUT',
      status === 415 ? 'request body encoding is not supported' : 'request body could not be read',
      { status },
    );
  }
  // a path parameter that does not decode (routers throw URIError): the request's fault, never a 500
  if (error instanceof URIError) return new AppError('INVALID_INPUT', 'the request URL has malformed percent-encoding');
  return undefined;
}

/** The last middleware: every error leaves as a FHIR OperationOutcome, never a stack trace. */
export function errorHandler(logger: Logger): ErrorRequestHandler {
  return (error: unknown, req, res, _next) => {
    const mapped = fromBodyParser(error) ?? error;
    const { status, outcome, unexpected } = toOperationOutcome(mapped);
    if (unexpected)
      logger.error(
        {
          reqId: req.id,
          route: (req.route as { path?: string } | undefined)?.path ?? 'unmatched',
          ...errorFields(error),
        },
        'unexpected error',
      );
    res.status(status).type('application/fhir+json').json(outcome);
  };
}

export function notFound(): RequestHandler {
  return (_req, _res, next) => next(new AppError('NOT_FOUND', 'no such endpoint'));
}
