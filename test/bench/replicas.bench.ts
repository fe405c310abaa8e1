/**
 * Replicas benchmark (`npm run bench -- replicas`): CDS Hooks calls per second and p50/p99 latency at 64
 * connections for one replica on files, one replica on PostgreSQL, and two replicas on one PostgreSQL, in one
 * run; and audit appends per second (file log with fdatasync; PostgreSQL chain from one and from two writers).
 * Each replica is the real server (`server/main.ts`) in its own process; PostgreSQL is a throw-away cluster
 * with fsync and synchronous commit on, as in production. Two replicas get 32 connections each (the load
 * balancer's share); their p50/p99 are the higher of the two. Prints one JSON object.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import autocannon, { type AutocannonResult } from 'autocannon';
import { createCdsClient, type FixtureCdsClient } from '../../fixtures/ehr/cds-client.ts';
import { FIXTURE_PATIENTS } from '../../fixtures/ehr/cds-patients.ts';
import { buildAuditEvent } from '../../server/audit/audit-event.ts';
import { openAuditLog } from '../../server/audit/audit-log.ts';
import { openDatabase } from '../../server/db/database.ts';
import { migrateDatabase } from '../../server/db/migrate.ts';
import { openPgAuditLog } from '../../server/db/pg-audit-log.ts';
import { createLogger } from '../../server/log/logger.ts';
import { hookRequest } from '../cds-hooks/hook-requests.ts';
import { startTestPostgres } from '../helpers/postgres.ts';

const PUBLIC_URL = 'https://chartside.bench';
const ISS = 'https://ehr.bench/cds';
const SERVICE = '/cds-services/chartside-icd10-discharge';
const CONNECTIONS = 64;
const AMOUNT = Number(process.env.REPLICAS_BENCH_REQUESTS ?? 1000);
const AUDIT_APPENDS = Number(process.env.REPLICAS_BENCH_AUDIT ?? 2000);
const ROOT = fileURLToPath(new URL('../../', import.meta.url));

interface Replica {
  url: string;
  child: ChildProcess;
}

async function startReplica(env: Record<string, string>): Promise<Replica> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
    cwd: ROOT,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      out += chunk.toString('utf8');
      const m = /Chartside listening on (http:\/\/\S+)/.exec(out);
      if (m?.[1]) resolve(m[1]);
    });
    child.once('exit', (code) => reject(new Error(`replica exited with ${code}`)));
  });
  return { url, child };
}

async function stopReplica(r: Replica): Promise<void> {
  const exited = new Promise<void>((resolve) => r.child.once('exit', () => resolve()));
  r.child.kill('SIGTERM');
  await exited;
}

async function tokens(client: FixtureCdsClient, n: number): Promise<string[]> {
  const out: string[] = [];
  for (let i = 0; i < n; i++) out.push(`Bearer ${await client.sign(`${PUBLIC_URL}${SERVICE}`, { lifetime: 600 })}`);
  return out;
}

/** `amount` calls over `connections` to one replica, each with its own token. */
function load(url: string, pool: string[], bodies: string[], connections: number, amount: number) {
  let next = 0;
  return autocannon({
    url,
    connections,
    amount,
    requests: [
      {
        method: 'POST',
        path: SERVICE,
        headers: { 'content-type': 'application/json' },
        setupRequest: (req) => {
          const i = next++;
          return {
            ...req,
            headers: { ...req.headers, authorization: pool[i] ?? '' },
            body: bodies[i % bodies.length] ?? '',
          };
        },
      },
    ],
  });
}

/** Runs the CDS load against the replicas (64 connections shared evenly), after a warm-up of each. */
async function measure(name: string, replicas: Replica[], client: FixtureCdsClient) {
  const bodies = FIXTURE_PATIENTS.map((p) => JSON.stringify(hookRequest('encounter-discharge', p)));
  for (const r of replicas) {
    for (const [i, auth] of (await tokens(client, 20)).entries()) {
      const res = await fetch(`${r.url}${SERVICE}`, {
        method: 'POST',
        headers: { authorization: auth, 'content-type': 'application/json' },
        body: bodies[i % bodies.length] ?? '',
      });
      if (res.status !== 200) throw new Error(`${name}: warm-up call answered ${res.status}`);
    }
  }
  const share = Math.floor(AMOUNT / replicas.length);
  const pools = await Promise.all(replicas.map(() => tokens(client, share + CONNECTIONS)));
  const started = performance.now();
  const results: AutocannonResult[] = await Promise.all(
    replicas.map((r, i) => load(r.url, pools[i] ?? [], bodies, CONNECTIONS / replicas.length, share)),
  );
  const elapsedS = (performance.now() - started) / 1000;
  const total = results.reduce((n, r) => n + r.requests.total, 0);
  const row = {
    setup: name,
    replicas: replicas.length,
    connections: CONNECTIONS,
    requests: total,
    ok: results.reduce((n, r) => n + r['2xx'], 0),
    errors: results.reduce((n, r) => n + r.errors + r.timeouts + r.non2xx, 0),
    elapsedS: +elapsedS.toFixed(3),
    rps: +(total / elapsedS).toFixed(1),
    p50ms: Math.max(...results.map((r) => r.latency.p50)),
    p99ms: Math.max(...results.map((r) => r.latency.p99)),
  };
  process.stderr.write(`${name}: ${row.rps} req/s p50 ${row.p50ms} ms p99 ${row.p99ms} ms\n`);
  return row;
}

function event(n: number) {
  const at = new Date();
  return buildAuditEvent({
    kind: 'cds-service',
    method: 'POST',
    route: '/cds-services/:id',
    status: 200,
    completed: true,
    requestId: `bench-${n}`,
    start: at,
    end: at,
  });
}

/** Appends per second with 64 appends in flight at a time (64 concurrent requests), split over the writers. */
async function auditRate(
  writers: { append(e: ReturnType<typeof event>): void | Promise<void> }[],
  flush: () => Promise<void>,
) {
  let n = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: 64 }, async (_, lane) => {
      const writer = writers[lane % writers.length];
      while (n < AUDIT_APPENDS) {
        n += 1;
        await writer?.append(event(n));
      }
    }),
  );
  await flush();
  return +(AUDIT_APPENDS / ((performance.now() - started) / 1000)).toFixed(1);
}

async function main(): Promise<void> {
  const work = mkdtempSync(join(tmpdir(), 'chartside-replicas-bench-'));
  const cluster = await startTestPostgres(undefined, { durable: true });
  const client = await createCdsClient({ iss: ISS });
  const clientsFile = join(work, 'cds-clients.json');
  writeFileSync(clientsFile, JSON.stringify([{ iss: ISS, jwks: client.jwks() }]));
  const base = {
    CHARTSIDE_PORT: '0',
    CHARTSIDE_PUBLIC_URL: PUBLIC_URL,
    CHARTSIDE_CDS_CLIENTS: clientsFile,
    CHARTSIDE_CDS_RATE_LIMIT: '1000000000',
    CHARTSIDE_EHR_SIMULATOR: 'false',
    CHARTSIDE_LOG_LEVEL: 'warn',
    CHARTSIDE_SHUTDOWN_DRAIN_MS: '0',
    CHARTSIDE_DEID_SECRET: 'bench-secret-0123456789abcdef0123456789',
  };
  const results = [];
  const audit: Record<string, number> = {};
  try {
    const files = await startReplica({
      ...base,
      CHARTSIDE_AUDIT_LOG: join(work, 'audit.ndjson'),
      CHARTSIDE_FEEDBACK_LOG: join(work, 'feedback.ndjson'),
    });
    results.push(await measure('1 replica, files', [files], client));
    await stopReplica(files);

    const pgEnv = { ...base, CHARTSIDE_DATABASE_URL: cluster.url };
    const one = await startReplica(pgEnv);
    results.push(await measure('1 replica, PostgreSQL', [one], client));
    const two = await startReplica(pgEnv);
    results.push(await measure('2 replicas, one PostgreSQL', [one, two], client));
    await Promise.all([stopReplica(one), stopReplica(two)]);

    const logger = createLogger({ level: 'silent' });
    const fileLog = await openAuditLog(join(work, 'audit-rate.ndjson'), { logger });
    audit.fileAppendsPerS = await auditRate([fileLog], () => fileLog.flush());
    await fileLog.close();
    const db1 = openDatabase({ url: cluster.url, maxConnections: 10, logger });
    const db2 = openDatabase({ url: cluster.url, maxConnections: 10, logger });
    await migrateDatabase(db1);
    const a = openPgAuditLog(db1);
    audit.postgresAppendsPerS = await auditRate([a], () => a.flush());
    const b = openPgAuditLog(db2);
    audit.postgresTwoWritersAppendsPerS = await auditRate([a, b], async () => {
      await a.flush();
      await b.flush();
    });
    await Promise.all([a.close(), b.close()]);
    await Promise.all([db1.close(), db2.close()]);
  } finally {
    await cluster.destroy();
    rmSync(work, { recursive: true, force: true });
  }
  const filesRps = results[0]?.rps ?? 0;
  process.stdout.write(
    JSON.stringify(
      {
        bench: 'replicas',
        machine: { cpus: cpus().length, cpu: cpus()[0]?.model ?? 'unknown', node: process.version },
        setup: {
          service: 'chartside-icd10-discharge (rules pipeline, cache on by default, full prefetch)',
          auth: 'ES384 JWT, fresh jti per call',
          postgres: 'PostgreSQL 15, loopback, fsync and synchronous_commit on',
          requestsPerRun: AMOUNT,
          auditAppends: AUDIT_APPENDS,
        },
        results: results.map((r) => ({ ...r, rpsRatioToFiles: filesRps > 0 ? +(r.rps / filesRps).toFixed(2) : 0 })),
        audit,
      },
      null,
      2,
    ) + '\n',
  );
}

await main();
