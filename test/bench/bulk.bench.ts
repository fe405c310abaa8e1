import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateBackendKeys, loadSigningKey, readPublicJwks } from '../../server/bulk/backend-keys.ts';
import { ExportRequestSchema } from '../../server/bulk/export-request.ts';
import { runExport } from '../../server/bulk/run-export.ts';
import { buildDataset } from '../../server/datasets/build-dataset.ts';
import { createDeidentifier } from '../../server/deid/index.ts';
import { startBulkServer } from '../../fixtures/ehr/bulk-server.ts';
import { requireShared, SHARED } from '../helpers/shared-data.ts';

/**
 * `npm run bench -- bulk`: export and dataset-build throughput over the shared Synthea export served
 * `copies` times by the simulator (ids rewritten, streamed: nothing of that size is kept in the repo),
 * and peak RSS sampled every 50 ms, at a small size and at ≥ 1 GB, to show memory does not grow with the
 * export. BENCH_MB sets the large size (default 1024). Prints one JSON object.
 */
const DATA = requireShared(`${SHARED}data/fhir/synthea-r4-bulk/`);
const SOURCE_MB = 40.0;
const targetMb = Number(process.env.BENCH_MB ?? 1024);

function sampler(): { stop: () => number } {
  let peak = process.memoryUsage().rss;
  const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 50);
  return {
    stop: () => {
      clearInterval(timer);
      return Math.round(Math.max(peak, process.memoryUsage().rss) / 1024 / 1024);
    },
  };
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
    global.gc?.();
    const exportMem = sampler();
    const t0 = performance.now();
    const summary = await runExport({
      request: ExportRequestSchema.parse({ fhirBase: server.baseUrl, level: 'system' }),
      clientId: 'bench',
      signingKey: await loadSigningKey(privateKeyPath),
      outDir: join(dir, 'export'),
      concurrency: 4,
    });
    const exportS = (performance.now() - t0) / 1000;
    const exportPeak = exportMem.stop();
    await server.close();
    const result: Record<string, unknown> = {
      copies,
      exportMB: +(summary.bytes / 1e6).toFixed(1),
      exportResources: summary.resources,
      exportSeconds: +exportS.toFixed(1),
      exportMBps: +(summary.bytes / 1e6 / exportS).toFixed(1),
      exportResourcesPerS: Math.round(summary.resources / exportS),
      exportPeakRssMB: exportPeak,
    };
    if (build) {
      global.gc?.();
      const buildMem = sampler();
      const t1 = performance.now();
      const card = await buildDataset({
        inDir: join(dir, 'export'),
        outDir: join(dir, 'dataset'),
        deidentifier: createDeidentifier({ secret: 'bench-secret-0123456789abcdef-0123456789' }),
      });
      const buildS = (performance.now() - t1) / 1000;
      const read = card.source.resourcesRead;
      const readMB =
        Object.entries(summary.resourcesByType).length > 0 ? (summary.bytes * read) / summary.resources / 1e6 : 0;
      Object.assign(result, {
        buildResources: read,
        buildSeconds: +buildS.toFixed(1),
        buildResourcesPerS: Math.round(read / buildS),
        buildMBps: +(readMB / buildS).toFixed(2),
        buildPeakRssMB: buildMem.stop(),
        buildJoinBuckets: card.configuration.joinBuckets,
      });
    }
    return result;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

// Export at ≥ 1 GB; the build (de-identification dominates) at two smaller sizes, so that the bench ends
// in minutes on two cores: BENCH_BUILD_COPIES="1,3" by default.
const exportCopies = Math.max(1, Math.ceil(targetMb / SOURCE_MB));
const buildCopies = (process.env.BENCH_BUILD_COPIES ?? '1,3').split(',').map(Number);
const exportSmall = await measure(1, false);
const exportLarge = await measure(exportCopies, false);
const builds = [];
for (const copies of buildCopies) builds.push(await measure(copies, true));
const first = builds[0];
const last = builds.at(-1);
process.stdout.write(
  JSON.stringify({
    bench: 'bulk',
    node: process.version,
    note: 'simulator and client share one process; build = de-identify + join + write all five tasks (MB/s over the bytes of the resource types read, estimated)',
    export: {
      small: exportSmall,
      large: exportLarge,
      peakRssGrowthMB: (exportLarge.exportPeakRssMB as number) - (exportSmall.exportPeakRssMB as number),
    },
    build: {
      runs: builds,
      peakRssGrowthMB: first && last ? (last.buildPeakRssMB as number) - (first.buildPeakRssMB as number) : 0,
    },
  }) + '\n',
);
