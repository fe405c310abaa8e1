import type { OperationOutcome } from 'fhir/r4.d.ts';
import { AppError } from '../errors/app-error.ts';

export interface OutcomeResponse {
  status: number;
  outcome: OperationOutcome;
  /** True when the error was not an AppError: the caller logs its class (never its message). */
  unexpected: boolean;
}

export function operationOutcome(
  severity: 'error' | 'warning' | 'information',
  code: string,
  diagnostics: string,
  expression?: string[],
): OperationOutcome {
  return {
    resourceType: 'OperationOutcome',
    issue: [
      {
        severity,
        code: code as OperationOutcome['issue'][number]['code'],
        diagnostics,
        ...(expression && expression.length > 0 ? { expression } : {}),
      },
    ],
  };
}

/**
 * Turns any thrown value into a FHIR OperationOutcome and an HTTP status. Unknown errors become a
 * generic 500 whose text says nothing of the error (its message may echo patient data).
 */
export function toOperationOutcome(error: unknown): OutcomeResponse {
  if (error instanceof AppError) {
    const severity = error.status >= 500 ? 'fatal' : 'error';
    const outcome = operationOutcome('error', error.issue, error.message, error.expression);
    const issue = outcome.issue[0];
    if (issue) issue.severity = severity;
    return { status: error.status, outcome, unexpected: false };
  }
  return {
    status: 500,
    outcome: operationOutcome('error', 'exception', 'internal error; the request id in the logs identifies it'),
    unexpected: true,
  };
}
