import { inspect } from 'node:util';

/**
 * The placeholder → original map of one de-identified text, kept in memory for one request only, so that
 * a card shown to a clinician can name the real patient while the model saw only placeholders. It cannot
 * be serialised or logged by accident: `JSON.stringify` and `util.inspect` show only its size.
 */
export class ReidentificationMap {
  readonly #entries = new Map<string, string>();

  /** @internal For the de-identification engine. */
  set(placeholder: string, original: string): void {
    this.#entries.set(placeholder, original);
  }

  get size(): number {
    return this.#entries.size;
  }

  /** The original behind one placeholder, if this map made it. */
  original(placeholder: string): string | undefined {
    return this.#entries.get(placeholder);
  }

  /** Puts the originals back into a text that carries this map's placeholders (e.g. model output). */
  reidentify(text: string): string {
    if (this.#entries.size === 0) return text;
    return text.replace(/\[[A-Z_]+(?: 90\+)?-\d+\]/g, (placeholder) => this.#entries.get(placeholder) ?? placeholder);
  }

  /** Forgets every entry. */
  clear(): void {
    this.#entries.clear();
  }

  toJSON(): { redacted: true; size: number } {
    return { redacted: true, size: this.#entries.size };
  }

  [inspect.custom](): string {
    return `ReidentificationMap(${this.#entries.size} entries)`;
  }
}
