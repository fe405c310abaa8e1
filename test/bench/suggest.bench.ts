/**
 * Suggestion benchmark (`npm run bench`): end-to-end latency of the `rules` pipeline (de-identification,
 * understanding, retrieval, decision, guardrails) over realistic notes, with the embedded terminology and
 * with the full release when ../shared is present; cache disabled by distinct texts. `document`: coding a
 * 3,000-word document with the full release, the document coder against the note search it replaced
 * (today's `findCodeCandidates`), p50 and p99 in one run, and their ratio. `chart`: chart suggestions (codes and
 * triage for every shared Synthea patient, its latest encounter in context, as a hook asks) through today's
 * chart-model pipeline against the pre-chart-model pipeline (`legacy-chart-pipeline.ts`), interleaved in one
 * run: p50 and p95 of each and their ratio (the issue-19 gate: chart suggestions stay within that latency).
 */
import { existsSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createDeidentifier } from '../../server/deid/index.ts';
import { createLogger } from '../../server/log/logger.ts';
import { MentionContext } from '../../server/suggest/clinical-text/mention-context.ts';
import { parseFindings } from '../../server/suggest/clinical-text/vitals.ts';
import { createSuggestionPipeline } from '../../server/suggest/pipeline.ts';
import { assessTriage } from '../../server/suggest/triage/assess-triage.ts';
import { assessTriage as assessTriageLegacy } from './legacy-triage-rules.ts';
import { createRulesBackend } from '../../server/suggest/rules-backend.ts';
import { findCodeCandidates } from '../../server/suggest/code-candidates.ts';
import { documentCodeCandidates } from '../../server/suggest/document/document-candidates.ts';
import type { Deidentified } from '../../server/deid/deidentified.ts';
import { loadTerminology } from '../../terminology/icd10cm/load.ts';
import { ORDER_FILE, importSharedRelease } from '../helpers/shared-data.ts';
import { suggestChartLegacy } from './legacy-chart-pipeline.ts';
import { loadSyntheaCharts } from './synthea-charts.ts';

const casesFile = new URL('../eval-cases/coding.cases.jsonl', import.meta.url);
const triageFile = new URL('../eval-cases/triage.cases.jsonl', import.meta.url);
const texts = [casesFile, triageFile].flatMap((f) =>
  readFileSync(f, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => (JSON.parse(l) as { text: string }).text),
);

const pct = (xs: number[], p: number): number =>
  Number(([...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * p))] ?? NaN).toFixed(2));

async function measure(terminologyDir: string | undefined): Promise<Record<string, number>> {
  const terminology = await loadTerminology(terminologyDir);
  const rules = createRulesBackend(terminology);
  const pipeline = createSuggestionPipeline({
    terminology,
    deidentifier: createDeidentifier({ secret: 'bench-secret-0123456789abcdef0123456789' }),
    backend: rules,
    rulesVersion: rules.modelVersion,
    logger: createLogger({ level: 'silent' }),
    cacheSize: 1,
  });
  for (const text of texts.slice(0, 50))
    await pipeline.suggest({ text: `${text} warmup` }, { wantCodes: true, wantTriage: true });
  const total: number[] = [];
  const deid: number[] = [];
  const retrieval: number[] = [];
  for (let round = 0; round < 3; round++) {
    for (const text of texts) {
      const s = await pipeline.suggest({ text: `${text} (${round})` }, { wantCodes: true, wantTriage: true });
      total.push(s.timings.totalMs);
      deid.push(s.timings.deidMs);
      retrieval.push(s.timings.retrievalMs);
    }
  }
  return {
    cases: total.length,
    p50Ms: pct(total, 0.5),
    p95Ms: pct(total, 0.95),
    deidP50Ms: pct(deid, 0.5),
    retrievalP50Ms: pct(retrieval, 0.5),
  };
}

/** A synthetic 3,000-word discharge summary built from the benchmark's notes under note headings. */
function longDocument(words: number, variant: number): string {
  const headings = ['History of present illness:', 'Past medical history:', 'Hospital course:', 'Assessment:'];
  const parts: string[] = ['DISCHARGE SUMMARY'];
  let count = 0;
  for (let i = variant; count < words; i++) {
    if (i % 12 === 0) parts.push(headings[(i / 12) % headings.length] ?? 'Plan:');
    const text = texts[i % texts.length] ?? '';
    parts.push(text);
    count += text.split(/\s+/).length;
  }
  parts.push('Discharge diagnoses: 1. Community-acquired pneumonia. 2. Essential hypertension.');
  return parts.join('\n');
}

async function measureDocument(terminologyDir: string): Promise<Record<string, number>> {
  const terminology = await loadTerminology(terminologyDir);
  const docs = Array.from({ length: 12 }, (_, v) => longDocument(3000, v * 7) as Deidentified<string>);
  const time = (fn: (text: Deidentified<string>) => void): number[] => {
    const out: number[] = [];
    for (let round = 0; round < 3; round++) {
      for (const doc of docs) {
        const started = performance.now();
        fn(doc);
        out.push(performance.now() - started);
      }
    }
    return out;
  };
  const today = (text: Deidentified<string>): void => {
    findCodeCandidates(text, new MentionContext(text), terminology, 20);
  };
  const documentCoder = (text: Deidentified<string>): void => {
    documentCodeCandidates(text, new MentionContext(text), terminology, 25);
  };
  time(today);
  time(documentCoder);
  // Interleaved rounds, so that both see the same machine load.
  const before: number[] = [];
  const after: number[] = [];
  for (let i = 0; i < 2; i++) {
    before.push(...time(today));
    after.push(...time(documentCoder));
  }
  const p = {
    before50: pct(before, 0.5),
    before99: pct(before, 0.99),
    after50: pct(after, 0.5),
    after99: pct(after, 0.99),
  };
  return {
    words: docs[0]?.split(/\s+/).length ?? 0,
    runs: after.length,
    todayP50Ms: p.before50,
    todayP99Ms: p.before99,
    documentP50Ms: p.after50,
    documentP99Ms: p.after99,
    ratioP50: Number((p.after50 / p.before50).toFixed(2)),
    ratioP99: Number((p.after99 / p.before99).toFixed(2)),
  };
}

/**
 * Triage alone, the discriminator engine against the phrase rules it replaced, on the same texts in one
 * run (interleaved rounds so both see the same machine load): CPU microseconds per case (process CPU time,
 * less disturbed than wall time on a shared machine), the median and the fastest round of each, and the
 * ratios.
 */
function measureTriage(): Record<string, number> {
  const time = (run: (text: string) => unknown): number => {
    const started = process.cpuUsage();
    for (const text of texts) run(text);
    const used = process.cpuUsage(started);
    return (used.user + used.system) / texts.length;
  };
  const engine = (text: string): unknown => assessTriage({ text });
  const legacy = (text: string): unknown => assessTriageLegacy(new MentionContext(text), parseFindings(text));
  for (let i = 0; i < 3; i++) {
    time(engine);
    time(legacy);
  }
  const engineUs: number[] = [];
  const legacyUs: number[] = [];
  for (let round = 0; round < 21; round++) {
    engineUs.push(time(engine));
    legacyUs.push(time(legacy));
  }
  const sorted = (xs: number[]): number[] => [...xs].sort((a, b) => a - b);
  const median = (xs: number[]): number => sorted(xs)[Math.floor(xs.length / 2)] ?? NaN;
  const min = (xs: number[]): number => sorted(xs)[0] ?? NaN;
  const r1 = (x: number): number => Number(x.toFixed(1));
  return {
    cases: texts.length,
    engineMedianUsPerCase: r1(median(engineUs)),
    legacyMedianUsPerCase: r1(median(legacyUs)),
    engineMinUsPerCase: r1(min(engineUs)),
    legacyMinUsPerCase: r1(min(legacyUs)),
    ratioEngineToLegacy: Number((median(engineUs) / median(legacyUs)).toFixed(2)),
    ratioEngineToLegacyMin: Number((min(engineUs) / min(legacyUs)).toFixed(2)),
  };
}

/**
 * Chart suggestions, today's pipeline against the one before the chart model, on the same charts in one
 * run: after a warm-up, rounds over every chart alternate the two per chart so both see the same load.
 */
async function measureChart(terminologyDir: string | undefined): Promise<Record<string, number>> {
  const terminology = await loadTerminology(terminologyDir);
  const deidentifier = createDeidentifier({ secret: 'bench-secret-0123456789abcdef0123456789' });
  const rules = createRulesBackend(terminology);
  const pipeline = createSuggestionPipeline({
    terminology,
    deidentifier,
    backend: rules,
    rulesVersion: rules.modelVersion,
    logger: createLogger({ level: 'silent' }),
    cacheSize: 0,
  });
  const charts = loadSyntheaCharts();
  const today = async (chart: (typeof charts)[number]): Promise<number> => {
    const started = performance.now();
    await pipeline.suggest(
      { resources: chart.resources, encounterId: chart.latestEncounterId },
      { wantCodes: true, wantTriage: true },
    );
    return performance.now() - started;
  };
  const legacy = (chart: (typeof charts)[number]): number => {
    const started = performance.now();
    suggestChartLegacy(chart.resources, deidentifier, terminology);
    return performance.now() - started;
  };
  for (const chart of charts.slice(0, 5)) {
    await today(chart);
    legacy(chart);
  }
  const after: number[] = [];
  const before: number[] = [];
  for (let round = 0; round < 2; round++) {
    for (const [i, chart] of charts.entries()) {
      // Alternate which goes first, so neither always finds the other's garbage to collect.
      if ((i + round) % 2 === 0) {
        after.push(await today(chart));
        before.push(legacy(chart));
      } else {
        before.push(legacy(chart));
        after.push(await today(chart));
      }
    }
  }
  const p = {
    after50: pct(after, 0.5),
    after95: pct(after, 0.95),
    before50: pct(before, 0.5),
    before95: pct(before, 0.95),
  };
  return {
    charts: charts.length,
    runs: after.length,
    chartModelP50Ms: p.after50,
    chartModelP95Ms: p.after95,
    chartModelMaxMs: pct(after, 1),
    beforeChartModelP50Ms: p.before50,
    beforeChartModelP95Ms: p.before95,
    beforeChartModelMaxMs: pct(before, 1),
    ratioP50: Number((p.after50 / p.before50).toFixed(2)),
    ratioP95: Number((p.after95 / p.before95).toFixed(2)),
  };
}

/** The full release imported once into the temporary directory; again when what is there no longer loads. */
async function fullReleaseDir(): Promise<string> {
  const out = join(tmpdir(), 'chartside-bench-icd10cm-2026');
  const loads =
    existsSync(join(out, 'manifest.json')) &&
    (await loadTerminology(out).then(
      () => true,
      () => false,
    ));
  if (!loads) await importSharedRelease(out);
  return out;
}

const only = process.env.CHARTSIDE_BENCH_PART;
const result: Record<string, unknown> = { bench: 'suggest-rules' };
if (only === undefined || only === 'triage') result.triage = measureTriage();
if (only === undefined || only === 'text') result.embedded = await measure(undefined);
if (existsSync(ORDER_FILE)) {
  const out = await fullReleaseDir();
  if (only === undefined || only === 'text') result.fullRelease = await measure(out);
  if (only === undefined || only === 'document') result.document = await measureDocument(out);
  if (only === undefined || only === 'chart') result.chart = await measureChart(out);
} else if (only === undefined || only === 'chart') {
  result.chart = await measureChart(undefined);
}
console.log(JSON.stringify(result));
