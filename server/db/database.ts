import pg from 'pg';
import { AppError } from '../errors/app-error.ts';
import { errorFields, type Logger } from '../log/logger.ts';

/** SQLSTATE classes and codes that mean "the server cannot be reached or is going away", not "bad statement". */
const UNAVAILABLE_SQLSTATES = /^(08...|57P0[1-4]|53300|53400)$/;

const PG_CONNECTION_MESSAGES =
  /connection terminated|connection timeout|timeout exceeded when trying to connect|not queryable|query read timeout|client was closed|after calling end on the pool/i;

/**
 * True when an error from node-postgres means the database could not be reached (refused, reset, timed out,
 * shut down): the request may succeed later, so it is answered 503, never 500.
 */
export function isUnavailableError(error: unknown): boolean {
  if (error instanceof AppError) return error.code === 'UNAVAILABLE';
  if (!(error instanceof Error)) return false;
  const code = (error as { code?: unknown }).code;
  if (error instanceof pg.DatabaseError) return typeof code === 'string' && UNAVAILABLE_SQLSTATES.test(code);
  // node-postgres reports lost connections and pool timeouts as plain errors (fixed texts), sockets with errno.
  if (typeof code === 'string' && /^E[A-Z]+$/.test(code)) return true;
  return PG_CONNECTION_MESSAGES.test(error.message);
}

/** Any database failure as an AppError: 503 when the database is unavailable, else 500. Never its message. */
export function databaseError(error: unknown): AppError {
  if (error instanceof AppError) return error;
  if (isUnavailableError(error)) {
    return new AppError('UNAVAILABLE', 'the database is unavailable; try again shortly', { cause: error });
  }
  return new AppError('INTERNAL', 'a database statement failed', { cause: error });
}

export interface DatabaseOptions {
  url: string;
  /** Most connections this process opens (the pool's bound). */
  maxConnections: number;
  logger: Logger;
  /** Longest wait for a connection, and longest statement, in ms. */
  connectTimeoutMs?: number;
  statementTimeoutMs?: number;
}

export type Queryable = Pick<pg.PoolClient, 'query'>;

/** A bounded pool of connections to Chartside's PostgreSQL database; every failure surfaces as an AppError. */
export interface Database {
  query<R extends pg.QueryResultRow = pg.QueryResultRow>(text: string, values?: unknown[]): Promise<pg.QueryResult<R>>;
  /** Runs `fn` in one transaction (BEGIN … COMMIT); any error rolls it back, so nothing is half-written. */
  transaction<T>(fn: (client: Queryable) => Promise<T>): Promise<T>;
  /** A dedicated connection for session-level work (advisory locks): released, or destroyed after an error. */
  withClient<T>(fn: (client: Queryable) => Promise<T>): Promise<T>;
  /** `SELECT 1` within `timeoutMs`: whether the database answers now (for /readyz). */
  ping(timeoutMs?: number): Promise<boolean>;
  close(): Promise<void>;
}

/** Opens the pool (lazily: no connection is made until the first statement). */
export function openDatabase(options: DatabaseOptions): Database {
  const statementTimeoutMs = options.statementTimeoutMs ?? 10_000;
  const pool = new pg.Pool({
    connectionString: options.url,
    max: options.maxConnections,
    connectionTimeoutMillis: options.connectTimeoutMs ?? 3000,
    idleTimeoutMillis: 30_000,
    query_timeout: statementTimeoutMs + 1000,
    statement_timeout: statementTimeoutMs,
    application_name: 'chartside',
  });
  // An idle connection that the server drops emits here; without a listener the process would crash.
  pool.on('error', (error) => options.logger.warn({ ...errorFields(error) }, 'database connection lost'));
  let closed = false;

  const withClient = async <T>(fn: (client: Queryable) => Promise<T>): Promise<T> => {
    let client: pg.PoolClient;
    try {
      client = await pool.connect();
    } catch (error) {
      throw databaseError(error);
    }
    try {
      const result = await fn(client);
      client.release();
      return result;
    } catch (error) {
      // A connection that failed mid-statement is not reused.
      client.release(isUnavailableError(error) ? (error as Error) : undefined);
      throw databaseError(error);
    }
  };

  return {
    async query<R extends pg.QueryResultRow>(text: string, values?: unknown[]) {
      try {
        return await pool.query<R>(text, values);
      } catch (error) {
        throw databaseError(error);
      }
    },
    transaction(fn) {
      return withClient(async (client) => {
        await client.query('BEGIN');
        try {
          const result = await fn(client);
          await client.query('COMMIT');
          return result;
        } catch (error) {
          await client.query('ROLLBACK').catch(() => undefined);
          throw error;
        }
      });
    },
    withClient,
    async ping(timeoutMs = 1000) {
      if (closed) return false;
      let timer: NodeJS.Timeout | undefined;
      try {
        return await Promise.race([
          pool.query('SELECT 1').then(() => true),
          new Promise<boolean>((resolve) => {
            timer = setTimeout(() => resolve(false), timeoutMs);
          }),
        ]);
      } catch {
        return false;
      } finally {
        clearTimeout(timer);
      }
    },
    async close() {
      if (closed) return;
      closed = true;
      await pool.end();
    },
  };
}
