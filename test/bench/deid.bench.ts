// Benchmark of the de-identification engine. Prints one JSON object: throughput of `deid fhir`'s
// streaming path (line splitting, JSON parse, profile, JSON stringify) over the shared Synthea NDJSON
// repeated to at least 500 MB through a generator (nothing written to disk), and of the free-text
// scrubber over the shared notes, old engine (529deed) and new interleaved in one run with their ratio; peak
// RSS of the process. Run: npx tsx test/bench/deid.bench.ts (DEID_BENCH_MB, DEID_BENCH_TEXT_MB: sizes).
import { readdirSync, readFileSync } from 'node:fs';
import { Readable } from 'node:stream';
import { gunzipSync } from 'node:zlib';
import type { Resource } from 'fhir/r4.d.ts';
import { createDeidentifier } from '../../server/deid/index.ts';
import { readLines } from '../../server/deid/ndjson/read-lines.ts';
import { BASELINE_DEID_COMMIT, loadBaselineDeidentifier } from './baseline-deid.ts';

const SHARED = new URL('../../../shared/', import.meta.url);
const TARGET_BYTES = Number(process.env.DEID_BENCH_MB ?? 500) * 1024 * 1024;
const deid = createDeidentifier({ secret: 'benchmark-secret-0123456789abcdef0123' });

function ndjsonFiles(dir: URL): Buffer[] {
  return readdirSync(dir)
    .filter((n) => n.endsWith('.ndjson.gz'))
    .sort()
    .map((n) => gunzipSync(readFileSync(new URL(n, dir))));
}

async function benchFhir(): Promise<Record<string, number>> {
  const chunks = ndjsonFiles(new URL('data/fhir/synthea-r4-bulk/', SHARED));
  const context = deid.learn(
    chunks.flatMap((c) =>
      c
        .toString('utf8')
        .split('\n')
        .filter((l) => l.trim() !== '')
        .map((l) => JSON.parse(l) as Resource),
    ),
  );
  const oneCopy = chunks.reduce((n, c) => n + c.length, 0);
  const copies = Math.ceil(TARGET_BYTES / oneCopy);
  function* repeat(): Generator<Buffer> {
    for (let i = 0; i < copies; i++)
      for (const c of chunks) for (let o = 0; o < c.length; o += 1 << 20) yield c.subarray(o, o + (1 << 20));
  }
  let records = 0;
  let bytes = 0;
  let outBytes = 0;
  const start = process.hrtime.bigint();
  for await (const item of readLines(Readable.from(repeat()), 64 * 1024 * 1024)) {
    bytes += item.bytes + 1;
    if (!('text' in item) || item.text === '') continue;
    const out = deid.deidentifyResource(JSON.parse(item.text) as Resource, context);
    outBytes += JSON.stringify(out.resource).length;
    records++;
  }
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  return {
    inputMB: +(bytes / 1e6).toFixed(1),
    seconds: +seconds.toFixed(1),
    mbPerSecond: +(bytes / 1e6 / seconds).toFixed(1),
    recordsPerSecond: Math.round(records / seconds),
    records,
    outputMB: +(outBytes / 1e6).toFixed(1),
  };
}

function benchNotes(): string[] {
  const notes: string[] = [];
  for (const line of readFileSync(new URL('eval/deid.physionet-sample.jsonl', SHARED), 'utf8').split('\n')) {
    if (line.trim() !== '') notes.push((JSON.parse(line) as { text: string }).text);
  }
  for (const c of ndjsonFiles(new URL('data/fhir/synthea-r4-bulk-with-notes/', SHARED))) {
    for (const line of c.toString('utf8').split('\n')) {
      if (!line.includes('"DocumentReference"')) continue;
      const doc = JSON.parse(line) as { content?: { attachment?: { data?: string } }[] };
      const data = doc.content?.[0]?.attachment?.data;
      if (data !== undefined) notes.push(Buffer.from(data, 'base64').toString('utf8'));
    }
  }
  return notes;
}

/** CPU seconds (user + system) of this process: on a shared machine, less noisy than the wall clock. */
function cpuSeconds(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
}

/** One pass of `scrub` over the notes: bytes, documents and CPU seconds. */
function pass(notes: readonly string[], scrub: (text: string) => unknown): { bytes: number; seconds: number } {
  let bytes = 0;
  const start = cpuSeconds();
  for (const note of notes) {
    scrub(note);
    bytes += Buffer.byteLength(note);
  }
  return { bytes, seconds: cpuSeconds() - start };
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? (sorted[mid] ?? 0) : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
}

/**
 * Free-text throughput (MB of text per CPU second), and, when the clone has the old engine (529deed), the
 * ratio to it: rounds alternate old and new over the same notes (after one warm-up pass of each, which
 * loads the word lists), so load on a shared machine falls on both alike; the ratio is of the medians.
 */
async function benchText(): Promise<Record<string, number | string>> {
  const notes = benchNotes();
  const baseline = await loadBaselineDeidentifier('benchmark-secret-0123456789abcdef0123');
  const oneCopy = notes.reduce((n, t) => n + Buffer.byteLength(t), 0);
  const rounds = Math.max(3, Math.ceil((Number(process.env.DEID_BENCH_TEXT_MB ?? 20) * 1024 * 1024) / oneCopy));
  pass(notes, (t) => deid.deidentifyText(t));
  if (baseline !== undefined) pass(notes, (t) => baseline.deidentifyText(t));
  const now: number[] = [];
  const old: number[] = [];
  let bytes = 0;
  let seconds = 0;
  for (let i = 0; i < rounds; i++) {
    const a = pass(notes, (t) => deid.deidentifyText(t));
    now.push(a.bytes / 1e6 / a.seconds);
    bytes += a.bytes;
    seconds += a.seconds;
    if (baseline !== undefined) {
      const b = pass(notes, (t) => baseline.deidentifyText(t));
      old.push(b.bytes / 1e6 / b.seconds);
    }
  }
  return {
    inputMB: +(bytes / 1e6).toFixed(1),
    cpuSeconds: +seconds.toFixed(1),
    mbPerSecond: +median(now).toFixed(3),
    rounds,
    documentsPerRound: notes.length,
    ...(baseline === undefined
      ? {}
      : {
          baselineCommit: BASELINE_DEID_COMMIT,
          baselineMbPerSecond: +median(old).toFixed(3),
          ratioToBaseline: +(median(now) / median(old)).toFixed(3),
        }),
  };
}

const fhir = await benchFhir();
const text = await benchText();
process.stdout.write(
  JSON.stringify({
    benchmark: 'deid',
    cores: 1,
    fhirNdjson: fhir,
    freeText: text,
    peakRssMB: Math.round(process.resourceUsage().maxRSS / 1024),
    node: process.version,
  }) + '\n',
);
