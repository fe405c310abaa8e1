import assert from 'node:assert/strict';
import { test } from 'node:test';
import { memoryEntries, type ExpiringEntriesFactory } from '../../server/stores/expiring-entries.ts';
import { sealedEntries, sealedKeyOf, type SealedValue } from '../../server/stores/sealed-entries.ts';

/** A memory store whose raw entries the test can read and alter, as a database reader could. */
function inspectable(): { factory: ExpiringEntriesFactory; raw: Map<string, SealedValue> } {
  const raw = new Map<string, SealedValue>();
  const memory = memoryEntries();
  const factory = (<T>(namespace: string, ttlMs: number) => {
    const inner = memory<T>(namespace, ttlMs);
    return {
      set: (key: string, value: T) => {
        raw.set(key, value as SealedValue);
        return inner.set(key, value);
      },
      get: async (key: string) => (raw.has(key) ? (raw.get(key) as T) : inner.get(key)),
      take: async (key: string) => {
        const value = raw.get(key) as T | undefined;
        raw.delete(key);
        await inner.take(key);
        return value;
      },
    };
  }) as ExpiringEntriesFactory;
  return { factory, raw };
}

const CODE = 'Zr8d1_secret-handoff-code-0123456789abcdefABCDEF';
const SESSION = { tokenResponse: { access_token: 'eyJ-access-token-canary', patient: 'pat-123' } };

test('a sealed entry is stored under a hash of its code and encrypted: the store holds neither', async () => {
  const { factory, raw } = inspectable();
  const handoffs = sealedEntries<typeof SESSION>(factory, 'smart-handoff', 60_000);
  await handoffs.set(CODE, SESSION);
  assert.deepEqual([...raw.keys()], [sealedKeyOf('smart-handoff', CODE)]);
  const stored = JSON.stringify([...raw.entries()]);
  for (const secret of [CODE, 'eyJ-access-token-canary', 'pat-123']) assert.ok(!stored.includes(secret));
  assert.deepEqual(await handoffs.get(CODE), SESSION);
  assert.deepEqual(await handoffs.take(CODE), SESSION);
  assert.equal(await handoffs.take(CODE), undefined);
});

test('a sealed entry cannot be read with another code, in another namespace, or once altered', async () => {
  const { factory, raw } = inspectable();
  const handoffs = sealedEntries<typeof SESSION>(factory, 'smart-handoff', 60_000);
  await handoffs.set(CODE, SESSION);
  assert.equal(await handoffs.get(`${CODE}x`), undefined);
  // The same stored value under another namespace's key does not decrypt (the namespace is authenticated).
  const key = sealedKeyOf('smart-handoff', CODE);
  const value = raw.get(key) as SealedValue;
  raw.set(sealedKeyOf('smart-pending-authorization', CODE), value);
  assert.equal(await sealedEntries(factory, 'smart-pending-authorization', 60_000).get(CODE), undefined);
  const flipped = Buffer.from(value.data, 'base64url');
  flipped[0] = (flipped[0] ?? 0) ^ 1;
  raw.set(key, { ...value, data: flipped.toString('base64url') });
  assert.equal(await handoffs.take(CODE), undefined);
});
