/**
 * Terminology benchmark (`npm run bench`): imports the full FY2026 release from ../shared (cached in the
 * temp dir), then prints index load time and memory, and search latency p50/p99 over a few hundred
 * realistic queries, on one core; and the same queries through MiniSearch over the same terms, the
 * well-kept library considered before writing the ranking here.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import MiniSearch from 'minisearch';
import { readIndex } from '../../terminology/icd10cm/index-file.ts';
import { loadTerminology } from '../../terminology/icd10cm/load.ts';
import { importSharedRelease, ORDER_FILE, SHARED, TERMINOLOGY_DATA } from '../helpers/shared-data.ts';
import { BASELINE_COMMIT, loadBaselineEngine } from './baseline-engine.ts';
import { importerHash } from './index-release.ts';

const out = join(tmpdir(), `chartside-bench-icd10cm-2026-${importerHash().digest('hex').slice(0, 12)}`);
if (!existsSync(join(out, 'manifest.json'))) {
  const started = performance.now();
  await importSharedRelease(out);
  process.stderr.write(`imported in ${Math.round(performance.now() - started)} ms\n`);
}

// Load time and memory in fresh processes (median of 5).
const loadRuns: { ms: number; heapMb: number; rssMb: number }[] = [];
for (let i = 0; i < 5; i++) {
  const script = `const { loadTerminology } = await import(${JSON.stringify(new URL('../../terminology/icd10cm/load.ts', import.meta.url).href)});
globalThis.gc?.(); const h0 = process.memoryUsage().heapUsed; const r0 = process.memoryUsage().rss; const s = performance.now();
await loadTerminology(${JSON.stringify(out)}); const ms = performance.now() - s; globalThis.gc?.();
console.log(JSON.stringify({ ms, heapMb: (process.memoryUsage().heapUsed - h0) / 1e6, rssMb: (process.memoryUsage().rss - r0) / 1e6 }));`;
  const r = spawnSync(process.execPath, ['--import', 'tsx', '--expose-gc', '--input-type=module', '-e', script], {
    encoding: 'utf8',
  });
  loadRuns.push(JSON.parse(r.stdout.trim().split('\n').pop() ?? '{}'));
}
const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;
const pct = (xs: number[], p: number): number =>
  [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * p))] ?? NaN;

const PHRASES = [
  'acute copd exacerbation',
  'COPD',
  'essential hypertension',
  'HTN',
  'type 2 diabetes without complications',
  'DM2 with hyperglycemia',
  'type 1 diabetes with ketoacidosis',
  'diabetic neuropathy',
  'CHF exacerbation',
  'acute on chronic systolic heart failure',
  'atrial fibrillation',
  'afib with rvr',
  'community acquired pneumonia',
  'aspiration pneumonia',
  'UTI',
  'acute pyelonephritis',
  'acute kidney injury',
  'CKD stage 3b',
  'ESRD on dialysis',
  'acute cholecystitis',
  'acute appendicitis',
  'small bowel obstruction',
  'GERD',
  'upper GI bleed',
  'acute pancreatitis',
  'alcoholic cirrhosis of liver',
  'hepatitis C chronic',
  'cellulitis of left lower leg',
  'abscess of right axilla',
  'low back pain',
  'sciatica left side',
  'osteoarthritis of right knee',
  'rheumatoid arthritis',
  'gout flare',
  'closed fracture of left distal radius',
  'right hip fracture',
  'ankle sprain left',
  'concussion without loss of consciousness',
  'laceration of scalp',
  'chest pain',
  'atypical chest pain',
  'NSTEMI',
  'STEMI inferior wall',
  'unstable angina',
  'syncope',
  'dizziness',
  'headache',
  'migraine without aura',
  'seizure',
  'new onset seizure',
  'stroke',
  'TIA',
  'left sided weakness',
  'major depressive disorder recurrent severe',
  'generalized anxiety disorder',
  'bipolar disorder',
  'schizophrenia',
  'alcohol dependence with withdrawal',
  'opioid use disorder',
  'tobacco use',
  'obesity BMI 40',
  'hyperlipidemia',
  'hypothyroidism',
  'hyperkalemia',
  'hyponatremia',
  'dehydration',
  'sepsis',
  'septic shock',
  'covid 19',
  'influenza A',
  'acute bronchitis',
  'asthma exacerbation',
  'pulmonary embolism',
  'DVT of left leg',
  'anemia',
  'iron deficiency anemia',
  'breast cancer left',
  'metastatic lung cancer',
  'prostate cancer',
  'colon cancer',
  'pregnancy 32 weeks',
  'preeclampsia',
  'gestational diabetes',
  'otitis media right ear',
  'strep throat',
  'sinusitis',
  'conjunctivitis',
  'allergic rhinitis',
  'eczema',
  'psoriasis',
  'acne',
  'urinary retention',
  'BPH with LUTS',
  'kidney stone',
  'hematuria',
  'fever',
  'cough',
  'shortness of breath',
  'nausea and vomiting',
  'diarrhea',
  'constipation',
  'abdominal pain RLQ',
  'fall from ladder',
  'dog bite of right hand',
  'adverse effect of lisinopril',
  'poisoning by acetaminophen accidental',
  'history of MI',
  'family history of colon cancer',
  'long term use of anticoagulants',
  'encounter for immunization',
  'annual physical exam adult',
  'status post CABG',
];
const LATERAL = ['left', 'right', 'bilateral'];
const queries: string[] = [...PHRASES];
for (const p of PHRASES.slice(0, 60)) queries.push(`${p}, ${LATERAL[p.length % 3]}`, `patient with ${p}`);
for (const line of readFileSync(`${SHARED}eval/coding.sample.jsonl`, 'utf8').split('\n').filter(Boolean))
  queries.push((JSON.parse(line) as { text: string }).text);

const t = await loadTerminology(out);
const d = TERMINOLOGY_DATA;
const baseline = await loadBaselineEngine(
  (importRelease, dir) =>
    importRelease({
      order: ORDER_FILE,
      tabular: [`${d}icd-10-cm-tabular-2025_ch2.xml.gz`],
      index: [
        `${d}icd10cm_index_2025_entries.shared-half.jsonl.gz`,
        `${d}icd-10-cm-eindex-2025.xml.gz`,
        `${d}icd-10-cm-neoplasm-2025.xml.gz`,
        `${d}icd-10-cm-drug-2025.xml.gz`,
      ],
      out: dir,
    }).then(() => undefined),
  'full',
);
/** Per-query times of five rounds after a warm-up, alternating engines round by round so load hits both alike. */
const engines = { now: t, ...(baseline ? { before: baseline } : {}) };
const timesOf: Record<string, number[]> = { now: [], before: [] };
const shortOf: Record<string, number[]> = { now: [], before: [] };
// CPU time of each short phrase's search as well: on a shared machine, wall-clock p99 is mostly the time the
// process waited for a core, which CPU time leaves out.
const shortCpuOf: Record<string, number[]> = { now: [], before: [] };
for (const e of Object.values(engines)) for (let i = 0; i < 5; i++) for (const q of queries) e.search(q, { limit: 10 });
for (let i = 0; i < 5; i++) {
  for (const [name, e] of Object.entries(engines)) {
    for (const q of queries) {
      const c = process.cpuUsage();
      const s = performance.now();
      e.search(q, { limit: 10 });
      const ms = performance.now() - s;
      const cpu = process.cpuUsage(c);
      timesOf[name]?.push(ms);
      if (PHRASES.includes(q)) {
        shortOf[name]?.push(ms);
        shortCpuOf[name]?.push((cpu.user + cpu.system) / 1000);
      }
    }
  }
}
const times = timesOf.now ?? [];

// MiniSearch over the same term texts (titles + index terms), for comparison.
const index = await readIndex(out);
const docs = [
  ...index.data.long.map((text, id) => ({ id, text })),
  ...index.data.texts.map((text, i) => ({ id: index.data.long.length + i, text })),
];
const buildStart = performance.now();
const mini = new MiniSearch({ fields: ['text'], storeFields: [] });
mini.addAll(docs);
const miniBuildMs = performance.now() - buildStart;
const serialized = JSON.stringify(mini);
const miniLoadStart = performance.now();
MiniSearch.loadJSON(serialized, { fields: ['text'] });
const miniLoadMs = performance.now() - miniLoadStart;
const miniTimes: number[] = [];
for (const q of queries) {
  const s = performance.now();
  mini.search(q, { prefix: true, fuzzy: 0.1, combineWith: 'OR' }).slice(0, 10);
  miniTimes.push(performance.now() - s);
}

console.log(
  JSON.stringify({
    bench: 'terminology',
    release: t.info.name,
    codes: t.info.codes,
    searchTerms: t.info.codes + t.info.indexTerms,
    queries: queries.length,
    loadMsMedian: Math.round(median(loadRuns.map((r) => r.ms))),
    loadHeapMb: Math.round(median(loadRuns.map((r) => r.heapMb))),
    loadRssMb: Math.round(median(loadRuns.map((r) => r.rssMb))),
    searchMsP50: Number(pct(times, 0.5).toFixed(3)),
    searchMsP99: Number(pct(times, 0.99).toFixed(3)),
    shortPhraseMsP50: Number(pct(shortOf.now ?? [], 0.5).toFixed(3)),
    shortPhraseMsP99: Number(pct(shortOf.now ?? [], 0.99).toFixed(3)),
    shortPhraseCpuMsP50: Number(pct(shortCpuOf.now ?? [], 0.5).toFixed(3)),
    shortPhraseCpuMsP99: Number(pct(shortCpuOf.now ?? [], 0.99).toFixed(3)),
    ...(baseline
      ? {
          baseline: {
            engine: `before issue 17 (${BASELINE_COMMIT})`,
            searchMsP50: Number(pct(timesOf.before ?? [], 0.5).toFixed(3)),
            searchMsP99: Number(pct(timesOf.before ?? [], 0.99).toFixed(3)),
            shortPhraseMsP50: Number(pct(shortOf.before ?? [], 0.5).toFixed(3)),
            shortPhraseMsP99: Number(pct(shortOf.before ?? [], 0.99).toFixed(3)),
            shortPhraseCpuMsP50: Number(pct(shortCpuOf.before ?? [], 0.5).toFixed(3)),
            shortPhraseCpuMsP99: Number(pct(shortCpuOf.before ?? [], 0.99).toFixed(3)),
          },
          ratioP50: Number((pct(times, 0.5) / pct(timesOf.before ?? [], 0.5)).toFixed(2)),
          ratioP99: Number((pct(times, 0.99) / pct(timesOf.before ?? [], 0.99)).toFixed(2)),
          shortPhraseRatioP99: Number((pct(shortOf.now ?? [], 0.99) / pct(shortOf.before ?? [], 0.99)).toFixed(2)),
          shortPhraseCpuRatioP99: Number(
            (pct(shortCpuOf.now ?? [], 0.99) / pct(shortCpuOf.before ?? [], 0.99)).toFixed(2),
          ),
        }
      : {}),
    minisearch: {
      buildMs: Math.round(miniBuildMs),
      loadJsonMs: Math.round(miniLoadMs),
      searchMsP50: Number(pct(miniTimes, 0.5).toFixed(3)),
      searchMsP99: Number(pct(miniTimes, 0.99).toFixed(3)),
    },
  }),
);
