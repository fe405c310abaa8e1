import { createHash } from 'node:crypto';
import { copyFile, mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { emptyOutputFolder } from './output-folder.ts';
import { AppError } from '../errors/app-error.ts';
import { drawReviewSample } from '../deid/review/review-sample.ts';
import { REVIEW_SHEET } from './build-dataset.ts';
import { renderDatasetCardMarkdown, type DatasetCard, type TaskReport } from './dataset-card.ts';
import { mergeCandidates, SHARD_CANDIDATES, type Shard } from './dataset-shards.ts';
import type { Split } from './dataset-split.ts';
import { DuplicateFilter } from './example-filters.ts';
import { LineWriter } from './jsonl-writer.ts';
import { cardFiles } from './card-files.ts';

export interface MergeDatasetOptions {
  /** The shards' folders (`dataset build --shard K/N --out DIR`), every K of one N once, in any order. */
  readonly shardDirs: readonly string[];
  readonly outDir: string;
  readonly softwareVersion?: string;
}

async function readCard(dir: string): Promise<DatasetCard & { configuration: { shard?: Shard } }> {
  try {
    return JSON.parse(await readFile(join(dir, 'dataset-card.json'), 'utf8')) as DatasetCard & {
      configuration: { shard?: Shard };
    };
  } catch {
    throw new AppError(
      'INVALID_INPUT',
      `--shards ${dir}: not a dataset shard (no readable dataset-card.json); give the --out folders of dataset build --shard`,
    );
  }
}

/** The configuration that every shard of one build must share (all but which shard and its partitions). */
function sharedConfiguration(card: DatasetCard): string {
  const rest = Object.fromEntries(
    Object.entries(card.configuration).filter(([k]) => k !== 'shard' && k !== 'partitions'),
  );
  return JSON.stringify([
    rest,
    card.source.folder,
    card.source.transactionTime,
    card.deidentification.dateMode,
    card.deidentification.replacement,
  ]);
}

const sum = (values: number[]): number => values.reduce((a, b) => a + b, 0);

function addCounts(target: Record<string, number>, counts: Record<string, number>): void {
  for (const [k, n] of Object.entries(counts)) target[k] = (target[k] ?? 0) + n;
}

/**
 * `chartside dataset merge`: the final dataset from the shards of one build. The shards' candidates (sorted by
 * hashed patient, task and example) are read in one global order, so deduplication (exact and near) keeps
 * the same examples whatever the number of shards; then the split files, the review sample and the card (the
 * shards' counts summed) are written as a single build writes them. Memory: one candidate per shard.
 */
export async function mergeDataset(options: MergeDatasetOptions): Promise<DatasetCard> {
  if (options.shardDirs.length === 0) throw new AppError('INVALID_INPUT', '--shards: give the shard folders');
  const cards = await Promise.all(options.shardDirs.map(readCard));
  const count = cards[0]?.configuration.shard?.count;
  const seen = new Set<number>();
  for (const [i, card] of cards.entries()) {
    const shard = card.configuration.shard;
    const dir = options.shardDirs[i] ?? '';
    if (shard === undefined) throw new AppError('INVALID_INPUT', `--shards ${dir}: not built with --shard`);
    if (shard.count !== count)
      throw new AppError('INVALID_INPUT', `--shards ${dir}: shard of ${shard.count}, not of ${count}`);
    if (seen.has(shard.index)) throw new AppError('INVALID_INPUT', `--shards ${dir}: shard ${shard.index} given twice`);
    if (sharedConfiguration(card) !== sharedConfiguration(cards[0] as DatasetCard))
      throw new AppError(
        'INVALID_INPUT',
        `--shards ${dir}: built from another export or with other options than the others`,
      );
    seen.add(shard.index);
  }
  if (count === undefined || seen.size !== count) {
    const missing = Array.from({ length: count ?? 0 }, (_, k) => k).filter((k) => !seen.has(k));
    throw new AppError('INVALID_INPUT', `--shards: shard ${missing.join(', ')} of ${count ?? '?'} is missing`);
  }
  const first = cards[0] as DatasetCard;
  const configuration = first.configuration as {
    tasks: string[];
    seed: string;
    nearDuplicateDistance: number;
    reviewSize: number;
  };
  const tasks = configuration.tasks;
  await emptyOutputFolder(options.outDir);

  const writer = new LineWriter(options.outDir);
  const duplicates = new DuplicateFilter(configuration.nearDuplicateDistance);
  const reports = Object.fromEntries(
    tasks.map((t) => [t, { train: 0, eval: 0, duplicates: 0, nearDuplicates: 0 }]),
  ) as Record<string, { train: number; eval: number; duplicates: number; nearDuplicates: number }>;
  const splitPatients: Record<Split, number> = { train: 0, eval: 0 };
  let patient: { key: string; split: Split; kept: boolean } | undefined;
  const closePatient = async (): Promise<void> => {
    if (!patient?.kept) return;
    splitPatients[patient.split]++;
    await writer.write(`splits/patients.${patient.split}.jsonl`, {
      patient: createHash('sha256').update('chartside-split-audit\0').update(patient.key).digest('hex').slice(0, 32),
    });
  };
  try {
    for await (const c of mergeCandidates(options.shardDirs.map((d) => join(d, SHARD_CANDIDATES)))) {
      if (patient?.key !== c.k) {
        await closePatient();
        patient = { key: c.k, split: c.s, kept: false };
      }
      const task = tasks[c.t];
      const report = task === undefined ? undefined : reports[task];
      if (task === undefined || report === undefined) throw new AppError('CORRUPT_DATA', 'a shard names no such task');
      const verdict = duplicates.check(task, `${c.in}\n${c.o}`);
      if (verdict === 'duplicate') report.duplicates++;
      else if (verdict === 'near-duplicate') report.nearDuplicates++;
      else {
        report[c.s]++;
        patient.kept = true;
        await writer.write(`instruct/${task}.${c.s}.jsonl`, { instruction: c.i, input: c.in, output: c.o });
        await writer.write(`chat/${task}.${c.s}.jsonl`, {
          messages: [
            { role: 'system', content: c.i },
            { role: 'user', content: c.in },
            { role: 'assistant', content: c.o },
          ],
        });
      }
    }
    await closePatient();
    // Preference pairs come from the shard that was given the feedback stores.
    for (const dir of options.shardDirs) {
      const pairs = join(dir, 'preference', 'pairs.jsonl');
      const text = await readFile(pairs, 'utf8').catch(() => '');
      for (const line of text.split('\n')) if (line !== '') await writer.writeLine('preference/pairs.jsonl', line);
    }
    await writer.close();
  } finally {
    await writer.close().catch(() => undefined);
  }

  let reviewDrawn = 0;
  const reviewPath = join(options.outDir, 'review', 'review-sample.jsonl');
  if ((await readdir(options.outDir)).includes('instruct')) {
    await mkdir(dirname(reviewPath), { recursive: true });
    reviewDrawn = await drawReviewSample({
      dir: join(options.outDir, 'instruct'),
      n: configuration.reviewSize,
      seed: configuration.seed,
      out: reviewPath,
      files: /\.jsonl$/,
    });
    await copyFile(reviewPath, join(options.outDir, REVIEW_SHEET));
  }

  const taskReports: Record<string, TaskReport> = {};
  for (const task of tasks) {
    const parts = cards.map((c) => c.tasks[task]).filter((r): r is TaskReport => r !== undefined);
    const r = reports[task] ?? { train: 0, eval: 0, duplicates: 0, nearDuplicates: 0 };
    const tooLong = sum(parts.map((p) => p.dropped.tooLong));
    const built = r.train + r.eval + r.duplicates + r.nearDuplicates + tooLong > 0;
    const reason = parts.find((p) => p.reason !== undefined)?.reason;
    taskReports[task] = {
      status: built ? 'built' : 'not-sourceable',
      ...(built || reason === undefined ? {} : { reason }),
      candidates: sum(parts.map((p) => p.candidates)),
      sourced: sum(parts.map((p) => p.sourced)),
      examples: { train: r.train, eval: r.eval },
      dropped: { tooLong, duplicates: r.duplicates, nearDuplicates: r.nearDuplicates },
    };
  }
  const files = await cardFiles(options.outDir, { reviewSheet: REVIEW_SHEET, lines: writer.lines, reviewDrawn });
  const resourceTypes: Record<string, number> = {};
  const categories: Record<string, number> = {};
  for (const c of cards) {
    addCounts(resourceTypes, c.deidentification.resourceTypes);
    addCounts(categories, c.deidentification.categories);
  }
  const problems = cards
    .flatMap((c) => c.source.problems)
    .sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : a.line - b.line))
    .slice(0, 100);
  const pairReports = cards.map((c) => c.preferencePairs).filter((p) => p !== null);
  const card: DatasetCard = {
    ...first,
    createdAt: new Date().toISOString(),
    software: { name: 'chartside', version: options.softwareVersion ?? first.software.version },
    source: {
      ...first.source,
      resourcesRead: sum(cards.map((c) => c.source.resourcesRead)),
      resourcesWithoutPatient: sum(cards.map((c) => c.source.resourcesWithoutPatient)),
      skippedLines: sum(cards.map((c) => c.source.skippedLines)),
      problems,
      problemsNotListed: sum(cards.map((c) => c.source.problemsNotListed + c.source.problems.length)) - problems.length,
    },
    configuration: {
      ...Object.fromEntries(Object.entries(first.configuration).filter(([k]) => k !== 'shard' && k !== 'partitions')),
      shards: {
        count,
        partitionsJoined: sum(cards.map((c) => (c.configuration.partitions as { joined: number }).joined)),
      },
    },
    splits: {
      method: first.splits.method,
      train: { patients: splitPatients.train, examples: sum(tasks.map((t) => reports[t]?.train ?? 0)) },
      eval: { patients: splitPatients.eval, examples: sum(tasks.map((t) => reports[t]?.eval ?? 0)) },
    },
    tasks: taskReports,
    deidentification: {
      ...first.deidentification,
      resourcesDeidentified: sum(Object.values(resourceTypes)),
      resourceTypes,
      categories,
    },
    review: {
      ...first.review,
      sample: reviewDrawn > 0 ? 'review/review-sample.jsonl' : null,
      sheet: reviewDrawn > 0 ? REVIEW_SHEET : null,
      records: reviewDrawn,
      command: `chartside dataset review-result --in ${options.outDir}`,
    },
    preferencePairs: pairReports[0] ?? null,
    files,
  };
  await writeFile(join(options.outDir, 'dataset-card.json'), JSON.stringify(card, null, 2) + '\n');
  await writeFile(join(options.outDir, 'dataset-card.md'), renderDatasetCardMarkdown(card));
  return card;
}
