import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { buildAuditEvent } from '../../server/audit/audit-event.ts';
import { verifyAuditLog } from '../../server/audit/verify-audit-log.ts';
import { exportAuditTable, verifyAuditTable } from '../../server/db/audit-table.ts';
import { openDatabase, type Database } from '../../server/db/database.ts';
import { migrateDatabase } from '../../server/db/migrate.ts';
import { openPgAuditLog } from '../../server/db/pg-audit-log.ts';
import { pgEntries, sweepExpired } from '../../server/db/pg-expiring-entries.ts';
import { pgFeedbackStore } from '../../server/db/pg-feedback-store.ts';
import { PgRateLimitStore } from '../../server/db/pg-rate-limit-store.ts';
import { pgReplayStore } from '../../server/db/pg-replay-store.ts';
import type { FeedbackRecord } from '../../server/feedback/feedback-store.ts';
import { FeedbackLineSchema } from '../../server/datasets/feedback-pairs.ts';
import { captureLogger } from '../helpers/app.ts';
import { startTestPostgres, type TestPostgres } from '../helpers/postgres.ts';
import { testDir } from '../helpers/temp-dir.ts';

const BIN = fileURLToPath(new URL('../../bin/chartside.js', import.meta.url));

let cluster: TestPostgres;
let db: Database;
const { logger } = captureLogger();

before(async () => {
  cluster = await startTestPostgres();
  db = openDatabase({ url: cluster.url, maxConnections: 8, logger });
  await migrateDatabase(db);
});
after(async () => {
  await db?.close();
  await cluster?.destroy();
});

function chartside(args: string[], env: Record<string, string> = {}) {
  const r = spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', env: { ...process.env, ...env } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

function event(n: number) {
  const at = new Date(Date.UTC(2026, 0, 1, 0, 0, n));
  return buildAuditEvent({
    kind: 'http',
    method: 'GET',
    route: '/x',
    status: 200,
    completed: true,
    requestId: `req-${String(n).padStart(6, '0')}`,
    start: at,
    end: at,
  });
}

test('migrations apply once: concurrent runs wait on the advisory lock and find the schema current', async () => {
  const results = await Promise.all([migrateDatabase(db), migrateDatabase(db), migrateDatabase(db)]);
  assert.deepEqual(
    results.map((r) => r.applied),
    [[], [], []],
  );
  const fresh = await cluster.createDatabase('migrate_fresh');
  const other = openDatabase({ url: fresh, maxConnections: 4, logger });
  try {
    const both = await Promise.all([migrateDatabase(other), migrateDatabase(other)]);
    assert.deepEqual(both.map((r) => r.applied).sort(), [[], [1, 2]]);
    assert.ok(both.every((r) => r.version === 2));
  } finally {
    await other.close();
  }
});

test('a migration changed after it was applied stops start-up with a CONFIG error', async () => {
  await assert.rejects(
    migrateDatabase(db, [{ version: 1, name: 'shared-state', sql: 'SELECT 1', sha256: 'f'.repeat(64) }]),
    (e: { code?: string }) => e.code === 'CONFIG',
  );
});

test('chartside db migrate reports the schema current; a bad URL is one line and exit 2', () => {
  const ok = chartside(['db', 'migrate', '--database-url', cluster.url]);
  assert.equal(ok.code, 0, ok.stderr);
  assert.equal(ok.stdout, 'schema current at version 2\n');
  const bad = chartside(['db', 'migrate', '--database-url', 'mysql://x']);
  assert.equal(bad.code, 2);
  assert.equal(bad.stderr, 'chartside: --database-url must be a postgres:// URL\n');
});

test('a JWT id is first used once across stores on one database; an expired one may be reused', async () => {
  const a = pgReplayStore(db);
  const b = pgReplayStore(db);
  const results = await Promise.all(
    Array.from({ length: 8 }, (_, i) => (i % 2 ? a : b).firstUse('iss', 'j1', 2000, 1000)),
  );
  assert.equal(results.filter(Boolean).length, 1);
  assert.equal(await a.firstUse('iss', 'j1', 5000, 2500), true);
  assert.equal(await b.firstUse('iss', 'j1', 5000, 2600), false);
  assert.equal(await a.firstUse('other-iss', 'j1', 5000, 2600), true);
});

test('a single-use entry is taken by exactly one of many concurrent takers; expired entries are gone', async () => {
  let now = 1_000;
  const entries = pgEntries(db, () => now)<{ v: number }>('test-take', 500);
  await entries.set('k', { v: 7 });
  assert.deepEqual(await entries.get('k'), { v: 7 });
  const taken = await Promise.all(Array.from({ length: 10 }, () => entries.take('k')));
  assert.deepEqual(
    taken.filter((t) => t !== undefined),
    [{ v: 7 }],
  );
  await entries.set('old', { v: 1 });
  now = 1_600;
  assert.equal(await entries.get('old'), undefined);
  assert.equal(await entries.take('old'), undefined);
  await entries.set('live', { v: 2 });
  assert.ok((await sweepExpired(db, now)) >= 0);
  assert.deepEqual(await entries.get('live'), { v: 2 });
});

test('audit appends from two writers (two replicas) form one chain that verifies, and export verifies as a file', async () => {
  const a = openPgAuditLog(db);
  const b = openPgAuditLog(db);
  await Promise.all(Array.from({ length: 120 }, (_, i) => (i % 2 ? a : b).append(event(i))));
  await Promise.all([a.close(), b.close()]);
  const verified = await verifyAuditTable(db);
  assert.equal(verified.ok, true, JSON.stringify(verified.problems));
  assert.equal(verified.records, 120);
  assert.equal(verified.head, 'match');
  const file = join(testDir('chartside-audit-export-'), 'audit.ndjson');
  await exportAuditTable(db, file);
  const fromFile = await verifyAuditLog(file);
  assert.equal(fromFile.ok, true);
  assert.equal(fromFile.lines, 120);
  assert.equal(fromFile.lastHash, verified.lastHash);
  const ids = readFileSync(file, 'utf8').match(/req-\d{6}/g) ?? [];
  assert.equal(new Set(ids).size, 120);

  const cli = chartside(['audit', 'verify'], { CHARTSIDE_DATABASE_URL: cluster.url });
  assert.equal(cli.code, 0, cli.stderr);
  assert.match(cli.stdout, /^intact: 120 records in the database, last #120 sha256 [0-9a-f]{64}, head match\n$/);
  const out = join(testDir('chartside-audit-export-'), 'trail.ndjson');
  const exported = chartside(['audit', 'export', '--out', out, '--database-url', cluster.url]);
  assert.equal(exported.code, 0, exported.stderr);
  assert.equal(chartside(['audit', 'verify', out]).code, 0);
});

test('an edited, deleted or re-hashed audit record fails verification (exit 3 from the CLI)', async () => {
  const fresh = await cluster.createDatabase('audit_tamper');
  const other = openDatabase({ url: fresh, maxConnections: 2, logger });
  try {
    await migrateDatabase(other);
    const log = openPgAuditLog(other);
    await Promise.all(Array.from({ length: 5 }, (_, i) => log.append(event(i))));
    await log.close();
    await other.query(`UPDATE audit_events SET line = replace(line, '"GET"', '"PUT"') WHERE seq = 3`);
    const edited = await verifyAuditTable(other);
    assert.equal(edited.ok, false);
    // Its stored hash no longer matches, and the next record's link neither.
    assert.deepEqual(
      edited.problems.map((p) => p.line),
      [3, 4],
    );
    const cli = chartside(['audit', 'verify', '--database-url', fresh]);
    assert.equal(cli.code, 3);
    assert.match(cli.stderr, /^chartside: audit table fails verification at record 3: /);
    await other.query('DELETE FROM audit_events WHERE seq = 5');
    assert.equal((await verifyAuditTable(other)).head, 'ahead');
  } finally {
    await other.close();
  }
});

test('rate-limit counters are shared by two stores and start again in the next window', async () => {
  let now = 60_000;
  const a = new PgRateLimitStore(db, 'cds:', () => now);
  const b = new PgRateLimitStore(db, 'cds:', () => now);
  const options = { windowMs: 60_000 } as Parameters<PgRateLimitStore['init']>[0];
  a.init(options);
  b.init(options);
  const hits = [];
  for (let i = 0; i < 4; i++) hits.push((await (i % 2 ? a : b).increment('client-1')).totalHits);
  assert.deepEqual(hits, [1, 2, 3, 4]);
  await a.decrement('client-1');
  assert.equal((await b.get('client-1'))?.totalHits, 3);
  now = 120_000;
  assert.equal((await b.increment('client-1')).totalHits, 1);
  await a.resetKey('client-1');
  assert.equal(await b.get('client-1'), undefined);
});

test('feedback records from one call are stored together as JSON rows', async () => {
  const record: FeedbackRecord = {
    receivedAt: '2026-01-01T00:00:00.000Z',
    service: 'chartside-icd10-discharge',
    client: 'https://ehr.test',
    card: 'c1',
    outcome: 'accepted',
    acceptedSuggestions: ['s1'],
    hasUserComment: false,
    outcomeTimestamp: '2026-01-01T00:00:00.000Z',
  };
  await pgFeedbackStore(db).record([record, { ...record, card: 'c2' }]);
  const { rows } = await db.query<{ record: FeedbackRecord }>('SELECT record FROM feedback ORDER BY id');
  assert.deepEqual(
    rows.map((r) => r.record.card),
    ['c1', 'c2'],
  );
});

test('keys and values holding NUL or a percent sign are stored and kept apart, never a database error', async () => {
  const entries = pgEntries(db)<{ card: string }>('test-nul', 60_000);
  await entries.set('a\u0000b', { card: 'x\u0000y' });
  await entries.set('a%00b', { card: 'plain' });
  assert.deepEqual(await entries.take('a\u0000b'), { card: 'x\uFFFDy' });
  assert.deepEqual(await entries.take('a%00b'), { card: 'plain' });
  assert.equal(await pgReplayStore(db).firstUse('iss', 'j\u0000', Date.now() + 60_000, Date.now()), true);
  await pgFeedbackStore(db).record([
    {
      receivedAt: '2026-01-01T00:00:00.000Z',
      service: 's',
      client: 'c',
      card: 'nul\u0000card \\u0000',
      outcome: 'accepted',
      acceptedSuggestions: [],
      hasUserComment: false,
      outcomeTimestamp: '2026-01-01T00:00:00.000Z',
    },
  ]);
  const { rows } = await db.query<{ card: string }>(
    "SELECT record->>'card' AS card FROM feedback WHERE record->>'service' = 's'",
  );
  assert.deepEqual(rows, [{ card: 'nul\uFFFDcard \\u0000' }]);
});

test('chartside db export writes the feedback table as the NDJSON that dataset build --feedback reads', () => {
  const out = join(testDir('chartside-db-export-'), 'feedback.ndjson');
  const r = chartside(['db', 'export', '--table', 'feedback', '--out', out, '--database-url', cluster.url]);
  assert.equal(r.code, 0, r.stderr);
  const lines = readFileSync(out, 'utf8').trim().split('\n');
  const records = lines.map((l) => FeedbackLineSchema.parse(JSON.parse(l)));
  assert.deepEqual(records.map((f) => f.card).slice(0, 2), ['c1', 'c2']);
  assert.equal(r.stdout, `wrote ${lines.length} records to ${out}\n`);
  const bad = chartside(['db', 'export', '--table', 'audit', '--out', out, '--database-url', cluster.url]);
  assert.equal(bad.code, 2);
});

test('db and audit commands: an unreachable or misnamed database is one line naming --database-url, never its password', () => {
  const password = 'S3cretCanary';
  const unreachable = `postgres://chartside:${password}@127.0.0.1:1/chartside`;
  const misnamed = new URL(cluster.url);
  misnamed.password = password;
  misnamed.pathname = '/no_such_database';
  const runs = [
    [
      ['db', 'migrate', '--database-url', unreachable],
      /^chartside: cannot reach the database at 127\.0\.0\.1:1; check --database-url/,
    ],
    [
      ['audit', 'verify', '--database-url', unreachable],
      /^chartside: cannot reach the database at 127\.0\.0\.1:1; check --database-url/,
    ],
    [
      ['db', 'migrate', '--database-url', misnamed.href],
      /^chartside: the database at .* refused the database name of --database-url/,
    ],
  ] as const;
  for (const [args, message] of runs) {
    const r = chartside([...args]);
    assert.notEqual(r.code, 0, args.join(' '));
    assert.match(r.stderr, message);
    assert.equal(r.stderr.trim().split('\n').length, 1, r.stderr);
    assert.ok(!r.stderr.includes(password) && !r.stdout.includes(password), 'the password is never printed');
  }
});
