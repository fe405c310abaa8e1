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

/** Opens a small pool for a CLI command, runs `fn`, and closes it. */
export async function withCliDatabase<T>(url: string, fn: (db: Database) => Promise<T>): Promise<T> {
  const db = openDatabase({ url, maxConnections: 2, logger: createLogger({ level: 'silent' }) });
  try {
    return await fn(db);
  } finally {
    await db.close();
  }
}
