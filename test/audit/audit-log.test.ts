import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { appendFileSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { buildAuditEvent, type AuditRecordInput } from '../../server/audit/audit-event.ts';
import { openAuditLog } from '../../server/audit/audit-log.ts';
import { verifyAuditLog } from '../../server/audit/verify-audit-log.ts';
import { captureLogger } from '../helpers/app.ts';
import { testDir } from '../helpers/temp-dir.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

function input(i: number): AuditRecordInput {
  return {
    kind: 'cds-service',
    method: 'POST',
    route: '/cds-services/:id',
    status: 200,
    completed: true,
    requestId: `req-${i}`,
    start: new Date(Date.UTC(2025, 2, 2, 10, 0, i)),
    end: new Date(Date.UTC(2025, 2, 2, 10, 0, i, 42)),
    client: 'https://ehr.test/cds',
    user: 'Practitioner/dr-ortiz',
    location: 'Location/ward-4b',
    service: 'chartside-icd10-discharge',
    engine: { backend: 'rules', modelVersion: 'm-1', terminologyVersion: '2026' },
    suggestions: 3,
  };
}

async function writeLog(count: number): Promise<string> {
  const file = join(testDir('chartside-audit-'), 'audit.ndjson');
  const log = await openAuditLog(file, { logger: captureLogger().logger });
  for (let i = 1; i <= count; i++) log.append(buildAuditEvent(input(i)));
  await log.close();
  return file;
}

const lines = (file: string): string[] =>
  readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => l !== '');

test('an AuditEvent carries client, user, location, service, engine, outcome and latency, and no content', () => {
  const e = buildAuditEvent(input(1));
  assert.equal(e.resourceType, 'AuditEvent');
  assert.equal(e.outcome, '0');
  assert.equal(e.recorded, '2025-03-02T10:00:01.042Z');
  assert.deepEqual(e.period, { start: '2025-03-02T10:00:01.000Z', end: '2025-03-02T10:00:01.042Z' });
  assert.deepEqual(e.agent[0]?.who, {
    identifier: { system: 'urn:chartside:cds-client', value: 'https://ehr.test/cds' },
  });
  assert.deepEqual(e.agent[1]?.who, { reference: 'Practitioner/dr-ortiz' });
  assert.deepEqual(e.agent[1]?.location, { reference: 'Location/ward-4b' });
  const detail = Object.fromEntries((e.entity?.[0]?.detail ?? []).map((d) => [d.type, d.valueString]));
  assert.equal(detail.service, 'chartside-icd10-discharge');
  assert.equal(detail.modelVersion, 'm-1');
  assert.equal(detail.latencyMs, '42');
  assert.equal(detail.suggestions, '3');
  assert.match(detail.engineVersion ?? '', /^chartside \d+\.\d+\.\d+/);
  assert.equal(buildAuditEvent({ ...input(2), status: 401 }).outcome, '4');
  assert.equal(buildAuditEvent({ ...input(3), status: 503 }).outcome, '8');
});

test('a log written and closed verifies intact, its head matching the last line', async () => {
  const file = await writeLog(5);
  const result = await verifyAuditLog(file);
  assert.equal(result.ok, true);
  assert.equal(result.lines, 5);
  assert.equal(result.lastSeq, 5);
  assert.equal(result.head, 'match');
});

test('reopening goes on with the chain', async () => {
  const file = await writeLog(2);
  const log = await openAuditLog(file, { logger: captureLogger().logger });
  log.append(buildAuditEvent(input(3)));
  await log.close();
  const result = await verifyAuditLog(file);
  assert.equal(result.ok, true);
  assert.equal(result.lastSeq, 3);
});

test('an edited line is detected', async () => {
  const file = await writeLog(4);
  const all = lines(file);
  all[1] = (all[1] ?? '').replace('"HTTP 200"', '"HTTP 201"');
  writeFileSync(file, all.join('\n') + '\n');
  const result = await verifyAuditLog(file);
  assert.equal(result.ok, false);
  assert.deepEqual(result.problems[0], { line: 3, problem: 'prev hash does not match line 2' });
});

test('a deleted line in the middle, or at the end, is detected', async () => {
  const file = await writeLog(4);
  const all = lines(file);
  writeFileSync(file, [all[0], all[2], all[3]].join('\n') + '\n');
  assert.equal((await verifyAuditLog(file)).ok, false);
  const tail = await writeLog(4);
  writeFileSync(tail, lines(tail).slice(0, 3).join('\n') + '\n');
  const result = await verifyAuditLog(tail);
  assert.equal(result.ok, false);
  assert.equal(result.head, 'ahead');
});

test('reordered lines are detected', async () => {
  const file = await writeLog(4);
  const all = lines(file);
  writeFileSync(file, [all[0], all[2], all[1], all[3]].join('\n') + '\n');
  const result = await verifyAuditLog(file);
  assert.equal(result.ok, false);
  assert.match(result.problems[0]?.problem ?? '', /sequence number 3 where 2 was expected/);
});

test('an edited last line is detected through the head', async () => {
  const file = await writeLog(3);
  const all = lines(file);
  all[2] = (all[2] ?? '').replace('"req-3"', '"req-X"');
  writeFileSync(file, all.join('\n') + '\n');
  const result = await verifyAuditLog(file);
  assert.equal(result.ok, false);
  assert.equal(result.head, 'mismatch');
});

test('a torn last line (crash mid-write) is reported, then cut at the next open; the chain goes on', async () => {
  const file = await writeLog(3);
  appendFileSync(file, '{"resourceType":"AuditEvent","id":"torn');
  const before = await verifyAuditLog(file);
  assert.equal(before.ok, true);
  assert.equal(before.tornTail, true);
  const { logger, lines: logLines } = captureLogger();
  const log = await openAuditLog(file, { logger });
  log.append(buildAuditEvent(input(4)));
  await log.close();
  assert.ok(logLines.some((l) => l.includes('torn last line')));
  const after = await verifyAuditLog(file);
  assert.equal(after.ok, true);
  assert.equal(after.tornTail, false);
  assert.equal(after.lastSeq, 4);
});

test('many appends from concurrent requests land in chain order', async () => {
  const file = join(testDir('chartside-audit-'), 'audit.ndjson');
  const log = await openAuditLog(file, { logger: captureLogger().logger });
  await Promise.all(
    Array.from(
      { length: 200 },
      (_, i) =>
        new Promise<void>((resolve) =>
          setImmediate(() => {
            log.append(buildAuditEvent(input(i % 59)));
            resolve();
          }),
        ),
    ),
  );
  await log.flush();
  const result = await verifyAuditLog(file);
  assert.equal(result.ok, true);
  assert.equal(result.lines, 200);
  await log.close();
});

test('chartside audit verify FILE exits 0 when intact and 3 when tampered', async () => {
  const file = await writeLog(3);
  const run = () =>
    spawnSync(process.execPath, ['--import', 'tsx', 'server/cli/main.ts', 'audit', 'verify', file], {
      cwd: ROOT,
      encoding: 'utf8',
    });
  const ok = run();
  assert.equal(ok.status, 0, ok.stderr);
  assert.match(ok.stdout, /^intact: 3 records/);
  const all = lines(file);
  writeFileSync(file, [all[1], all[0], all[2]].join('\n') + '\n');
  const bad = run();
  assert.equal(bad.status, 3);
  assert.match(bad.stderr, /audit log fails verification at line 1/);
});
