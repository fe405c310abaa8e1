import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { buildAuditEvent } from '../../server/audit/audit-event.ts';
import { openAuditLog } from '../../server/audit/audit-log.ts';
import { captureLogger } from '../helpers/app.ts';
import { testDir } from '../helpers/temp-dir.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

async function writeLog(count: number): Promise<string> {
  const file = join(testDir('chartside-audit-'), 'audit.ndjson');
  const log = await openAuditLog(file, { logger: captureLogger().logger });
  for (let i = 1; i <= count; i++) {
    log.append(
      buildAuditEvent({
        kind: 'http',
        method: 'GET',
        route: '/fhir/CodeSystem/$lookup',
        status: 200,
        completed: true,
        requestId: `req-${i}`,
        start: new Date(Date.UTC(2025, 2, 2, 10, 0, i)),
        end: new Date(Date.UTC(2025, 2, 2, 10, 0, i, 5)),
      }),
    );
  }
  await log.close();
  return file;
}

const verify = (...args: string[]) =>
  spawnSync(process.execPath, ['--import', 'tsx', 'server/cli/main.ts', 'audit', 'verify', ...args], {
    cwd: ROOT,
    encoding: 'utf8',
  });

test('audit verify without the .head file fails unless --no-head, and says what is then unprotected', async () => {
  const file = await writeLog(4);
  rmSync(`${file}.head`);
  // the last line removed: the chain alone cannot see it
  const kept = readFileSync(file, 'utf8').split('\n').slice(0, 3).join('\n') + '\n';
  writeFileSync(file, kept);
  const strict = verify(file);
  assert.equal(strict.status, 3);
  assert.equal(strict.stderr.trim().split('\n').length, 1);
  assert.match(strict.stderr, /^chartside: audit log head .*audit\.ndjson\.head is missing: .*pass --no-head/);
  const lenient = verify(file, '--no-head');
  assert.equal(lenient.status, 0, lenient.stderr);
  assert.match(lenient.stdout, /^chain intact: 3 records/);
  assert.match(lenient.stdout, /not protected without the head: the last lines could have been removed or rewritten/);
});

test('audit verify with an unreadable .head file fails as well', async () => {
  const file = await writeLog(2);
  writeFileSync(`${file}.head`, 'not json\n');
  const r = verify(file);
  assert.equal(r.status, 3);
  assert.match(r.stderr, /is unreadable: /);
  assert.equal(verify(file).stdout.split('\n')[0]?.startsWith('chain intact'), true);
});
