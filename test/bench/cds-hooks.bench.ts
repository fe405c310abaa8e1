/**
 * CDS Hooks benchmark (`npm run bench -- cds-hooks`, or `npx tsx test/bench/cds-hooks.bench.ts`): the real
 * server (JWT verification, rate limiting, validation, prefetch, suggestion, cards, hash-chained audit log
 * with fsync) in a child process on loopback; autocannon sends each service a fixed number of calls with
 * full prefetch at 1, 16 and 64 connections, each call with a freshly signed ES384 JWT (jti is single-use).
 * Prints one JSON object: requests per second over the elapsed time of each run, and p50/p99 latency, per
 * service and concurrency.
 *
 * The suggestions come from the real pipeline (de-identification, understanding, retrieval, rules backend,
 * guardrails) with its cache off, so every call does the whole work; CDS_BENCH_CACHE=1 turns the cache on.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import { createCdsClient, type FixtureCdsClient } from '../../fixtures/ehr/cds-client.ts';
import { FIXTURE_PATIENTS, type FixturePatient } from '../../fixtures/ehr/cds-patients.ts';
import { hookRequest } from '../cds-hooks/hook-requests.ts';
import { loadRow } from './load-stats.ts';

const PUBLIC_URL = 'https://chartside.bench';
const ISS = 'https://ehr.bench/cds';
const SERVICES: [id: string, hook: string][] = [
  ['chartside-icd10-discharge', 'encounter-discharge'],
  ['chartside-icd10-order-sign', 'order-sign'],
  ['chartside-icd10-patient-view', 'patient-view'],
  ['chartside-triage-patient-view', 'patient-view'],
  ['chartside-triage-encounter-start', 'encounter-start'],
];
const CONNECTIONS = [1, 16, 64];
const AMOUNT = Number(process.env.CDS_BENCH_REQUESTS ?? 500);

async function serve(jwks: string): Promise<void> {
  const { createApp } = await import('../../server/app.ts');
  const { ConfigSchema } = await import('../../server/config.ts');
  const { createLogger } = await import('../../server/log/logger.ts');
  const { openAuditLog } = await import('../../server/audit/audit-log.ts');
  const { MemoryFeedbackStore } = await import('../../server/feedback/feedback-store.ts');
  const { loadTerminology } = await import('../../terminology/icd10cm/load.ts');
  const { createSuggestionPipeline } = await import('../../server/suggest/pipeline.ts');
  const { createRulesBackend } = await import('../../server/suggest/rules-backend.ts');
  const { createDeidentifier } = await import('../../server/deid/index.ts');
  const dir = mkdtempSync(join(tmpdir(), 'chartside-cds-bench-'));
  const config = ConfigSchema.parse({
    publicUrl: PUBLIC_URL,
    logLevel: 'warn',
    cdsRateLimit: 1_000_000_000,
    auditLog: join(dir, 'audit.ndjson'),
  });
  const logger = createLogger({ level: config.logLevel, destination: process.stderr });
  const terminology = await loadTerminology();
  const rules = createRulesBackend(terminology);
  const pipeline = createSuggestionPipeline({
    terminology,
    deidentifier: createDeidentifier({ secret: 'bench-secret-0123456789abcdef0123456789' }),
    backend: rules,
    rulesVersion: rules.modelVersion,
    logger,
    cacheTtlMs: process.env.CDS_BENCH_CACHE === '1' ? 15 * 60_000 : 0,
  });
  const suggest = pipeline.suggest.bind(pipeline);
  const audit = await openAuditLog(config.auditLog, { logger, sync: process.env.CDS_BENCH_AUDIT_SYNC !== '0' });
  const app = createApp({
    config,
    logger,
    terminology,
    audit,
    cds: { suggest, feedback: new MemoryFeedbackStore(), clients: [{ iss: ISS, jwks: JSON.parse(jwks) }] },
  });
  const server = app.listen(0, '127.0.0.1', () => {
    const address = server.address();
    process.stdout.write(`${JSON.stringify({ port: typeof address === 'object' && address ? address.port : 0 })}\n`);
  });
  process.once('SIGTERM', () => {
    server.close();
    server.closeAllConnections();
    void audit.close().then(() => {
      rmSync(dir, { recursive: true, force: true });
      process.exit(0);
    });
  });
}

async function startChild(client: FixtureCdsClient): Promise<{ url: string; stop: () => void }> {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', fileURLToPath(import.meta.url), 'serve', JSON.stringify(client.jwks())],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  const port = await new Promise<number>((resolve, reject) => {
    let buffer = '';
    child.stdout.on('data', (chunk: Buffer) => {
      buffer += chunk.toString('utf8');
      const line = buffer.split('\n')[0];
      if (buffer.includes('\n') && line) resolve((JSON.parse(line) as { port: number }).port);
    });
    child.once('exit', (code) => reject(new Error(`bench server exited with ${code}`)));
  });
  return { url: `http://127.0.0.1:${port}`, stop: () => child.kill('SIGTERM') };
}

async function tokens(client: FixtureCdsClient, path: string, n: number): Promise<string[]> {
  const out: string[] = [];
  for (let i = 0; i < n; i++) out.push(`Bearer ${await client.sign(`${PUBLIC_URL}${path}`, { lifetime: 600 })}`);
  return out;
}

async function main(): Promise<void> {
  const client = await createCdsClient({ iss: ISS });
  const server = await startChild(client);
  const results: Record<string, unknown>[] = [];
  try {
    for (const [id, hook] of SERVICES) {
      const path = `/cds-services/${id}`;
      const bodies = FIXTURE_PATIENTS.map((p: FixturePatient) => JSON.stringify(hookRequest(hook, p)));
      // warm-up: JIT, terminology caches, the audit file
      for (const [i, auth] of (await tokens(client, path, 20)).entries()) {
        const res = await fetch(`${server.url}${path}`, {
          method: 'POST',
          headers: { authorization: auth, 'content-type': 'application/json' },
          body: bodies[i % bodies.length] ?? '',
        });
        if (res.status !== 200) throw new Error(`warm-up call answered ${res.status}`);
      }
      for (const connections of CONNECTIONS) {
        const pool = await tokens(client, path, AMOUNT + connections);
        let next = 0;
        const started = performance.now();
        const r = await autocannon({
          url: server.url,
          connections,
          amount: Math.max(AMOUNT, connections), // autocannon needs at least one request per connection
          requests: [
            {
              method: 'POST',
              path,
              headers: { 'content-type': 'application/json' },
              setupRequest: (req) => {
                const i = next++;
                return {
                  ...req,
                  headers: { ...req.headers, authorization: pool[i % pool.length] ?? '' },
                  body: bodies[i % bodies.length] ?? '',
                };
              },
            },
          ],
        });
        const row = loadRow(r, performance.now() - started);
        results.push({ service: id, hook, connections, ...row });
        process.stderr.write(`${id} c=${connections}: ${row.rps} req/s p50 ${row.p50ms} ms p99 ${row.p99ms} ms\n`);
      }
    }
  } finally {
    server.stop();
  }
  process.stdout.write(
    JSON.stringify(
      {
        bench: 'cds-hooks',
        machine: { cpus: cpus().length, cpu: cpus()[0]?.model ?? 'unknown', node: process.version },
        setup: {
          backend: process.env.CDS_BENCH_CACHE === '1' ? 'rules pipeline, cache on' : 'rules pipeline, cache off',
          prefetch: 'full',
          auth: 'ES384 JWT, fresh jti per call',
          audit: 'hash-chained NDJSON with fdatasync',
          requestsPerRun: AMOUNT,
        },
        results,
      },
      null,
      2,
    ) + '\n',
  );
}

if (process.argv[2] === 'serve') await serve(process.argv[3] ?? '{"keys":[]}');
else await main();
