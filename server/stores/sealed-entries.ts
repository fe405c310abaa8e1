import { createCipheriv, createDecipheriv, createHash, hkdfSync, randomBytes } from 'node:crypto';
import type { ExpiringEntries, ExpiringEntriesFactory } from './expiring-entries.ts';

/** How a sealed value is stored: AES-256-GCM, base64url. */
export interface SealedValue {
  v: 1;
  iv: string;
  data: string;
  tag: string;
}

/** The stored key: SHA-256 of the secret, so the store never holds the secret itself. */
export function sealedKeyOf(namespace: string, secret: string): string {
  return createHash('sha256').update(`chartside sealed entry\u0000${namespace}\u0000${secret}`).digest('hex');
}

function keyFor(namespace: string, secret: string): Buffer {
  return Buffer.from(hkdfSync('sha256', secret, Buffer.alloc(0), `chartside sealed entry v1 ${namespace}`, 32));
}

function seal(namespace: string, secret: string, value: unknown): SealedValue {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', keyFor(namespace, secret), iv);
  cipher.setAAD(Buffer.from(namespace));
  const data = Buffer.concat([cipher.update(JSON.stringify(value), 'utf8'), cipher.final()]);
  return {
    v: 1,
    iv: iv.toString('base64url'),
    data: data.toString('base64url'),
    tag: cipher.getAuthTag().toString('base64url'),
  };
}

function unseal<T>(namespace: string, secret: string, sealed: SealedValue | undefined): T | undefined {
  if (sealed?.v !== 1) return undefined;
  try {
    const decipher = createDecipheriv('aes-256-gcm', keyFor(namespace, secret), Buffer.from(sealed.iv, 'base64url'));
    decipher.setAAD(Buffer.from(namespace));
    decipher.setAuthTag(Buffer.from(sealed.tag, 'base64url'));
    const text = Buffer.concat([decipher.update(Buffer.from(sealed.data, 'base64url')), decipher.final()]);
    return JSON.parse(text.toString('utf8')) as T;
  } catch {
    // Altered or not sealed with this secret: as good as absent.
    return undefined;
  }
}

/**
 * Entries keyed by a bearer secret that the caller holds (a SMART hand-off code, an OAuth `state`), kept so
 * that the store (the shared database, its backups, whoever reads them) holds neither the secret nor the
 * value: the entry is stored under SHA-256 of the secret and its value encrypted with AES-256-GCM under a key
 * derived from the secret (HKDF-SHA256). Only the holder of the code can find and decrypt it, on any replica,
 * with no key to configure or rotate. Secrets must be unguessable (`randomId`: 256 random bits).
 */
export function sealedEntries<T>(
  entries: ExpiringEntriesFactory,
  namespace: string,
  ttlMs: number,
  maxEntries?: number,
): ExpiringEntries<T> {
  const inner = entries<SealedValue>(namespace, ttlMs, maxEntries);
  return {
    set: (secret, value) => inner.set(sealedKeyOf(namespace, secret), seal(namespace, secret, value)),
    get: async (secret) => unseal<T>(namespace, secret, await inner.get(sealedKeyOf(namespace, secret))),
    take: async (secret) => unseal<T>(namespace, secret, await inner.take(sealedKeyOf(namespace, secret))),
  };
}
