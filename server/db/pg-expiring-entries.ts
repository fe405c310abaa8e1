import type { ExpiringEntries, ExpiringEntriesFactory } from '../stores/expiring-entries.ts';
import type { Database } from './database.ts';
import { jsonForDb, keyText } from './db-text.ts';

/**
 * Expiring entries in the `expiring_entries` table, one namespace per concern. `take` is one
 * `DELETE … RETURNING`: two replicas taking the same key race in the database and only one gets the value.
 * Expired rows are never returned, and are swept by `sweepExpiredEntries`.
 */
export function pgEntries(db: Database, now: () => number = Date.now): ExpiringEntriesFactory {
  return <T>(namespace: string, ttlMs: number): ExpiringEntries<T> => ({
    async set(key, value) {
      await db.query(
        `INSERT INTO expiring_entries (namespace, key, value, expires_at) VALUES ($1, $2, $3, $4)
         ON CONFLICT (namespace, key) DO UPDATE SET value = EXCLUDED.value, expires_at = EXCLUDED.expires_at`,
        [namespace, keyText(key), jsonForDb(value), now() + ttlMs],
      );
    },
    async get(key) {
      const { rows } = await db.query<{ value: T }>(
        'SELECT value FROM expiring_entries WHERE namespace = $1 AND key = $2 AND expires_at > $3',
        [namespace, keyText(key), now()],
      );
      return rows[0]?.value;
    },
    async take(key) {
      const { rows } = await db.query<{ value: T; expires_at: string }>(
        'DELETE FROM expiring_entries WHERE namespace = $1 AND key = $2 RETURNING value, expires_at',
        [namespace, keyText(key)],
      );
      const row = rows[0];
      return row !== undefined && Number(row.expires_at) > now() ? row.value : undefined;
    },
  });
}

/** Removes expired entries and JWT ids; every replica runs it now and then (it is idempotent). */
export async function sweepExpired(db: Database, nowMs: number): Promise<number> {
  const a = await db.query('DELETE FROM expiring_entries WHERE expires_at <= $1', [nowMs]);
  const b = await db.query('DELETE FROM cds_jti WHERE expires_at <= $1', [nowMs]);
  return (a.rowCount ?? 0) + (b.rowCount ?? 0);
}
