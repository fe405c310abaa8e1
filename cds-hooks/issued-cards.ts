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

/**
 * A bounded, expiring memory of issued cards (CDS Hooks feedback may come minutes or hours later). Lost on
 * restart: feedback then is still recorded, without the link to the case.
 */
export class IssuedCards {
  private readonly cards = new Map<string, { card: IssuedCard; until: number }>();

  constructor(
    private readonly maxEntries = 50_000,
    private readonly ttlMs = 24 * 60 * 60 * 1000,
  ) {}

  remember(uuid: string, card: IssuedCard, nowMs: number): void {
    this.cards.set(uuid, { card, until: nowMs + this.ttlMs });
    while (this.cards.size > this.maxEntries) {
      const oldest = this.cards.keys().next().value;
      if (oldest === undefined) break;
      this.cards.delete(oldest);
    }
  }

  get(uuid: string, nowMs: number): IssuedCard | undefined {
    const entry = this.cards.get(uuid);
    if (!entry) return undefined;
    if (entry.until <= nowMs) {
      this.cards.delete(uuid);
      return undefined;
    }
    return entry.card;
  }
}
