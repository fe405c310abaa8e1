// Benchmark of the de-identification engine. Prints one JSON object: throughput of `deid fhir`'s
// streaming path (line splitting, JSON parse, profile, JSON stringify) over the shared Synthea NDJSON
// repeated to at least 500 MB through a generator (nothing written to disk), and of the free-text
// scrubber over the shared notes; peak RSS of the process. Run: npx tsx test/bench/deid.bench.ts
import { readdirSync, readFileSync } from 'node:fs';
import { Readable } from 'node:stream';
import { gunzipSync } from 'node:zlib';
import type { Resource } from 'fhir/r4.d.ts';
import { createDeidentifier } from '../../server/deid/index.ts';
import { readLines } from '../../server/deid/ndjson/read-lines.ts';

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

function benchText(): Record<string, number> {
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
  const oneCopy = notes.reduce((n, t) => n + Buffer.byteLength(t), 0);
  const copies = Math.max(1, Math.ceil((20 * 1024 * 1024) / oneCopy));
  let bytes = 0;
  let documents = 0;
  const start = process.hrtime.bigint();
  for (let i = 0; i < copies; i++) {
    for (const note of notes) {
      deid.deidentifyText(note);
      bytes += Buffer.byteLength(note);
      documents++;
    }
  }
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  return {
    inputMB: +(bytes / 1e6).toFixed(1),
    seconds: +seconds.toFixed(1),
    mbPerSecond: +(bytes / 1e6 / seconds).toFixed(2),
    documentsPerSecond: Math.round(documents / seconds),
    documents,
  };
}

const fhir = await benchFhir();
const text = benchText();
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
