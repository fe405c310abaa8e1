import type { ReplayStore } from '../../cds-hooks/replay-cache.ts';
import type { Database } from './database.ts';

/**
 * Used CDS client JWT ids in the `cds_jti` table: one statement inserts the id, or takes over a row whose
 * token has expired, and returns a row only then; a replay (on this replica or another) returns none.
 */
export function pgReplayStore(db: Database): ReplayStore {
  return {
    async firstUse(issuer, jti, expiresAtMs, nowMs) {
      const { rowCount } = await db.query(
        `INSERT INTO cds_jti (issuer, jti, expires_at) VALUES ($1, $2, $3)
         ON CONFLICT (issuer, jti) DO UPDATE SET expires_at = EXCLUDED.expires_at WHERE cds_jti.expires_at <= $4`,
        [issuer, jti, expiresAtMs, nowMs],
      );
      return rowCount === 1;
    },
  };
}
