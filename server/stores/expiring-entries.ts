import { ExpiringStore } from '../smart/expiring-store.ts';

/**
 * Short-lived entries under a key, shared by every replica when a database is configured: issued cards and the
 * app's suggestion sets (read by later feedback), SMART pending authorizations and hand-offs (single use).
 */
export interface ExpiringEntries<T> {
  set(key: string, value: T): Promise<void>;
  /** The value, if present and unexpired; left in place. */
  get(key: string): Promise<T | undefined>;
  /** The value, if present and unexpired, removed in the same step: a second `take` finds nothing. */
  take(key: string): Promise<T | undefined>;
}

/** Makes the store of one concern (`namespace`), whose entries live `ttlMs`. */
export type ExpiringEntriesFactory = <T>(namespace: string, ttlMs: number, maxEntries?: number) => ExpiringEntries<T>;

/** One process's memory (the embedded default): bounded, oldest entries dropped first when full. */
export function memoryEntries(now: () => number = Date.now): ExpiringEntriesFactory {
  return <T>(_namespace: string, ttlMs: number, maxEntries?: number): ExpiringEntries<T> => {
    const store = new ExpiringStore<T>(ttlMs, maxEntries, now);
    return {
      set: (key, value) => Promise.resolve(store.set(key, value)),
      get: (key) => Promise.resolve(store.get(key)),
      take: (key) => Promise.resolve(store.take(key)),
    };
  };
}
