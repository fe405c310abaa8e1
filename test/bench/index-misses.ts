/**
 * Where the Index misses come from, measured on a development fold (never on the benchmark's held-out 20 %):
 * the engine is imported from main-term folds 1–4 of 5 but one (MISS_FOLD, default 1) and asked for that fold's entries (printed and natural
 * phrasings); each top-5 miss is put in one bucket, first that applies:
 * - `noOverlap`: no content word of the text is in the gold code's title, its ancestors' titles or any term
 *   of the release that points at it (nothing textual leads there);
 * - `laterality` / `seventh` / `wrongChild`: a top-5 code is in the gold category, but differs by side,
 *   by the 7th character, or otherwise;
 * - `sameChapter` / `wrongChapter`: the first code is in another category of the gold chapter, or in
 *   another chapter;
 * - `noCandidate`: nothing was suggested.
 * `npx tsx test/bench/index-misses.ts` (MISS_N caps the cases, MISS_OUT names a JSON Lines file of misses).
 */
import { writeFileSync } from 'node:fs';
import {
  foldOf,
  hitsIndexCode,
  naturalPhrase,
  printedPhrase,
  readIndexEntries,
} from '../../terminology/icd10cm/index-holdout.ts';
import { loadTerminology } from '../../terminology/icd10cm/load.ts';
import { analyzeText, GENERIC_TERM_WORDS } from '../../terminology/icd10cm/text-normalize.ts';
import { chapterOf } from '../../terminology/icd10cm/chapters.ts';
import { TERMINOLOGY_DATA, requireShared } from '../helpers/shared-data.ts';
import { importWithIndexEntries } from './index-release.ts';

const FOLDS = 5;
/** The development fold (MISS_FOLD, 1–4; never 0, the benchmark's held-out fold): the others but 0 train. */
const DEV_FOLD = Number(process.env.MISS_FOLD ?? 1);
if (![1, 2, 3, 4].includes(DEV_FOLD)) throw new Error('MISS_FOLD must be 1, 2, 3 or 4 (fold 0 is held out)');
const entries = await readIndexEntries(
  requireShared(`${TERMINOLOGY_DATA}icd10cm_index_2025_entries.shared-half.jsonl.gz`),
);
const fold = (e: { path: string[] }): number => foldOf(e.path[0] ?? '', FOLDS);
const train = entries.filter((e) => fold(e) !== 0 && fold(e) !== DEV_FOLD);
const dev = entries.filter((e) => fold(e) === DEV_FOLD);
const { dir } = await importWithIndexEntries(train, `dev-fold${DEV_FOLD}`);
const t = await loadTerminology(dir);
const complete = (c: string): boolean => !c.endsWith('-') && t.isBillable(c);

/** Stems of every training term, title and inclusion term pointing at each code (and, for a header, under it). */
const codeWords = new Map<string, Set<string>>();
const addWords = (code: string, text: string): void => {
  const set = codeWords.get(code) ?? new Set<string>();
  for (const tok of analyzeText(text)) set.add(tok.stem);
  codeWords.set(code, set);
};
for (const e of train) addWords(e.code.replace(/[-.]+$/, ''), e.path.join(' '));
const stemsOf = (text: string): string[] =>
  analyzeText(text)
    .map((x) => x.stem)
    .filter((s) => !GENERIC_TERM_WORDS.has(s));
function textualWords(gold: string): Set<string> {
  const bare = gold.replace(/[-.]+$/, '');
  const out = new Set<string>();
  for (let c: string | undefined = t.has(bare) ? bare : t.parentOf(bare); c !== undefined; c = t.parentOf(c)) {
    for (const s of stemsOf(t.display(c) ?? '')) out.add(s);
    for (const inc of t.inclusionTerms(c)) for (const s of stemsOf(inc)) out.add(s);
    for (const s of codeWords.get(c) ?? []) out.add(s);
  }
  const under = t.has(bare) ? t.billableDescendants(bare, 40) : [];
  for (const c of under) {
    for (const s of stemsOf(t.display(c) ?? '')) out.add(s);
    for (const s of codeWords.get(c) ?? []) out.add(s);
  }
  return out;
}

const cap = Number(process.env.MISS_N ?? 1500);
const step = Math.max(1, dev.length / cap);
const buckets: Record<string, Record<string, number>> = { printed: {}, natural: {} };
const totals: Record<string, { n: number; top1: number; top5: number }> = {
  printed: { n: 0, top1: 0, top5: 0 },
  natural: { n: 0, top1: 0, top5: 0 },
};
const out: string[] = [];
const sideOf = (title: string): string => /\b(left|right|bilateral)\b/i.exec(title)?.[1]?.toLowerCase() ?? '';
for (let i = 0; i < dev.length; i += step) {
  const entry = dev[Math.floor(i)]!;
  for (const [style, text] of [
    ['printed', printedPhrase(entry)],
    ['natural', naturalPhrase(entry)],
  ] as const) {
    const codes = t.search(text, { limit: 5 }).map((h) => h.code);
    const total = totals[style]!;
    total.n++;
    if (codes[0] && hitsIndexCode(entry.code, codes[0], complete)) total.top1++;
    if (codes.some((c) => hitsIndexCode(entry.code, c, complete))) {
      total.top5++;
      continue;
    }
    const gold = entry.code.replace(/[-.]+$/, '');
    const category = gold.slice(0, 3);
    const words = textualWords(entry.code);
    const overlap = stemsOf(text).some((s) => words.has(s));
    let bucket: string;
    const inCategory = codes.filter((c) => c.slice(0, 3) === category);
    if (codes.length === 0) bucket = 'noCandidate';
    else if (!overlap) bucket = 'noOverlap';
    else if (inCategory.length > 0) {
      const goldTitle = t.display(gold) ?? t.display(t.parentOf(gold) ?? '') ?? '';
      const bareGold = gold.replace('.', '');
      if (inCategory.some((c) => sideOf(t.display(c) ?? '') !== sideOf(goldTitle) && sideOf(goldTitle) !== ''))
        bucket = 'laterality';
      else if (inCategory.some((c) => c.length === 8 && c.replace('.', '').slice(0, 6) === bareGold.slice(0, 6)))
        bucket = 'seventh';
      else bucket = 'wrongChild';
    } else if (chapterOf(codes[0] ?? '')?.chapter === chapterOf(gold)?.chapter) bucket = 'sameChapter';
    else bucket = 'wrongChapter';
    const b = buckets[style]!;
    b[bucket] = (b[bucket] ?? 0) + 1;
    out.push(JSON.stringify({ style, bucket, gold: entry.code, text, top5: codes }));
  }
}
if (process.env.MISS_OUT) writeFileSync(process.env.MISS_OUT, out.join('\n') + '\n');
const rate = (x: number, n: number): number => Math.round((x / Math.max(1, n)) * 1000) / 1000;
console.log(
  JSON.stringify({
    bench: 'index-misses',
    dev: { trainEntries: train.length, devEntries: dev.length, by: `main term, fold ${DEV_FOLD} of ${FOLDS}` },
    printed: {
      ...totals.printed,
      top1: rate(totals.printed!.top1, totals.printed!.n),
      top5: rate(totals.printed!.top5, totals.printed!.n),
    },
    natural: {
      ...totals.natural,
      top1: rate(totals.natural!.top1, totals.natural!.n),
      top5: rate(totals.natural!.top5, totals.natural!.n),
    },
    buckets,
  }),
);
