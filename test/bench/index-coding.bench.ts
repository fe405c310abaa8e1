/**
 * Held-out Index benchmark (`npm run bench -- index`): imports the FY2026 codes, the Tabular chapter and
 * 80 % of the shared half of the Alphabetic Index (split by main term), then asks for the codes of the other
 * 20 %, phrased as the Index prints them and as natural phrases, and prints top-1, top-5 and category-1.
 * INDEX_BENCH_N caps the held-out entries (evenly spaced); INDEX_BENCH_CASES names a JSON Lines file for the
 * misses (gold, phrase, top five).
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { importRelease } from '../../terminology/icd10cm/import-release.ts';
import {
  HoldoutScore,
  naturalPhrase,
  printedPhrase,
  readIndexEntries,
  splitByMainTerm,
} from '../../terminology/icd10cm/index-holdout.ts';
import { loadTerminology } from '../../terminology/icd10cm/load.ts';
import { ORDER_FILE, TERMINOLOGY_DATA, requireShared } from '../helpers/shared-data.ts';

const d = TERMINOLOGY_DATA;
const entries = await readIndexEntries(requireShared(`${d}icd10cm_index_2025_entries.shared-half.jsonl.gz`));
const { train, test } = splitByMainTerm(entries);

// The import is cached by the engine's sources, so a change to the importer rebuilds it.
const engineDir = fileURLToPath(new URL('../../terminology/icd10cm/', import.meta.url));
const SEARCH_ONLY = /^(?:index-holdout|rank-|ranking-|terminology\.ts|load\.ts|chapters)/;
const hash = createHash('sha256');
for (const f of readdirSync(engineDir).sort()) {
  if (!SEARCH_ONLY.test(f)) hash.update(f).update(readFileSync(join(engineDir, f)));
}
const key = hash.digest('hex').slice(0, 12);
const out = join(tmpdir(), `chartside-bench-index-${key}`);
if (!existsSync(join(out, 'manifest.json'))) {
  const trainFile = join(tmpdir(), `chartside-bench-index-train-${key}.jsonl`);
  writeFileSync(trainFile, train.map((e) => e.line).join('\n') + '\n');
  const started = performance.now();
  await importRelease({
    order: requireShared(ORDER_FILE),
    tabular: [`${d}icd-10-cm-tabular-2025_ch2.xml.gz`],
    index: [
      trainFile,
      `${d}icd-10-cm-eindex-2025.xml.gz`,
      `${d}icd-10-cm-neoplasm-2025.xml.gz`,
      `${d}icd-10-cm-drug-2025.xml.gz`,
    ],
    out,
  });
  process.stderr.write(`imported in ${Math.round(performance.now() - started)} ms\n`);
}
const t = await loadTerminology(out);

const cap = Number(process.env.INDEX_BENCH_N ?? test.length);
const step = Math.max(1, test.length / Math.max(1, cap));
const cases = [];
for (let i = 0; i < test.length && cases.length < cap; i += step) cases.push(test[Math.floor(i)]!);

const misses: string[] = [];
const valid = (c: string): boolean => t.has(c);
const complete = (c: string): boolean => !c.endsWith('-') && t.isBillable(c);
const scores = { printed: new HoldoutScore(), natural: new HoldoutScore() };
const started = performance.now();
for (const entry of cases) {
  for (const [style, text] of [
    ['printed', printedPhrase(entry)],
    ['natural', naturalPhrase(entry)],
  ] as const) {
    const hits = t.search(text, { limit: 5 });
    const codes = hits.map((h) => h.code);
    const r = scores[style].add(entry.code, codes, valid, complete);
    if (!r.top5) misses.push(JSON.stringify({ style, gold: entry.code, text, top5: codes }));
  }
}
const ms = performance.now() - started;
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
    printed: scores.printed.metrics(),
    natural: scores.natural.metrics(),
    searchMsMean: Number((ms / (cases.length * 2)).toFixed(3)),
  }),
);
