import type { Suggestions } from './suggestions.ts';

/** A cached answer and which parts of it were computed. */
export interface CachedSuggestions {
  value: Suggestions;
  covers: { codes: boolean; triage: boolean };
}

/**
 * Suggestions by case hash (a hash of the de-identified case and the engine), least recently used out
 * first. Holds de-identified results only; lets a later hook answer from a precomputed result.
 */
export class SuggestionCache {
  private readonly entries = new Map<string, { value: CachedSuggestions; expires: number }>();

  constructor(
    private readonly capacity: number,
    private readonly ttlMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  get(key: string): CachedSuggestions | undefined {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    this.entries.delete(key);
    if (entry.expires <= this.now()) return undefined;
    this.entries.set(key, entry);
    return entry.value;
  }

  set(key: string, value: CachedSuggestions): void {
    this.entries.delete(key);
    this.entries.set(key, { value, expires: this.now() + this.ttlMs });
    while (this.entries.size > this.capacity) {
      const oldest = this.entries.keys().next().value;
      if (oldest === undefined) break;
      this.entries.delete(oldest);
    }
  }

  get size(): number {
    return this.entries.size;
  }
}
