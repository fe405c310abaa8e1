/**
 * Fits the ranking weights (terminology/icd10cm/ranking-weights.json) on the 80 % of the shared half of the
 * Alphabetic Index that the held-out benchmark trains on, by cross-validation over its main-term folds: for
 * each of the four folds, the engine is imported from the other three and asked for the fold's entries
 * (printed and natural phrasings); coordinate ascent fits the weights on three folds' cases and scores
 * them on the fourth. The weights written are fitted on all four; fold 0 (the benchmark's held-out 20 %)
 * is never read. `npx tsx test/bench/index-fit.ts [--write]` (FIT_N caps the cases per fold).
 */
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import {
  foldOf,
  hitsIndexCode,
  naturalPhrase,
  printedPhrase,
  readIndexEntries,
} from '../../terminology/icd10cm/index-holdout.ts';
import { loadTerminology } from '../../terminology/icd10cm/load.ts';
import { FEATURE_NAMES } from '../../terminology/icd10cm/rank-features.ts';
import {
  RANKING_WEIGHTS_FORMAT,
  RANKING_WEIGHTS_VERSION,
  shippedRankingWeights,
  weightsChecksum,
} from '../../terminology/icd10cm/ranking-weights.ts';
import { TERMINOLOGY_DATA, requireShared } from '../helpers/shared-data.ts';
import { importWithIndexEntries } from './index-release.ts';

const d = TERMINOLOGY_DATA;
const FOLDS = 5;
const perFold = Number(process.env.FIT_N ?? 1200);
const entries = await readIndexEntries(requireShared(`${d}icd10cm_index_2025_entries.shared-half.jsonl.gz`));
const F = FEATURE_NAMES.length;

/** One case: its candidates' features (flattened) and which candidates hit the gold code. */
interface FitCase {
  fold: number;
  features: Float32Array;
  hits: Uint8Array;
}
const cases: FitCase[] = [];
const start = shippedRankingWeights();
for (let fold = 1; fold < FOLDS; fold++) {
  const train = entries.filter((e) => {
    const f = foldOf(e.path[0] ?? '', FOLDS);
    return f !== 0 && f !== fold;
  });
  const test = entries.filter((e) => foldOf(e.path[0] ?? '', FOLDS) === fold);
  const { dir: out } = await importWithIndexEntries(train, `fit-fold${fold}`);
  const t = await loadTerminology(out);
  const complete = (c: string): boolean => !c.endsWith('-') && t.isBillable(c);
  const step = Math.max(1, test.length / perFold);
  for (let i = 0; i < test.length; i += step) {
    const entry = test[Math.floor(i)]!;
    for (const text of [printedPhrase(entry), naturalPhrase(entry)]) {
      const hits = t.search(text, { limit: 40, explain: true, weights: start });
      const features = new Float32Array(hits.length * F);
      const flags = new Uint8Array(hits.length);
      hits.forEach((h, k) => {
        FEATURE_NAMES.forEach((name, f) => (features[k * F + f] = h.features?.values[name] ?? 0));
        // The match score enters as log(match): logMatch is the first feature.
        flags[k] = hitsIndexCode(entry.code, h.code, complete) ? 1 : 0;
      });
      if (flags.some((x) => x === 1)) cases.push({ fold, features, hits: flags });
      else cases.push({ fold, features: new Float32Array(0), hits: new Uint8Array(0) });
    }
  }
  process.stderr.write(`fold ${fold}: ${cases.filter((c) => c.fold === fold).length} cases\n`);
}

/** top-1 and top-5 of weights over cases (a case whose gold is not among the candidates scores 0). */
function evaluate(weights: Float32Array, subset: FitCase[]): { top1: number; top5: number } {
  let top1 = 0;
  let top5 = 0;
  for (const c of subset) {
    const n = c.hits.length;
    if (n === 0) continue;
    const scores = new Float32Array(n);
    for (let k = 0; k < n; k++) {
      // score = match × exp(w·f) and logMatch = log(match): log score = (1 + w0)·logMatch + Σ w·f.
      let s = c.features[k * F] ?? 0;
      for (let f = 0; f < F; f++) s += (weights[f] ?? 0) * (c.features[k * F + f] ?? 0);
      scores[k] = s;
    }
    let best = -Infinity;
    for (let k = 0; k < n; k++) if (c.hits[k]) best = Math.max(best, scores[k] ?? -Infinity);
    let above = 0;
    for (let k = 0; k < n; k++) if ((scores[k] ?? 0) > best) above++;
    if (above === 0) top1++;
    if (above < 5) top5++;
  }
  return { top1: top1 / subset.length, top5: top5 / subset.length };
}
const objective = (w: Float32Array, subset: FitCase[]): number => {
  const m = evaluate(w, subset);
  return m.top1 + m.top5;
};

/**
 * Features the Index cannot teach, kept as shipped: its entries come from the Index to Diseases, so no case
 * is won through the external cause index or the neoplasm and drug tables, and fitting would only learn to
 * bury them.
 */
const FROZEN = new Set<string>(['viaTable']);

function fit(subset: FitCase[]): Float32Array {
  const w = Float32Array.from(start);
  let best = objective(w, subset);
  for (const scale of [1, 0.5, 0.25, 0.1]) {
    for (let round = 0; round < 3; round++) {
      let improved = false;
      for (let f = 0; f < F; f++) {
        if (FROZEN.has(FEATURE_NAMES[f] ?? '')) continue;
        for (const delta of [-2, -1, -0.5, 0.5, 1, 2]) {
          const old = w[f] ?? 0;
          w[f] = old + delta * scale;
          const value = objective(w, subset);
          if (value > best + 1e-9) {
            best = value;
            improved = true;
          } else w[f] = old;
        }
      }
      if (!improved) break;
    }
  }
  return w;
}

const cv: { fold: number; before: { top1: number; top5: number }; after: { top1: number; top5: number } }[] = [];
for (let fold = 1; fold < FOLDS; fold++) {
  const w = fit(cases.filter((c) => c.fold !== fold));
  const heldOut = cases.filter((c) => c.fold === fold);
  cv.push({ fold, before: evaluate(start, heldOut), after: evaluate(w, heldOut) });
}
const mean = (xs: number[]): number => Math.round((xs.reduce((a, b) => a + b, 0) / xs.length) * 1000) / 1000;
const final = fit(cases);
const weights = Array.from(final, (x) => Math.round(x * 1000) / 1000);
const summary = {
  bench: 'index-fit',
  casesPerFold: perFold * 2,
  cvBefore: { top1: mean(cv.map((c) => c.before.top1)), top5: mean(cv.map((c) => c.before.top5)) },
  cvAfter: { top1: mean(cv.map((c) => c.after.top1)), top5: mean(cv.map((c) => c.after.top5)) },
  weights: Object.fromEntries(FEATURE_NAMES.map((n, i) => [n, weights[i]])),
};
console.log(JSON.stringify(summary));
if (process.argv.includes('--write')) {
  const file = fileURLToPath(new URL('../../terminology/icd10cm/ranking-weights.json', import.meta.url));
  const features = [...FEATURE_NAMES];
  writeFileSync(
    file,
    JSON.stringify(
      {
        format: RANKING_WEIGHTS_FORMAT,
        formatVersion: RANKING_WEIGHTS_VERSION,
        features,
        weights,
        fitted: {
          by: 'test/bench/index-fit.ts: coordinate ascent on top-1 + top-5',
          data: 'icd10cm_index_2025_entries.shared-half: main-term folds 1-4 of 5 (fold 0 held out)',
          cases: cases.length,
          frozen: [...FROZEN],
          crossValidated: { before: summary.cvBefore, after: summary.cvAfter },
        },
        sha256: weightsChecksum(features, weights),
      },
      null,
      2,
    ) + '\n',
  );
}
