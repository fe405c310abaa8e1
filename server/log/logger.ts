import { pino, type Logger, type LoggerOptions } from 'pino';

export type { Logger } from 'pino';

/**
 * Structured JSON logs that cannot carry patient content by construction: the log functions take an
 * object of allow-listed keys (ids, counts, durations, statuses) and a fixed message string; every other
 * key is dropped before serialisation, and error objects are reduced to their class and code.
 */
const ALLOWED_KEYS = new Set([
  'reqId',
  'method',
  'route',
  'status',
  'ms',
  'bytes',
  'count',
  'counts',
  'code',
  'errorClass',
  'errorCode',
  'url',
  'host',
  'port',
  'version',
  'codeSystem',
  'codes',
  'indexTerms',
  'mode',
  'backend',
  'model',
  'service',
  'client',
  'file',
  'line',
  'category',
  'task',
  'phase',
  'warning',
  'hook',
  'hookInstance',
  'issuer',
  'tenant',
  'reason',
]);

function sanitize(object: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(object)) {
    if (!ALLOWED_KEYS.has(key)) continue;
    if (value instanceof Error) continue;
    out[key] = value;
  }
  return out;
}

export interface LoggerConfig {
  level: string;
  /** Where to write; defaults to stdout. Tests pass a stream to read what was logged. */
  destination?: NodeJS.WritableStream;
}

export function createLogger(config: LoggerConfig): Logger {
  const options: LoggerOptions = {
    level: config.level,
    base: { app: 'chartside' },
    formatters: { log: sanitize },
    serializers: { err: (e: unknown) => ({ errorClass: e instanceof Error ? e.name : typeof e }) },
  };
  return config.destination ? pino(options, config.destination) : pino(options);
}

/** Reduces an error to what may be logged: its class and, for AppError, its code. */
export function errorFields(error: unknown): { errorClass: string; errorCode?: string } {
  const errorClass = error instanceof Error ? error.constructor.name : typeof error;
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? { errorClass, errorCode: code } : { errorClass };
}
