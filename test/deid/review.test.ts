import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { createHash } from 'node:crypto';
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

const sha256 = (text: string): string => createHash('sha256').update(text).digest('hex');

test('review-result passes at 2% of records with PHI', async (t) => {
  const path = join(await tempDir(t), 'sheet.jsonl');
  const text = sheet([['NAME'], ['DATE'], ['NAME'], ['ADDRESS']], 200);
  await writeFile(path, text);
  assert.deepEqual(await evaluateReviewSheet(path), {
    reviewed: 200,
    leaked: 4,
    leakRate: 0.02,
    passed: true,
    categories: { NAME: 2, DATE: 1, ADDRESS: 1 },
    sheetSha256: sha256(text),
  });
});

test('review-result fails above 2% and names the leaked categories', async (t) => {
  const path = join(await tempDir(t), 'sheet.jsonl');
  const text = sheet([['NAME'], ['NAME', 'DATE'], ['DATE'], [], ['MRN']], 200);
  await writeFile(path, text);
  assert.deepEqual(await evaluateReviewSheet(path), {
    reviewed: 200,
    leaked: 5,
    leakRate: 0.025,
    passed: false,
    categories: { NAME: 2, DATE: 2, UNSPECIFIED: 1, MRN: 1 },
    sheetSha256: sha256(text),
  });
});

test('review sheet has 100 reviewed records; the rule needs at least 200', async (t) => {
  const path = join(await tempDir(t), 'sheet.jsonl');
  await writeFile(path, sheet([], 100));
  await assert.rejects(evaluateReviewSheet(path), {
    message:
      'review sheet has 100 reviewed records; the rule needs at least 200 (or the drawn sample, with --drawn, where fewer were drawn)',
  });
});

test('with the drawn sample, every drawn record needs its verdict, unchanged; fewer than 200 drawn is enough', async (t) => {
  const dir = await tempDir(t);
  const drawn = join(dir, 'drawn.jsonl');
  const rows = Array.from({ length: 50 }, (_, i) => ({ file: 'f.ndjson', line: i + 1, record: { id: `r${i}` } }));
  await writeFile(drawn, rows.map((r) => JSON.stringify({ ...r, phi: null, categories: [] })).join('\n') + '\n');
  const path = join(dir, 'sheet.jsonl');
  const write = (edit: (r: (typeof rows)[number], i: number) => object | undefined): Promise<void> =>
    writeFile(
      path,
      rows
        .map(edit)
        .filter((r) => r !== undefined)
        .map((r) => JSON.stringify(r))
        .join('\n') + '\n',
    );
  await write((r, i) => ({ ...r, phi: i < 2, categories: i < 2 ? ['NAME'] : [] }));
  const outcome = await evaluateReviewSheet(path, { drawn });
  assert.equal(outcome.reviewed, 50);
  assert.equal(outcome.passed, false);
  assert.equal(outcome.drawn?.records, 50);
  await write((r, i) => (i === 7 ? undefined : { ...r, phi: false }));
  await assert.rejects(evaluateReviewSheet(path, { drawn }), {
    message: 'review sheet lacks 1 of the 50 drawn records (first: f.ndjson:8); every drawn record needs a verdict',
  });
  await write((r, i) => ({ ...r, record: i === 3 ? { id: 'edited' } : r.record, phi: false }));
  await assert.rejects(evaluateReviewSheet(path, { drawn }), {
    message:
      'review sheet line 4: the record of f.ndjson:4 differs from the drawn one; judge the records as drawn, changing only phi and categories',
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
