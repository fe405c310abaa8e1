import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { AutocannonResult } from 'autocannon';
import { loadRow } from './load-stats.ts';

const histogram = { average: 0, p50: 0, p90: 0, p97_5: 0, p99: 0, max: 0 };

test('the load row gives requests per second from the elapsed time, not from whole-second buckets', () => {
  // 500 requests in 1.37 s: autocannon's per-second buckets average 250 (two buckets).
  const run: AutocannonResult = {
    requests: { ...histogram, average: 250, total: 500 },
    latency: { ...histogram, p50: 3, p99: 11, max: 40 },
    throughput: histogram,
    errors: 0,
    timeouts: 0,
    non2xx: 2,
    duration: 1.37,
    '2xx': 498,
  };
  assert.deepEqual(loadRow(run, 1370), {
    requests: 500,
    ok: 498,
    errors: 2,
    elapsedS: 1.37,
    rps: 365,
    p50ms: 3,
    p99ms: 11,
    maxMs: 40,
  });
});
