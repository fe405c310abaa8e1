import type { ExpiringEntries, ExpiringEntriesFactory } from '../server/stores/expiring-entries.ts';

/** What Chartside remembers of a card it answered, for the feedback about it. Ids and hashes only. */
export interface IssuedCard {
  service: string;
  hookInstance: string;
  caseHash: string;
  backend: string;
  modelVersion: string;
  /** Suggestion uuids in the order offered. */
  suggestions: string[];
}

export type IssuedCards = ExpiringEntries<IssuedCard>;

/**
 * Issued cards by uuid for a day (CDS Hooks feedback may come minutes or hours later): in this process's
 * memory (bounded; lost on restart, and then feedback is still recorded without the link to the case), or in
 * the database, where feedback to any replica finds the card another replica issued.
 */
export function issuedCards(entries: ExpiringEntriesFactory): IssuedCards {
  return entries<IssuedCard>('cds-issued-card', 24 * 60 * 60 * 1000, 50_000);
}
