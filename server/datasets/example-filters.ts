import { createHash } from 'node:crypto';

/** A rough token count (about four characters a token for English clinical text). */
export function estimateTokens(text: string): number {
  return Math.ceil(text.length / 4);
}

function fnv1a(text: string, seed: number): number {
  let h = seed >>> 0;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h;
}

/** 64-bit SimHash (Charikar) over word 3-shingles, as two 32-bit halves. */
export function simhash(text: string): [number, number] {
  const words = text.toLowerCase().match(/[a-z0-9]+/g) ?? [];
  const weights = new Int32Array(64);
  const n = Math.max(1, words.length - 2);
  for (let i = 0; i < n; i++) {
    const shingle = words.slice(i, i + 3).join(' ');
    const lo = fnv1a(shingle, 0x811c9dc5);
    const hi = fnv1a(shingle, 0x050c5d1f);
    for (let b = 0; b < 32; b++) {
      weights[b] = (weights[b] ?? 0) + ((lo >>> b) & 1 ? 1 : -1);
      weights[b + 32] = (weights[b + 32] ?? 0) + ((hi >>> b) & 1 ? 1 : -1);
    }
  }
  let lo = 0;
  let hi = 0;
  for (let b = 0; b < 32; b++) {
    if ((weights[b] ?? 0) > 0) lo |= 1 << b;
    if ((weights[b + 32] ?? 0) > 0) hi |= 1 << b;
  }
  return [lo >>> 0, hi >>> 0];
}

function popcount(x: number): number {
  let v = x - ((x >>> 1) & 0x55555555);
  v = (v & 0x33333333) + ((v >>> 2) & 0x33333333);
  return (((v + (v >>> 4)) & 0x0f0f0f0f) * 0x01010101) >>> 24;
}

export type DuplicateVerdict = 'unique' | 'duplicate' | 'near-duplicate';

/**
 * Exact and near-duplicate detection over a stream of examples: exact by SHA-256 of the normalised text,
 * near by SimHash within `maxDistance` bits, found through four 16-bit bands (two near texts share at least
 * one band when the distance is at most 3). Memory grows with the number of kept examples (a few dozen
 * bytes each), not with their size.
 */
export class DuplicateFilter {
  readonly #exact = new Set<string>();
  readonly #bands = new Map<string, number[]>();
  readonly #hashes: number[] = [];
  readonly #maxDistance: number;

  constructor(maxDistance = 3) {
    this.#maxDistance = maxDistance;
  }

  check(key: string, text: string): DuplicateVerdict {
    const normalised = text.replace(/\s+/g, ' ').trim().toLowerCase();
    const digest = createHash('sha256').update(key).update('\0').update(normalised).digest('base64').slice(0, 22);
    if (this.#exact.has(digest)) return 'duplicate';
    const [lo, hi] = simhash(normalised);
    const bands = [
      `${key}:0:${lo & 0xffff}`,
      `${key}:1:${lo >>> 16}`,
      `${key}:2:${hi & 0xffff}`,
      `${key}:3:${hi >>> 16}`,
    ];
    if (this.#maxDistance >= 0) {
      for (const band of bands) {
        for (const index of this.#bands.get(band) ?? []) {
          const d = popcount((this.#hashes[index * 2] ?? 0) ^ lo) + popcount((this.#hashes[index * 2 + 1] ?? 0) ^ hi);
          if (d <= this.#maxDistance) return 'near-duplicate';
        }
      }
    }
    this.#exact.add(digest);
    const index = this.#hashes.length / 2;
    this.#hashes.push(lo, hi);
    for (const band of bands) {
      const list = this.#bands.get(band);
      if (list === undefined) this.#bands.set(band, [index]);
      else list.push(index);
    }
    return 'unique';
  }
}
