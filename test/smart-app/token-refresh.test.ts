import assert from 'node:assert/strict';
import { test } from 'node:test';
import { keepTokenFresh, refreshDelayMs, type RefreshableClient } from '../../smart-app/src/token-refresh.ts';

/** A fhirclient-like client whose token endpoint issues `lifetimeS`-second tokens on the mocked clock. */
function fakeClient(lifetimeS: number, fail = false): RefreshableClient & { refreshes: number } {
  let expiresAt = Date.now() / 1000 + lifetimeS;
  let refreshToken: string | undefined = 'rt-0';
  const client = {
    refreshes: 0,
    getState(path: string): unknown {
      if (path === 'expiresAt') return expiresAt;
      if (path === 'tokenResponse.expires_in') return lifetimeS;
      if (path === 'tokenResponse.refresh_token') return refreshToken;
      return undefined;
    },
    refresh(): Promise<unknown> {
      client.refreshes++;
      if (fail) {
        refreshToken = undefined; // as fhirclient does after a failed refresh
        return Promise.reject(new Error('invalid_grant'));
      }
      expiresAt = Date.now() / 1000 + lifetimeS;
      refreshToken = `rt-${client.refreshes}`;
      return Promise.resolve({});
    },
  };
  return client;
}

async function advance(t: { mock: { timers: { tick(ms: number): void } } }, ms: number): Promise<void> {
  for (let elapsed = 0; elapsed < ms; elapsed += 1000) {
    t.mock.timers.tick(1000);
    await new Promise<void>((resolve) => setImmediate(resolve));
  }
}

test('a 65-second token is renewed at three quarters of its life, not every 5 seconds', async (t) => {
  t.mock.timers.enable({ apis: ['setTimeout', 'Date'], now: Date.UTC(2026, 0, 1) });
  const client = fakeClient(65);
  const stop = keepTokenFresh(client, { onFailure: () => assert.fail('no failure expected') });
  t.after(stop);
  await advance(t, 75_000);
  assert.equal(client.refreshes, 1, 'one renewal in 75 s');
  await advance(t, 225_000);
  assert.equal(client.refreshes, 6, 'about one renewal per 49 s over five minutes');
});

test('tokens of every lifetime are renewed before they expire and never more often than half their life', () => {
  for (const lifetimeS of [2, 10, 30, 65, 120, 300, 600, 3600]) {
    const delay = refreshDelayMs(lifetimeS * 1000, lifetimeS * 1000);
    assert.ok(delay < lifetimeS * 1000, `${lifetimeS}s renewed before expiry`);
    assert.ok(delay >= (lifetimeS * 1000) / 2, `${lifetimeS}s not renewed before half its life`);
  }
  assert.equal(refreshDelayMs(600_000, 600_000), 540_000, 'a ten-minute token a minute before expiry');
});

test('a failed background renewal is reported once with the current expiry, and stops the schedule', async (t) => {
  t.mock.timers.enable({ apis: ['setTimeout', 'Date'], now: Date.UTC(2026, 0, 1) });
  const client = fakeClient(60, true);
  const expiresAt = client.getState('expiresAt');
  const failures: number[] = [];
  t.after(keepTokenFresh(client, { onFailure: (at) => failures.push(at) }));
  await advance(t, 300_000);
  assert.equal(client.refreshes, 1);
  assert.deepEqual(failures, [expiresAt]);
});
