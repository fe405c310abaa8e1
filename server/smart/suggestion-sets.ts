import type { Suggestions } from '../suggest/suggestions.ts';
import type { ExpiringEntries, ExpiringEntriesFactory } from '../stores/expiring-entries.ts';
import { randomId } from './pkce.ts';

/** What Chartside remembers of suggestions it gave the app, to link feedback to them (no chart content). */
export interface IssuedSet {
  caseHash: string;
  backend: string;
  modelVersion: string;
  /** Suggestion ids in rank order. */
  suggestionIds: string[];
  client: string;
}

/** Suggestion sets issued in the last 12 hours, by id: feedback must name one (as CDS feedback names its card). */
export class SuggestionSets {
  private readonly store: ExpiringEntries<IssuedSet>;

  constructor(entries: ExpiringEntriesFactory) {
    this.store = entries<IssuedSet>('smart-suggestion-set', 12 * 3600_000);
  }

  async issue(suggestions: Suggestions, client: string): Promise<{ id: string; suggestionIds: string[] }> {
    const id = randomId();
    const suggestionIds = suggestions.codes.map((_c, i) => `s${i}`);
    await this.store.set(id, {
      caseHash: suggestions.caseHash,
      backend: suggestions.engine.backend,
      modelVersion: suggestions.engine.modelVersion,
      suggestionIds,
      client,
    });
    return { id, suggestionIds };
  }

  get(id: string): Promise<IssuedSet | undefined> {
    return this.store.get(id);
  }
}
