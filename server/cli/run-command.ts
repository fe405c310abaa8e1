import { AppError } from '../errors/app-error.ts';

/** Exit codes: 2 for bad input or configuration, 3 for corrupt data, 1 for anything else. */
export function exitCodeFor(error: unknown): number {
  if (error instanceof AppError) {
    if (error.code === 'INVALID_INPUT' || error.code === 'CONFIG') return 2;
    if (error.code === 'CORRUPT_DATA' || error.code === 'TOO_LARGE') return 3;
  }
  return 1;
}

/**
 * Formats any error as the CLI's one line. Only AppError messages are shown (they are PHI-free by
 * construction); other errors show their class, since their messages may echo input.
 */
export function errorLine(error: unknown): string {
  if (error instanceof AppError) return `chartside: ${error.message}`;
  if (error instanceof Error && 'code' in error && typeof error.code === 'string' && error.code.startsWith('E')) {
    return `chartside: ${error.code === 'ENOENT' ? 'file not found' : `system error ${error.code}`}${'path' in error && typeof error.path === 'string' ? ` (${error.path})` : ''}`;
  }
  return `chartside: unexpected ${error instanceof Error ? error.name : 'error'}`;
}

/** Wraps a command action so that any failure prints one line on stderr and exits non-zero. */
export function action<A extends unknown[]>(fn: (...args: A) => Promise<void> | void): (...args: A) => Promise<void> {
  return async (...args: A) => {
    try {
      await fn(...args);
    } catch (error) {
      process.stderr.write(errorLine(error) + '\n');
      process.exitCode = exitCodeFor(error);
    }
  };
}

/** Writes a JSON value to stdout, followed by a newline. */
export function printJson(value: unknown): void {
  process.stdout.write(JSON.stringify(value, null, 2) + '\n');
}
