import { AppError, isAppError } from '../errors/app-error.ts';

/** One request's time budget joined with the caller's cancellation. */
export interface RequestDeadline {
  readonly signal: AbortSignal;
  /**
   * Turns whatever a backend threw into the rejection the pipeline expects: AppError passes through; a timeout
   * or cancellation becomes `UPSTREAM_MODEL` with a fixed message; anything else `UPSTREAM_MODEL` with the
   * original kept as `cause` (never in the message, which could echo model output).
   */
  toError(error: unknown, fallbackMessage: string): AppError;
}

export function createRequestDeadline(timeoutMs: number, callerSignal: AbortSignal | undefined): RequestDeadline {
  const timeout = AbortSignal.timeout(timeoutMs);
  const signal = callerSignal ? AbortSignal.any([timeout, callerSignal]) : timeout;
  return {
    signal,
    toError(error, fallbackMessage) {
      if (timeout.aborted) {
        return new AppError('UPSTREAM_MODEL', `model timed out after ${timeoutMs} ms`, {
          status: 504,
          issue: 'timeout',
          cause: error,
        });
      }
      if (callerSignal?.aborted) return new AppError('UPSTREAM_MODEL', 'model request was cancelled', { cause: error });
      if (isAppError(error)) return error;
      return new AppError('UPSTREAM_MODEL', fallbackMessage, { cause: error });
    },
  };
}
