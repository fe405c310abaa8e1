import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { drawReviewSample } from '../../server/deid/review/review-sample.ts';
import { evaluateReviewSheet } from '../../server/deid/review/review-result.ts';

async function tempDir(t: { after: (fn: () => Promise<void>) => void }): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'chartside-review-'));
  t.after(() => rm(dir, { recursive: true, force: true }));
  return dir;
}

test('review-sample draws n records, the same ones again for the same seed', async (t) => {
  const dir = await tempDir(t);
  const lines = Array.from({ length: 50 }, (_, i) => JSON.stringify({ resourceType: 'Observation', id: `o${i}` }));
  await writeFile(join(dir, 'Observation.ndjson'), lines.join('\n') + '\n');
  await writeFile(join(dir, 'deid-report.json'), '{}');
  assert.equal(await drawReviewSample({ dir, n: 10, seed: 's1', out: join(dir, 'a.jsonl') }), 10);
  await drawReviewSample({ dir, n: 10, seed: 's1', out: join(dir, 'b.jsonl') });
  const a = await readFile(join(dir, 'a.jsonl'), 'utf8');
  assert.equal(a, await readFile(join(dir, 'b.jsonl'), 'utf8'));
  const rows = a
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as { file: string; phi: null; categories: string[] });
  assert.equal(rows.length, 10);
  assert.deepEqual(rows[0] && { file: rows[0].file, phi: rows[0].phi, categories: rows[0].categories }, {
    file: 'Observation.ndjson',
    phi: null,
    categories: [],
  });
});

function sheet(leaks: string[][], total: number): string {
  return (
    Array.from({ length: total }, (_, i) =>
      JSON.stringify({ file: 'f.ndjson', line: i + 1, record: {}, phi: i < leaks.length, categories: leaks[i] ?? [] }),
    ).join('\n') + '\n'
  );
}

test('review-result passes at 2% of records with PHI', async (t) => {
  const path = join(await tempDir(t), 'sheet.jsonl');
  await writeFile(path, sheet([['NAME'], ['DATE']], 100));
  assert.deepEqual(await evaluateReviewSheet(path), {
    reviewed: 100,
    leaked: 2,
    leakRate: 0.02,
    passed: true,
    categories: { NAME: 1, DATE: 1 },
  });
});

test('review-result fails above 2% and names the leaked categories', async (t) => {
  const path = join(await tempDir(t), 'sheet.jsonl');
  await writeFile(path, sheet([['NAME'], ['NAME', 'DATE'], ['DATE']], 100));
  assert.deepEqual(await evaluateReviewSheet(path), {
    reviewed: 100,
    leaked: 3,
    leakRate: 0.03,
    passed: false,
    categories: { NAME: 2, DATE: 2 },
  });
});

test('review-result refuses a sheet with an unreviewed row, naming its line', async (t) => {
  const path = join(await tempDir(t), 'sheet.jsonl');
  await writeFile(
    path,
    `${JSON.stringify({ file: 'f', line: 1, record: {}, phi: false, categories: [] })}\n${JSON.stringify({ file: 'f', line: 2, record: {}, phi: null, categories: [] })}\n`,
  );
  await assert.rejects(evaluateReviewSheet(path), {
    message: 'review sheet line 2: phi: phi must be true or false (not reviewed yet?)',
  });
});
