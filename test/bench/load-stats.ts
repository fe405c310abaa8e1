import type { AutocannonResult } from 'autocannon';

/** One load run as the benchmark reports it. */
export interface LoadRow {
  readonly requests: number;
  readonly ok: number;
  readonly errors: number;
  readonly elapsedS: number;
  /** Requests completed per second of elapsed time. */
  readonly rps: number;
  readonly p50ms: number;
  readonly p99ms: number;
  readonly maxMs: number;
}

/**
 * A load run's throughput from its elapsed time, measured around the run. autocannon's
 * `requests.average` is the mean of per-second buckets: a fixed number of requests over a fraction of a
 * second lands in one or two buckets, so it only ever reads `amount` or `amount / 2` (500 or 250).
 */
export function loadRow(r: AutocannonResult, elapsedMs: number): LoadRow {
  const elapsedS = elapsedMs / 1000;
  return {
    requests: r.requests.total,
    ok: r['2xx'],
    errors: r.errors + r.timeouts + r.non2xx,
    elapsedS: +elapsedS.toFixed(3),
    rps: elapsedS > 0 ? +(r.requests.total / elapsedS).toFixed(1) : 0,
    p50ms: r.latency.p50,
    p99ms: r.latency.p99,
    maxMs: r.latency.max,
  };
}
