import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createDeidentifier } from '../../server/deid/index.ts';
import { deidentifyFiles } from '../../server/deid/ndjson/deidentify-ndjson.ts';
import { AppError } from '../../server/errors/app-error.ts';

const deid = createDeidentifier({ secret: 'ndjson-test-secret-0123456789abcdef01' });
const patientLine = JSON.stringify({
  resourceType: 'Patient',
  id: 'p1',
  name: [{ family: 'Zieme', given: ['Jerilyn'] }],
  gender: 'female',
});
const conditionLine = JSON.stringify({
  resourceType: 'Condition',
  id: 'c1',
  subject: { reference: 'Patient/p1' },
  code: { coding: [{ system: 'http://snomed.info/sct', code: '44054006' }] },
  note: [{ text: 'Jerilyn Zieme reports thirst.' }],
});

async function withInput(
  t: { after: (fn: () => Promise<void>) => void },
  content: Buffer | string,
): Promise<{ input: string; out: string }> {
  const dir = await mkdtemp(join(tmpdir(), 'chartside-deid-'));
  t.after(() => rm(dir, { recursive: true, force: true }));
  const input = join(dir, 'in.ndjson');
  await writeFile(input, content);
  return { input, out: join(dir, 'out') };
}

test('bad lines are reported by line number and skipped, and every valid record is written', async (t) => {
  const content = Buffer.concat([
    Buffer.from(`${patientLine}\n{not json\n${JSON.stringify({ resourceType: 'Basic', id: 'b' })}\n[1,2]\n`),
    Buffer.from([0xff, 0xfe, 0x7b, 0x7d, 0x0a]),
    Buffer.from(`${'x'.repeat(3000)}\n${conditionLine}\n`),
  ]);
  const { input, out } = await withInput(t, content);
  const report = await deidentifyFiles(deid, { input, outDir: out, onError: 'skip', maxLineBytes: 2048 });
  assert.deepEqual(report.records, { read: 7, written: 2, skipped: 5 });
  assert.deepEqual(report.errors, [
    { file: 'in.ndjson', line: 2, message: 'not valid JSON' },
    { file: 'in.ndjson', line: 3, message: 'resource type Basic is not in the de-identification profile' },
    { file: 'in.ndjson', line: 4, message: 'not a FHIR resource (no resourceType)' },
    { file: 'in.ndjson', line: 5, message: 'not valid UTF-8' },
    { file: 'in.ndjson', line: 6, message: 'line is longer than 2048 bytes' },
  ]);
  assert.deepEqual(report.resourceTypes, { Patient: 1, Condition: 1 });
  const lines = (await readFile(join(out, 'in.ndjson'), 'utf8')).trim().split('\n');
  assert.equal(lines.length, 2);
  assert.equal((JSON.parse(lines[1] ?? '{}') as { note: { text: string }[] }).note[0]?.text, '[NAME] reports thirst.');
  const written = JSON.parse(await readFile(join(out, 'deid-report.json'), 'utf8')) as { records: unknown };
  assert.deepEqual(written.records, report.records);
});

test('with onError stop, the run stops at the first bad line and names it', async (t) => {
  const { input, out } = await withInput(t, `${patientLine}\n{not json\n${conditionLine}\n`);
  await assert.rejects(
    deidentifyFiles(deid, { input, outDir: out, onError: 'stop' }),
    (e: unknown) =>
      e instanceof AppError && e.code === 'CORRUPT_DATA' && e.message === 'in.ndjson line 2: not valid JSON',
  );
});

test('the report counts per category and per resource type and holds no values', async (t) => {
  const { input, out } = await withInput(t, `${patientLine}\n${conditionLine}\n`);
  const report = await deidentifyFiles(deid, { input, outDir: out, onError: 'skip' });
  const text = await readFile(join(out, 'deid-report.json'), 'utf8');
  assert.equal(/Zieme|Jerilyn/.test(text), false);
  assert.equal(report.categories.NAME, 2);
  assert.deepEqual(report.resourceTypes, { Patient: 1, Condition: 1 });
});
