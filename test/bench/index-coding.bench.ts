/**
 * Held-out Index benchmark (`npm run bench -- index`): imports the FY2026 codes, the Tabular chapter and
 * 80 % of the shared half of the Alphabetic Index (split by main term), then asks for the codes of the other
 * 20 %, phrased as the Index prints them and as natural phrases, and prints top-1, top-5 and category-1 of
 * this engine and, in the same run, of the engine before index-driven coding (baseline-engine.ts).
 * INDEX_BENCH_N caps the held-out entries (evenly spaced); INDEX_BENCH_CASES names a JSON Lines file for this
 * engine's misses (gold, phrase, top five).
 */
import { writeFileSync } from 'node:fs';
import {
  HoldoutScore,
  type IndexEntry,
  naturalPhrase,
  printedPhrase,
  readIndexEntries,
  splitByMainTerm,
} from '../../terminology/icd10cm/index-holdout.ts';
import { loadTerminology } from '../../terminology/icd10cm/load.ts';
import { TERMINOLOGY_DATA, requireShared } from '../helpers/shared-data.ts';
import { BASELINE_COMMIT, loadBaselineEngine } from './baseline-engine.ts';
import { importWithIndexEntries } from './index-release.ts';

const d = TERMINOLOGY_DATA;
const entries = await readIndexEntries(requireShared(`${d}icd10cm_index_2025_entries.shared-half.jsonl.gz`));
const { train, test } = splitByMainTerm(entries);

const { dir, sources } = await importWithIndexEntries(train, 'bench-index');
const t = await loadTerminology(dir);
const baseline = await loadBaselineEngine(
  (importRelease, out) => importRelease({ ...sources, out }).then(() => undefined),
  `index-${train.length}`,
);

const cap = Number(process.env.INDEX_BENCH_N ?? test.length);
const step = Math.max(1, test.length / Math.max(1, cap));
const cases: IndexEntry[] = [];
for (let i = 0; i < test.length && cases.length < cap; i += step) cases.push(test[Math.floor(i)]!);

const valid = (c: string): boolean => t.has(c);
const complete = (c: string): boolean => !c.endsWith('-') && t.isBillable(c);
type Search = (text: string) => string[];
function evaluate(search: Search, misses?: string[]): { printed: HoldoutScore; natural: HoldoutScore; ms: number } {
  const scores = { printed: new HoldoutScore(), natural: new HoldoutScore() };
  const started = performance.now();
  for (const entry of cases) {
    for (const [style, text] of [
      ['printed', printedPhrase(entry)],
      ['natural', naturalPhrase(entry)],
    ] as const) {
      const codes = search(text);
      const r = scores[style].add(entry.code, codes, valid, complete);
      if (!r.top5) misses?.push(JSON.stringify({ style, gold: entry.code, text, top5: codes }));
    }
  }
  return { ...scores, ms: (performance.now() - started) / (cases.length * 2) };
}

const misses: string[] = [];
const now = evaluate((text) => t.search(text, { limit: 5 }).map((h) => h.code), misses);
const before = baseline ? evaluate((text) => baseline.search(text, { limit: 5 }).map((h) => h.code)) : undefined;
if (process.env.INDEX_BENCH_CASES) writeFileSync(process.env.INDEX_BENCH_CASES, misses.join('\n') + '\n');

console.log(
  JSON.stringify({
    bench: 'index',
    split: {
      trainEntries: train.length,
      heldOutEntries: test.length,
      evaluated: cases.length,
      by: 'main term, fold 0 of 5',
    },
    printed: now.printed.metrics(),
    natural: now.natural.metrics(),
    searchMsMean: Number(now.ms.toFixed(3)),
    ...(before
      ? {
          baseline: {
            engine: `before issue 17 (${BASELINE_COMMIT})`,
            printed: before.printed.metrics(),
            natural: before.natural.metrics(),
            searchMsMean: Number(before.ms.toFixed(3)),
          },
        }
      : {}),
  }),
);
