/**
 * Where used JWT ids are kept: this process's memory (one replica) or the database (every replica sees the
 * others' ids). `firstUse` inserts the id if absent, atomically, and says whether it was absent.
 */
export interface ReplayStore {
  firstUse(issuer: string, jti: string, expiresAtMs: number, nowMs: number): boolean | Promise<boolean>;
}

/**
 * Remembers each JWT id until its token expires, so a captured token cannot be replayed within its life
 * (CDS Hooks 2.0 §Trusting CDS Clients: `jti` "used to protect against replay attacks"). Only tokens whose
 * signature has been verified are remembered, so its size is bounded by what trusted clients send.
 */
export class ReplayCache implements ReplayStore {
  private readonly seen = new Map<string, number>();
  private sweepAt = 0;

  /** True the first time (issuer, jti) is seen before `expiresAtMs`; false for a replay. */
  firstUse(issuer: string, jti: string, expiresAtMs: number, nowMs: number): boolean {
    if (nowMs >= this.sweepAt) this.sweep(nowMs);
    const key = `${issuer}\u0000${jti}`;
    const until = this.seen.get(key);
    if (until !== undefined && until > nowMs) return false;
    this.seen.set(key, expiresAtMs);
    return true;
  }

  get size(): number {
    return this.seen.size;
  }

  private sweep(nowMs: number): void {
    for (const [key, until] of this.seen) if (until <= nowMs) this.seen.delete(key);
    this.sweepAt = nowMs + 10_000;
  }
}
