/**
 * The one error type of Chartside. Its `message` reaches clients verbatim (HTTP OperationOutcome,
 * CLI line), so it must be written free of patient data by construction: name fields, line numbers,
 * limits and codes from the terminology, never values taken from a patient's record.
 */
export type AppErrorCode =
  | 'INVALID_INPUT'
  | 'UNAUTHENTICATED'
  | 'FORBIDDEN'
  | 'NOT_FOUND'
  | 'TOO_LARGE'
  | 'UNPROCESSABLE'
  | 'PRECONDITION_FAILED'
  | 'RATE_LIMITED'
  | 'UPSTREAM_FHIR'
  | 'UPSTREAM_MODEL'
  | 'UNAVAILABLE'
  | 'CONFIG'
  | 'CORRUPT_DATA'
  | 'IO'
  | 'INTERNAL';

/** FHIR R4 `IssueType` values that Chartside uses (http://hl7.org/fhir/valueset-issue-type.html). */
export type IssueType =
  | 'invalid'
  | 'structure'
  | 'required'
  | 'value'
  | 'security'
  | 'login'
  | 'forbidden'
  | 'not-found'
  | 'too-long'
  | 'code-invalid'
  | 'business-rule'
  | 'throttled'
  | 'transient'
  | 'timeout'
  | 'exception'
  | 'processing'
  | 'not-supported'
  | 'incomplete'
  | 'too-costly';

const DEFAULTS: Record<AppErrorCode, { status: number; issue: IssueType }> = {
  INVALID_INPUT: { status: 400, issue: 'invalid' },
  UNAUTHENTICATED: { status: 401, issue: 'login' },
  FORBIDDEN: { status: 403, issue: 'forbidden' },
  NOT_FOUND: { status: 404, issue: 'not-found' },
  TOO_LARGE: { status: 413, issue: 'too-long' },
  UNPROCESSABLE: { status: 422, issue: 'processing' },
  PRECONDITION_FAILED: { status: 412, issue: 'incomplete' },
  RATE_LIMITED: { status: 429, issue: 'throttled' },
  UPSTREAM_FHIR: { status: 502, issue: 'transient' },
  UPSTREAM_MODEL: { status: 503, issue: 'transient' },
  UNAVAILABLE: { status: 503, issue: 'transient' },
  CONFIG: { status: 500, issue: 'exception' },
  CORRUPT_DATA: { status: 422, issue: 'structure' },
  IO: { status: 500, issue: 'exception' },
  INTERNAL: { status: 500, issue: 'exception' },
};

export interface AppErrorOptions {
  /** HTTP status; defaults from the code. */
  status?: number;
  /** OperationOutcome issue type; defaults from the code. */
  issue?: IssueType;
  /** FHIRPath-like locations of the problem (e.g. `query.code`, `line 12`), never values. */
  expression?: string[];
  /** The underlying error, kept for debugging; never rendered to clients. */
  cause?: unknown;
}

export class AppError extends Error {
  readonly code: AppErrorCode;
  readonly status: number;
  readonly issue: IssueType;
  readonly expression: string[] | undefined;

  constructor(code: AppErrorCode, message: string, options: AppErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'AppError';
    this.code = code;
    this.status = options.status ?? DEFAULTS[code].status;
    this.issue = options.issue ?? DEFAULTS[code].issue;
    this.expression = options.expression;
  }
}

export function isAppError(value: unknown): value is AppError {
  return value instanceof AppError;
}
