import type { ReplayStore } from '../../cds-hooks/replay-cache.ts';
import type { Database } from './database.ts';
import { keyText } from './db-text.ts';

/** A replay store whose answer comes from the database (always a promise). */
export interface PgReplayStore extends ReplayStore {
  firstUse(issuer: string, jti: string, expiresAtMs: number, nowMs: number): Promise<boolean>;
}

/**
 * Used CDS client JWT ids in the `cds_jti` table: one statement inserts the id, or takes over a row whose
 * token has expired, and returns a row only then; a replay (on this replica or another) returns none.
 */
export function pgReplayStore(db: Database): PgReplayStore {
  return {
    async firstUse(issuer, jti, expiresAtMs, nowMs) {
      const { rowCount } = await db.query(
        `INSERT INTO cds_jti (issuer, jti, expires_at) VALUES ($1, $2, $3)
         ON CONFLICT (issuer, jti) DO UPDATE SET expires_at = EXCLUDED.expires_at WHERE cds_jti.expires_at <= $4`,
        [keyText(issuer), keyText(jti), expiresAtMs, nowMs],
      );
      return rowCount === 1;
    },
  };
}
