import assert from 'node:assert/strict';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { test } from 'node:test';
import { chromium } from 'playwright-core';
import type { TaskReport } from '../../server/eval/eval-report.ts';
import { computeGenerationMetrics } from '../../server/eval/generation-metrics.ts';
import { renderHtmlReport } from '../../server/eval/html-report.ts';
import { buildReport } from '../../server/eval/run-suite.ts';
import { DEFAULT_THRESHOLDS } from '../../server/eval/thresholds.ts';
import { tempDir } from '../inference/tiny-model.ts';

function sampleTasks(): TaskReport[] {
  const note = computeGenerationMetrics(
    'note',
    [
      {
        input: 'Cough 3 days. Amoxicillin 500 MG.',
        output: 'Subjective: cough for 3 days.\nPlan: amoxicillin 500 mg.',
      },
      { input: 'Knee pain.', output: 'Subjective: knee pain.\nPlan: rest.' },
    ],
    ['Subjective: cough for 3 days.\nPlan: amoxicillin 875 mg.', 'Subjective: knee pain.\nPlan: rest and ice.'],
  );
  const letter = computeGenerationMetrics(
    'patient-comm',
    [{ input: 'Start lisinopril 10 MG daily.', output: 'Take lisinopril 10 mg each day.' }],
    ['Take your lisinopril pill, 10 mg, every morning with water.'],
  );
  return [
    {
      task: 'coding',
      metrics: { top1: 0.8, top5: 0.9, recall5: 0.85, category1: 0.88, invalid: 0, n: 20, unsupportedEvidence: 0.05 },
      perCategory: { E: { n: 5, top1: 1 }, I: { n: 7, top1: 0.7143 }, J: { n: 8, top1: 0.75 } },
      fallbacks: 1,
    },
    {
      task: 'triage',
      metrics: {
        accuracy: 0.7,
        emergentRecall: 0.9,
        emergentRecallCI95: [0.6, 0.98],
        underTriage: 0.1,
        overTriage: 0.2,
        n: 20,
        confusion: {
          EMERGENT: { EMERGENT: 9, URGENT: 1 },
          URGENT: { URGENT: 3, 'SEMI-URGENT': 1 },
          'SEMI-URGENT': { 'SEMI-URGENT': 2, URGENT: 1 },
          'NON-URGENT': { 'NON-URGENT': 1, 'SEMI-URGENT': 2 },
        },
      },
      fallbacks: 0,
    },
    {
      task: 'deid',
      metrics: { tokenRecall: 0.97, tokenPrecision: 0.9, spanRecall: 0.95, byType: { DATE: 1, NAME: 0.94 }, n: 3 },
    },
    { task: 'note', ...note, source: 'predictions' },
    { task: 'patient-comm', ...letter, source: 'predictions' },
  ];
}

test('the HTML report opens offline in headless Chromium with its plots and threshold lines', async (t) => {
  const dir = await tempDir(t);
  const report = buildReport(
    sampleTasks(),
    DEFAULT_THRESHOLDS,
    { model: 'tiny@v1', modelVersion: 'llama:tiny.gguf@sha256:0123456789ab', sha256: '0'.repeat(64) },
    new Date('2026-03-01T12:00:00.000Z'),
  );
  const file = join(dir, 'report.html');
  await writeFile(file, renderHtmlReport(report));
  const url = pathToFileURL(file).href;

  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    headless: true,
    args: [
      '--no-sandbox',
      '--headless',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
  t.after(() => browser.close());
  const page = await browser.newPage();
  const requests: string[] = [];
  const problems: string[] = [];
  page.on('request', (r) => requests.push(r.url()));
  page.on('console', (m) => {
    if (m.type() === 'error' || m.type() === 'warning') problems.push(m.text());
  });
  page.on('pageerror', (e) => problems.push(e.message));
  await page.goto(url, { waitUntil: 'load' });

  assert.deepEqual(requests, [url], 'the report fetches nothing but itself');
  assert.deepEqual(problems, []);
  assert.equal(await page.locator('#verdict').textContent(), 'Promotion gate: FAILED');

  const plots = await page.locator('figure.plot').evaluateAll((figures) =>
    figures.map((f) => {
      const box = f.querySelector('svg')?.getBoundingClientRect();
      return { plot: f.getAttribute('data-plot'), width: box?.width ?? 0, height: box?.height ?? 0 };
    }),
  );
  const kinds = plots.map((p) => p.plot);
  for (const kind of [
    'coding-metrics',
    'coding-per-category',
    'confusion-matrix',
    'triage-recall',
    'deid-by-type',
    'bleu-distribution',
    'rouge-distribution',
    'section-distribution',
    'grade-distribution',
    'hallucinations',
  ])
    assert.ok(kinds.includes(kind), `plot ${kind}`);
  for (const p of plots) assert.ok(p.width > 100 && p.height > 100, `${p.plot} is drawn`);

  // Confusion matrix: 4 gold × 4 predicted cells, counts as given, the diagonal marked.
  const matrix = page.locator('[data-plot="confusion-matrix"]');
  assert.equal(await matrix.locator('rect.cell').count(), 16);
  assert.equal(await matrix.locator('rect.cell.diagonal').count(), 4);
  assert.equal(
    await matrix.locator('rect[data-gold="EMERGENT"][data-predicted="EMERGENT"]').getAttribute('data-count'),
    '9',
  );
  const shades = await matrix
    .locator('rect.cell')
    .evaluateAll((cells) => cells.map((c) => Number(getComputedStyle(c).fillOpacity)));
  assert.ok(Math.max(...shades) === 1 && Math.min(...shades) === 0, 'shaded by count');

  // Per-category bars scale with their values.
  const bars = page.locator('[data-plot="coding-per-category"] rect.bar');
  assert.equal(await bars.count(), 3);
  const heights = await bars.evaluateAll((rs) => rs.map((r) => r.getBoundingClientRect().height));
  assert.ok((heights[0] ?? 0) > (heights[2] ?? 0) && (heights[2] ?? 0) > (heights[1] ?? 0));

  // Threshold lines at the gate values, visible.
  const threshold = async (plot: string): Promise<string[]> =>
    page
      .locator(`[data-plot="${plot}"] g.threshold`)
      .evaluateAll((gs) => gs.map((g) => g.getAttribute('data-threshold') ?? ''));
  assert.deepEqual(await threshold('coding-per-category'), ['0.9']);
  assert.deepEqual(await threshold('triage-recall'), ['0.95']);
  assert.deepEqual(await threshold('bleu-distribution'), ['0.7']);
  assert.deepEqual(await threshold('grade-distribution'), ['6', '8']);
  const line = page.locator('[data-plot="triage-recall"] g.threshold line');
  assert.equal(await line.evaluate((l) => getComputedStyle(l).strokeDasharray), '6px, 4px');

  // Gate table and meanings beside the metrics.
  assert.equal(await page.locator('tr[data-check="triage.emergentRecall"] .badge').textContent(), 'fail');
  assert.equal(await page.locator('tr[data-check="coding.invalid"] .badge').textContent(), 'pass');
  assert.match(
    (await page.locator('section[data-task="triage"] table.metrics').textContent()) ?? '',
    /share of gold EMERGENT cases predicted EMERGENT/,
  );
});
