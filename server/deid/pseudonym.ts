import { createHmac } from 'node:crypto';

/**
 * Keyed pseudonyms (HMAC-SHA256 under the de-identification secret). The same input always gives the same
 * output under one key, so references between resources still resolve after de-identification, and
 * nobody without the key can recompute or reverse them.
 */
export class Pseudonymizer {
  readonly #key: Buffer;
  readonly #cache = new Map<string, string>();
  readonly #offsets = new Map<string, number>();

  constructor(key: Buffer) {
    this.#key = key;
  }

  /** Lower-case hex HMAC-SHA256 of `value` in a domain (`id`, `value`, `date-offset`, …). */
  hmacHex(domain: string, value: string): string {
    return createHmac('sha256', this.#key).update(domain).update('\u0000').update(value).digest('hex');
  }

  /**
   * Pseudonym for a resource id: 128 bits of the HMAC written as a UUID, so it is both a valid FHIR `id`
   * and a valid `urn:uuid:`.
   */
  id(original: string): string {
    const cached = this.#cache.get(original);
    if (cached !== undefined) return cached;
    const h = this.hmacHex('id', original);
    const out = `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20, 32)}`;
    if (this.#cache.size > 100_000) this.#cache.clear();
    this.#cache.set(original, out);
    return out;
  }

  /** Pseudonym for any other identifying value (identifier values, codes that identify). */
  value(original: string): string {
    return this.hmacHex('value', original).slice(0, 32);
  }

  /**
   * The secret per-patient date offset for `shift` mode: between -365 and +365 days, never 0, derived
   * from the HMAC of the patient's id so every resource of that patient moves by the same amount.
   */
  dateOffsetDays(patientId: string): number {
    const cached = this.#offsets.get(patientId);
    if (cached !== undefined) return cached;
    const n = parseInt(this.hmacHex('date-offset', patientId).slice(0, 8), 16);
    const offset = (n % 730) - 365;
    const days = offset >= 0 ? offset + 1 : offset;
    if (this.#offsets.size > 100_000) this.#offsets.clear();
    this.#offsets.set(patientId, days);
    return days;
  }
}
