import { z } from 'zod';
import { openDatabase, type Database } from '../db/database.ts';
import { AppError } from '../errors/app-error.ts';
import { createLogger } from '../log/logger.ts';

const DatabaseUrlSchema = z.string().regex(/^postgres(ql)?:\/\/\S+$/, 'must be a postgres:// URL');

/** The database a CLI command works on: `--database-url`, else `CHARTSIDE_DATABASE_URL`; undefined when neither. */
export function databaseUrlOf(flag: string | undefined, env: NodeJS.ProcessEnv = process.env): string | undefined {
  const value = flag ?? (env.CHARTSIDE_DATABASE_URL === '' ? undefined : env.CHARTSIDE_DATABASE_URL);
  if (value === undefined) return undefined;
  const parsed = DatabaseUrlSchema.safeParse(value);
  if (!parsed.success) {
    throw new AppError(
      'INVALID_INPUT',
      `${flag !== undefined ? '--database-url' : 'CHARTSIDE_DATABASE_URL'} must be a postgres:// URL`,
    );
  }
  return parsed.data;
}

/** The database a command needs: `--database-url`, else `CHARTSIDE_DATABASE_URL`; an error when neither is set. */
export function requireDatabaseUrl(flag: string | undefined): string {
  const url = databaseUrlOf(flag);
  if (url === undefined) throw new AppError('INVALID_INPUT', 'give --database-url or set CHARTSIDE_DATABASE_URL');
  return url;
}

/** Where a database URL points (host and port; never its user or password), for a message. */
function whereOf(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.hostname || 'localhost'}:${parsed.port || '5432'}`;
  } catch {
    return 'the given address';
  }
}

/** The SQLSTATE of a database error, or of the error it wraps. */
function sqlStateOf(error: unknown): string | undefined {
  for (let e: unknown = error, depth = 0; e instanceof Error && depth < 3; e = e.cause, depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code)) return code;
  }
  return undefined;
}

/**
 * Opens a small pool for a CLI command, runs `fn`, and closes it. A database that cannot be reached is said
 * in the CLI's terms (where, and which setting to check); the URL's credentials are never printed.
 */
export async function withCliDatabase<T>(url: string, fn: (db: Database) => Promise<T>): Promise<T> {
  const db = openDatabase({ url, maxConnections: 2, logger: createLogger({ level: 'silent' }) });
  try {
    return await fn(db);
  } catch (error) {
    if (error instanceof AppError && error.code === 'UNAVAILABLE') {
      throw new AppError(
        'UNAVAILABLE',
        `cannot reach the database at ${whereOf(url)}; check --database-url (or CHARTSIDE_DATABASE_URL) and that PostgreSQL is running`,
        { cause: error },
      );
    }
    const sqlState = sqlStateOf(error);
    if (sqlState !== undefined && /^(28...|3D000)$/.test(sqlState)) {
      throw new AppError(
        'INVALID_INPUT',
        `the database at ${whereOf(url)} refused ${sqlState === '3D000' ? 'the database name' : 'the user or password'} of --database-url (or CHARTSIDE_DATABASE_URL); check it`,
        { cause: error },
      );
    }
    throw error;
  } finally {
    await db.close();
  }
}
