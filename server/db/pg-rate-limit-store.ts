import type { ClientRateLimitInfo, Options, Store } from 'express-rate-limit';
import type { Database } from './database.ts';
import { keyText } from './db-text.ts';

/**
 * express-rate-limit's `Store` over the `rate_limits` table, so every replica counts against one limit per
 * client. A window starts at a key's first hit and lasts `windowMs` (as express-rate-limit's own MemoryStore
 * counts); one upsert adds a hit to the current window, or starts a new one, and returns the count.
 */
export class PgRateLimitStore implements Store {
  readonly localKeys = false;
  readonly prefix: string;
  private windowMs = 60_000;

  constructor(
    private readonly db: Database,
    prefix = 'cds:',
    private readonly now: () => number = Date.now,
  ) {
    this.prefix = prefix;
  }

  init(options: Options): void {
    this.windowMs = options.windowMs;
  }

  async get(key: string): Promise<ClientRateLimitInfo | undefined> {
    const { rows } = await this.db.query<{ hits: number; window_start: string }>(
      'SELECT hits, window_start FROM rate_limits WHERE key = $1 AND window_start + $2 > $3',
      [keyText(this.prefix + key), this.windowMs, this.now()],
    );
    const row = rows[0];
    return row === undefined
      ? undefined
      : { totalHits: row.hits, resetTime: new Date(Number(row.window_start) + this.windowMs) };
  }

  async increment(key: string): Promise<ClientRateLimitInfo> {
    const now = this.now();
    const { rows } = await this.db.query<{ hits: number; window_start: string }>(
      `INSERT INTO rate_limits (key, window_start, hits) VALUES ($1, $2, 1)
       ON CONFLICT (key) DO UPDATE SET
         hits = CASE WHEN rate_limits.window_start + $3 > EXCLUDED.window_start THEN rate_limits.hits + 1 ELSE 1 END,
         window_start = CASE WHEN rate_limits.window_start + $3 > EXCLUDED.window_start
                             THEN rate_limits.window_start ELSE EXCLUDED.window_start END
       RETURNING hits, window_start`,
      [keyText(this.prefix + key), now, this.windowMs],
    );
    const row = rows[0];
    return {
      totalHits: row?.hits ?? 1,
      resetTime: new Date(Number(row?.window_start ?? now) + this.windowMs),
    };
  }

  async decrement(key: string): Promise<void> {
    await this.db.query(
      'UPDATE rate_limits SET hits = hits - 1 WHERE key = $1 AND window_start + $2 > $3 AND hits > 0',
      [keyText(this.prefix + key), this.windowMs, this.now()],
    );
  }

  async resetKey(key: string): Promise<void> {
    await this.db.query('DELETE FROM rate_limits WHERE key = $1', [keyText(this.prefix + key)]);
  }
}
