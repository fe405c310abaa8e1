/**
 * Suggestion benchmark (`npm run bench`): end-to-end latency of the `rules` pipeline (de-identification,
 * understanding, retrieval, decision, guardrails) over realistic notes, with the embedded terminology and
 * with the full release when ../shared is present; cache disabled by distinct texts. `document`: coding a
 * 3,000-word document with the full release, the document coder against the note search it replaced
 * (today's `findCodeCandidates`), p50 and p99 in one run, and their ratio.
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
 * run (interleaved rounds so both see the same machine load): median microseconds per case and the ratio.
 */
function measureTriage(): Record<string, number> {
  const time = (run: (text: string) => unknown): number => {
    const started = performance.now();
    for (const text of texts) run(text);
    return ((performance.now() - started) * 1000) / texts.length;
  };
  const engine = (text: string): unknown => assessTriage({ text });
  const legacy = (text: string): unknown => assessTriageLegacy(new MentionContext(text), parseFindings(text));
  for (let i = 0; i < 3; i++) {
    time(engine);
    time(legacy);
  }
  const engineUs: number[] = [];
  const legacyUs: number[] = [];
  for (let round = 0; round < 9; round++) {
    engineUs.push(time(engine));
    legacyUs.push(time(legacy));
  }
  const median = (xs: number[]): number =>
    Number(([...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN).toFixed(1));
  return {
    cases: texts.length,
    engineMedianUsPerCase: median(engineUs),
    legacyMedianUsPerCase: median(legacyUs),
    ratioEngineToLegacy: Number((median(engineUs) / median(legacyUs)).toFixed(2)),
  };
}

const result: Record<string, unknown> = {
  bench: 'suggest-rules',
  triage: measureTriage(),
  embedded: await measure(undefined),
};
if (existsSync(ORDER_FILE)) {
  const out = join(tmpdir(), 'chartside-bench-icd10cm-2026');
  if (!existsSync(join(out, 'manifest.json'))) {
    await importSharedRelease(out);
  }
  result.fullRelease = await measure(out);
  result.document = await measureDocument(out);
}
console.log(JSON.stringify(result));
