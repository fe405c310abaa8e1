import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { generateBackendKeys, readPublicJwks } from '../../server/bulk/backend-keys.ts';
import type { DatasetCard } from '../../server/datasets/dataset-card.ts';
import { startBulkServer } from '../../fixtures/ehr/bulk-server.ts';
import { requireShared, SHARED } from '../helpers/shared-data.ts';

/**
 * `npm run bench -- bulk`: export and dataset-build throughput over the shared Synthea export with notes
 * (its DocumentReferences source note-generation examples, so the build writes examples) served
 * `copies` times by the simulator (ids rewritten, streamed: nothing of that size is kept in the repo), and
 * the peak memory of each phase. Each phase is the real CLI (`chartside export`, `chartside dataset
 * build`) in its own process, its peak RSS read from the kernel at exit (max-rss.ts); the simulator runs in
 * this process, outside what is measured. BENCH_MB sets the largest size (default 1024); the build runs at
 * BENCH_BUILD_COPIES (default "1,3" and the largest), so growth with the export's size shows directly.
 * Prints one JSON object.
 */
const DATA = requireShared(`${SHARED}data/fhir/synthea-r4-bulk-with-notes/`);
/** The export's size as served (uncompressed), the unit `copies` multiplies. */
const SOURCE_MB =
  readdirSync(DATA)
    .filter((f) => f.endsWith('.ndjson') || f.endsWith('.ndjson.gz'))
    .map((f) => {
      const bytes = readFileSync(join(DATA, f));
      return f.endsWith('.gz') ? gunzipSync(bytes).length : bytes.length;
    })
    .reduce((a, b) => a + b, 0) / 1e6;
const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const targetMb = Number(process.env.BENCH_MB ?? 1024);

interface PhaseResult {
  readonly stdout: string;
  readonly seconds: number;
  readonly peakRssMB: number;
}

/** Runs the CLI in a child process and returns its output, wall time and peak RSS. */
async function cli(args: readonly string[]): Promise<PhaseResult> {
  const t0 = performance.now();
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', '--import', './test/bench/max-rss.ts', 'server/cli/main.ts', ...args],
    {
      cwd: ROOT,
      env: { ...process.env, CHARTSIDE_DEID_SECRET: 'bench-secret-0123456789abcdef-0123456789' },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  const seconds = (performance.now() - t0) / 1000;
  if (code !== 0) throw new Error(`chartside ${args[0] ?? ''} exited ${code}: ${stderr.slice(-500)}`);
  const kb = Number(/chartside-bench-max-rss-kb (\d+)/.exec(stderr)?.[1] ?? NaN);
  return { stdout, seconds, peakRssMB: Math.round(kb / 1024) };
}

async function measure(copies: number, build: boolean): Promise<Record<string, unknown>> {
  const dir = mkdtempSync(join(tmpdir(), 'chartside-bench-'));
  try {
    const keys = join(dir, 'keys');
    const { privateKeyPath } = await generateBackendKeys({ alg: 'ES384', outDir: keys });
    const server = await startBulkServer({
      dataDir: DATA,
      clients: [{ clientId: 'bench', jwks: await readPublicJwks(keys) }],
      repeat: copies,
      retryAfterS: 0,
      pollsBeforeComplete: 1,
    });
    let exported: PhaseResult;
    try {
      exported = await cli([
        'export',
        '--fhir-base',
        server.baseUrl,
        '--client-id',
        'bench',
        '--key',
        privateKeyPath,
        '--out',
        join(dir, 'export'),
        '--parallel',
        '4',
      ]);
    } finally {
      await server.close();
    }
    const summary = JSON.parse(exported.stdout) as { bytes: number; resources: number };
    const result: Record<string, unknown> = {
      copies,
      exportMB: +(summary.bytes / 1e6).toFixed(1),
      exportResources: summary.resources,
      exportSeconds: +exported.seconds.toFixed(1),
      exportMBps: +(summary.bytes / 1e6 / exported.seconds).toFixed(1),
      exportResourcesPerS: Math.round(summary.resources / exported.seconds),
      exportPeakRssMB: exported.peakRssMB,
    };
    if (build) {
      const out = join(dir, 'dataset');
      const built = await cli(['dataset', 'build', '--in', join(dir, 'export'), '--out', out, '--no-progress']);
      const card = JSON.parse(readFileSync(join(out, 'dataset-card.json'), 'utf8')) as DatasetCard;
      const read = card.source.resourcesRead;
      const readMB = (summary.bytes * read) / summary.resources / 1e6;
      Object.assign(result, {
        buildResources: read,
        buildSeconds: +built.seconds.toFixed(1),
        buildResourcesPerS: Math.round(read / built.seconds),
        buildMBps: +(readMB / built.seconds).toFixed(2),
        buildPeakRssMB: built.peakRssMB,
        buildPartitions: card.configuration.partitions,
        buildExamples: card.splits.train.examples + card.splits.eval.examples,
        buildExamplesByTask: Object.fromEntries(
          Object.entries(card.tasks).map(([task, r]) => [task, r.examples.train + r.examples.eval]),
        ),
      });
    }
    return result;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const largest = Math.max(1, Math.ceil(targetMb / SOURCE_MB));
const buildCopies = (process.env.BENCH_BUILD_COPIES ?? `1,3,${largest}`).split(',').map(Number);
const runs: Record<string, unknown>[] = [];
for (const copies of [...new Set([1, ...buildCopies, largest])].sort((a, b) => a - b))
  runs.push(await measure(copies, buildCopies.includes(copies)));
const growth = (key: string): number | null => {
  const measured = runs.filter((r) => typeof r[key] === 'number');
  const first = measured[0]?.[key];
  const last = measured.at(-1)?.[key];
  return typeof first === 'number' && typeof last === 'number' ? last - first : null;
};
process.stdout.write(
  JSON.stringify({
    bench: 'bulk',
    source: { dir: 'synthea-r4-bulk-with-notes', mb: +SOURCE_MB.toFixed(1) },
    node: process.version,
    note: 'each phase is the CLI in its own process (peak RSS from the kernel); the simulator runs outside it; build = partition + de-identify + join + write all five tasks (MB/s over the bytes of the resource types read, estimated)',
    runs,
    exportPeakRssGrowthMB: growth('exportPeakRssMB'),
    buildPeakRssGrowthMB: growth('buildPeakRssMB'),
  }) + '\n',
);
