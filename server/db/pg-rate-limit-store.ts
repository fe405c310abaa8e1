import type { ClientRateLimitInfo, Options, Store } from 'express-rate-limit';
import type { Database } from './database.ts';
import { keyText } from './db-text.ts';

/**
 * express-rate-limit's `Store` over the `rate_limits` table, so every replica counts against one limit per
 * client. Fixed windows aligned on `windowMs` (as express-rate-limit's own MemoryStore counts): one upsert
 * adds a hit to the current window, or starts a new one, and returns the count.
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

  private windowStart(): number {
    return Math.floor(this.now() / this.windowMs) * this.windowMs;
  }

  async get(key: string): Promise<ClientRateLimitInfo | undefined> {
    const start = this.windowStart();
    const { rows } = await this.db.query<{ hits: number }>(
      'SELECT hits FROM rate_limits WHERE key = $1 AND window_start = $2',
      [keyText(this.prefix + key), start],
    );
    const hits = rows[0]?.hits;
    return hits === undefined ? undefined : { totalHits: hits, resetTime: new Date(start + this.windowMs) };
  }

  async increment(key: string): Promise<ClientRateLimitInfo> {
    const start = this.windowStart();
    const { rows } = await this.db.query<{ hits: number }>(
      `INSERT INTO rate_limits (key, window_start, hits) VALUES ($1, $2, 1)
       ON CONFLICT (key) DO UPDATE SET
         hits = CASE WHEN rate_limits.window_start = EXCLUDED.window_start THEN rate_limits.hits + 1 ELSE 1 END,
         window_start = EXCLUDED.window_start
       RETURNING hits`,
      [keyText(this.prefix + key), start],
    );
    return { totalHits: rows[0]?.hits ?? 1, resetTime: new Date(start + this.windowMs) };
  }

  async decrement(key: string): Promise<void> {
    await this.db.query('UPDATE rate_limits SET hits = hits - 1 WHERE key = $1 AND window_start = $2 AND hits > 0', [
      keyText(this.prefix + key),
      this.windowStart(),
    ]);
  }

  async resetKey(key: string): Promise<void> {
    await this.db.query('DELETE FROM rate_limits WHERE key = $1', [keyText(this.prefix + key)]);
  }
}
