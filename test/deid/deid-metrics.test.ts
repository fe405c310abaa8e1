import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readDeidCases, type DeidCase } from '../../server/eval/deid-cases.ts';
import { computeDeidMetrics } from '../../server/eval/deid-metrics.ts';

// "Pt John Smith seen 3/4/2021 at Boston." gold: NAME "John Smith" (2 tokens), DATE "3/4/2021" (3 tokens).
const text = 'Pt John Smith seen 3/4/2021 at Boston.';
const gold: DeidCase = {
  id: 'a',
  text,
  phi: [
    { start: 3, end: 13, type: 'NAME' },
    { start: 19, end: 27, type: 'DATE' },
  ],
};

test('metrics by hand: one name token missed, one extra token masked', () => {
  // Masked: "Smith" (8-13), "3/4" (19-22, tokens 3 and 4), "Boston" (31-37, not gold).
  const m = computeDeidMetrics(
    [gold],
    [
      [
        { start: 8, end: 13 },
        { start: 19, end: 22 },
        { start: 31, end: 37 },
      ],
    ],
  );
  // Gold tokens: John, Smith, 3, 4 and the year 2021, which counts only when masked: 3 of 4 hit.
  // Masked tokens: Smith, 3, 4, Boston: 3 of 4 gold. Spans wholly masked: the date only (its year may stay).
  assert.deepEqual(m, {
    tokenRecall: 0.75,
    tokenPrecision: 0.75,
    spanRecall: 0.5,
    byType: { DATE: 1, NAME: 0.5 },
    n: 1,
  });
});

test('metrics by hand: everything masked exactly gives 1 everywhere', () => {
  assert.deepEqual(
    computeDeidMetrics(
      [gold],
      [
        [
          { start: 3, end: 13 },
          { start: 19, end: 27 },
        ],
      ],
    ),
    { tokenRecall: 1, tokenPrecision: 1, spanRecall: 1, byType: { DATE: 1, NAME: 1 }, n: 1 },
  );
});

test('a bad case line is reported by its line number, not its content', async (t) => {
  const dir = await mkdtemp(join(tmpdir(), 'chartside-cases-'));
  t.after(() => rm(dir, { recursive: true, force: true }));
  const path = join(dir, 'cases.jsonl');
  await writeFile(
    path,
    `${JSON.stringify(gold)}\n{"id":"b","text":"secret Smith","phi":[{"start":0,"end":99,"type":"NAME"}]}\n`,
  );
  await assert.rejects(readDeidCases(path), { message: 'cases line 2: phi: span offsets outside the text' });
});
