import { createHash } from 'node:crypto';
import { copyFile, mkdir, readdir, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { Resource } from 'fhir/r4.d.ts';
import type { z } from 'zod';
import { emptyOutputFolder } from './output-folder.ts';
import { AppError } from '../errors/app-error.ts';
import { ResourceLineSchema } from '../bulk/bulk-schemas.ts';
import { ndjsonLines } from '../bulk/ndjson-lines.ts';
import { FhirContext, type Deidentifier, type PhiCounts } from '../deid/index.ts';
import { patientIdOf } from '../deid/fhir/fhir-context.ts';
import { learnFromNdjsonLine } from '../deid/ndjson/learn-line.ts';
import { drawReviewSample } from '../deid/review/review-sample.ts';
import { MAX_LEAK_RATE } from '../deid/review/review-result.ts';
import { renderDatasetCardMarkdown, type DatasetCard, type TaskReport } from './dataset-card.ts';
import { splitOf, type Split } from './dataset-split.ts';
import { DATASET_TASKS, DEID_CONTEXT_TYPES, typesFor, type DatasetTask } from './dataset-tasks.ts';
import { DuplicateFilter, estimateTokens } from './example-filters.ts';
import { openExportFile, readExportFolder, type ExportFile } from './export-folder.ts';
import { FeedbackIndex, FeedbackLineSchema, TrainingCaseLineSchema } from './feedback-pairs.ts';
import { LineWriter } from './jsonl-writer.ts';
import { cardFiles } from './card-files.ts';
import { makeWorkFolder, type WorkPlace } from './work-folder.ts';
import { groupByPatient, patientOf, type Loose } from './patient-record.ts';
import { PatientPartitioner, partitionLines, type PartitionLine } from './patient-partition.ts';
import { examplesFor, notSourceableReason, type Example, type SourceStats } from './task-examples.ts';
import { inShard, writeShardCandidates, type ShardCandidate, type Shard } from './dataset-shards.ts';

export interface BuildDatasetOptions {
  readonly inDir: string;
  readonly outDir: string;
  readonly deidentifier: Deidentifier;
  readonly tasks?: readonly DatasetTask[];
  /** Seed of the review sample (the same seed draws the same records). */
  readonly seed?: string;
  /** Share of patients in the eval split (default 0.2). */
  readonly evalFraction?: number;
  /** Longest example, in estimated tokens (instruction + input + output; default 8192). */
  readonly maxTokens?: number;
  /** Read and show only the resource types each task needs. */
  readonly minimumNecessary?: boolean;
  /** SimHash distance at or below which two examples are near-duplicates (default 3; -1: exact only). */
  readonly nearDuplicateDistance?: number;
  /** Records in the de-identification review sample (at least 200). */
  readonly reviewSize?: number;
  /** The feedback store (NDJSON, `CHARTSIDE_FEEDBACK_LOG`), for preference pairs. */
  readonly feedback?: string | undefined;
  /** The training case store (NDJSON, `CHARTSIDE_TRAINING_CASES_LOG`) that the feedback is joined with. */
  readonly cases?: string | undefined;
  /** Target size of one join partition in bytes (bounds the memory of the join; default 16 MiB). */
  readonly bucketBytes?: number;
  /** Partition files of the first pass (default: the export's size over `bucketBytes`, at most 256). */
  readonly partitions?: number;
  /**
   * Where the partitions (the export's lines, PHI as it is) are written while the build runs: a folder on
   * the same protected volume as the export. Default: inside the export folder.
   */
  readonly workDir?: string | undefined;
  /** What the card says of where `workDir` is (when a caller chose it on the user's behalf). */
  readonly workPlace?: WorkPlace | undefined;
  readonly softwareVersion?: string;
  /**
   * Build only shard `index` of `count` (a batch scheduler's array task): the patients whose hash falls in it,
   * with the same patient-level split as a single build. The shard's folder holds candidate examples (length-
   * limited, not yet deduplicated) for `chartside dataset merge`, which writes the final dataset.
   */
  readonly shard?: Shard | undefined;
  readonly onProgress?: ((phase: string, done: number, total: number) => void) | undefined;
}

const MAX_LINE_BYTES = 64 * 1024 * 1024;
/** The reviewer's copy of the review sample (not in the card's file list: it changes when filled in). */
export const REVIEW_SHEET = 'review/review-sheet.jsonl';
const MAX_LISTED_PROBLEMS = 100;

/** Counts of a gzip-compressed file's size are estimated at this ratio when sizing buckets. */
const GZIP_RATIO = 12;

/** Context resources every patient shares (learned once, in the partitioning pass). */
const SHARED_CONTEXT_TYPES: ReadonlySet<string> = new Set([
  'Practitioner',
  'PractitionerRole',
  'Organization',
  'Location',
]);
/** Context resources of one patient (partitioned with the patient, learned with the partition). */
const PATIENT_CONTEXT_TYPES: ReadonlySet<string> = new Set(['Patient', 'RelatedPerson']);
const EMPTY_ENTRY: PartitionLine = { file: -1, line: 0, learnOnly: true, patient: '', text: '' };

/** The records of a JSON Lines file, each checked by `schema`; a bad line is an error naming the flag and line. */
async function* jsonLines<T>(path: string, flag: string, schema: z.ZodType<T>): AsyncGenerator<T> {
  const file: ExportFile = { path, name: flag, type: 'records', bytes: 0 };
  for await (const item of ndjsonLines(openExportFile(file), MAX_LINE_BYTES)) {
    if (!('text' in item))
      throw new AppError('INVALID_INPUT', `${flag} line ${item.line}: longer than ${MAX_LINE_BYTES} bytes`);
    if (item.text.trim() === '') continue;
    let json: unknown;
    try {
      json = JSON.parse(item.text);
    } catch {
      throw new AppError('INVALID_INPUT', `${flag} line ${item.line}: not valid JSON`);
    }
    const parsed = schema.safeParse(json);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new AppError(
        'INVALID_INPUT',
        `${flag} line ${item.line}: ${issue?.path.join('.') || 'record'}: ${issue?.message ?? 'invalid'}`,
      );
    }
    yield parsed.data;
  }
}

/**
 * Builds de-identified training and evaluation datasets from a Bulk FHIR export folder:
 *
 * 1. learns what the export knows about its people (names, birth dates, latest event per patient) for
 *    the de-identification engine, streaming;
 * 2. de-identifies every resource the tasks need with the shared engine (hashed ids keep references
 *    resolving) and partitions them by hashed patient id into bucket files (a partitioned hash join: memory
 *    is bounded by one bucket, whatever the size of the export);
 * 3. joins each bucket per patient and encounter and writes, for each task it can source, examples in the
 *    instruction/input/output shape and the chat/messages shape, split by patient, deduplicated (exact and
 *    near) and length-limited;
 * 4. writes preference pairs from CDS feedback, a review sample for manual de-identification review, and
 *    the dataset card (JSON and Markdown) with the SHA-256 of every output file.
 */
export async function buildDataset(options: BuildDatasetOptions): Promise<DatasetCard> {
  const tasks = options.tasks ?? DATASET_TASKS;
  const evalFraction = options.evalFraction ?? 0.2;
  const maxTokens = options.maxTokens ?? 8192;
  const minimumNecessary = options.minimumNecessary ?? false;
  const nearDistance = options.nearDuplicateDistance ?? 3;
  const seed = options.seed ?? 'chartside';
  const reviewSize = Math.max(200, options.reviewSize ?? 200);
  const deid = options.deidentifier;
  const progress = options.onProgress ?? ((): void => undefined);

  if ((options.feedback === undefined) !== (options.cases === undefined))
    throw new AppError(
      'INVALID_INPUT',
      '--feedback and --cases go together: the feedback store holds no content; the training case store (CHARTSIDE_TRAINING_CASES_LOG) holds what was offered',
    );
  const source = await readExportFolder(options.inDir);
  const wanted = typesFor(tasks, minimumNecessary);
  const dataFiles = source.files.filter((f) => wanted.has(f.type));
  const contextFiles = source.files.filter((f) => DEID_CONTEXT_TYPES.includes(f.type));
  const typesPresent = new Set(source.files.map((f) => f.type));
  await emptyOutputFolder(options.outDir);
  // The partitions hold the export's PHI as it is: never in the dataset folder, removed when the build ends.
  const build = async (work: string, workPlace: WorkPlace): Promise<DatasetCard> => {
    // The first problems by file and line are listed (whatever order the partitions find them in).
    const problems: { file: string; line: number; message: string }[] = [];
    let problemsNotListed = 0;
    let skippedLines = 0;
    // Lines that cannot be read are found by every shard (each reads the whole export): shard 0 reports them.
    let readPhase = true;
    const candidates: ShardCandidate[] = [];
    const problem = (file: ExportFile | undefined, line: number, message: string): void => {
      if (readPhase && options.shard !== undefined && options.shard.index !== 0) return;
      skippedLines++;
      problems.push({ file: file?.name ?? '', line, message });
      if (problems.length <= MAX_LISTED_PROBLEMS) return;
      problems.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : a.line - b.line));
      problems.pop();
      problemsNotListed++;
    };

    const writer = new LineWriter(options.outDir);
    const duplicates = new DuplicateFilter(nearDistance);
    const stats = Object.fromEntries(
      tasks.map((t) => [t, { candidates: 0, sourced: 0, systems: {} } satisfies SourceStats]),
    ) as Record<DatasetTask, SourceStats>;
    const reports = Object.fromEntries(
      tasks.map((t) => [t, { train: 0, eval: 0, tooLong: 0, duplicates: 0, nearDuplicates: 0 }]),
    ) as Record<
      DatasetTask,
      { train: number; eval: number; tooLong: number; duplicates: number; nearDuplicates: number }
    >;
    const splitPatients: Record<Split, number> = { train: 0, eval: 0 };
    const categories: PhiCounts = {};
    const resourceTypes: Record<string, number> = {};
    let resourcesRead = 0;
    let resourcesWithoutPatient = 0;
    let feedbackReport: DatasetCard['preferencePairs'] = null;
    let joined = 0;
    const readFiles = [...new Set([...contextFiles, ...dataFiles])];
    const inputBytes = readFiles.reduce((n, f) => n + (f.path.endsWith('.gz') ? f.bytes * GZIP_RATIO : f.bytes), 0);
    const bucketBytes = options.bucketBytes ?? 16 * 1024 * 1024;
    const buckets = options.partitions ?? Math.max(1, Math.min(256, Math.ceil(inputBytes / bucketBytes)));
    try {
      // 1. Partition the export by patient (one pass, streaming); learn the practitioners, organisations and
      //    locations that every patient's text may name.
      const shared = new FhirContext();
      const partitioner = new PatientPartitioner(work, buckets);
      try {
        for (const [index, file] of readFiles.entries()) {
          progress('partitioning', index, readFiles.length);
          const isData = wanted.has(file.type);
          for await (const item of ndjsonLines(openExportFile(file), MAX_LINE_BYTES)) {
            if ('tooLong' in item) {
              if (isData) problem(file, item.line, `line is longer than ${MAX_LINE_BYTES} bytes`);
              continue;
            }
            if (item.text.trim() === '') continue;
            let json: unknown;
            try {
              json = JSON.parse(item.text);
            } catch {
              if (isData) problem(file, item.line, 'not valid JSON');
              continue;
            }
            const parsed = ResourceLineSchema.safeParse(json);
            if (!parsed.success) {
              const issue = parsed.error.issues[0];
              if (isData)
                problem(
                  file,
                  item.line,
                  `not a FHIR resource (${issue?.path.join('.') || 'line'}: ${issue?.message ?? 'invalid'})`,
                );
              continue;
            }
            const type = parsed.data.resourceType;
            if (SHARED_CONTEXT_TYPES.has(type)) shared.add(json as Resource);
            if (!isData && !PATIENT_CONTEXT_TYPES.has(type)) continue;
            // A data line without a patient is still de-identified (for the report), spread by its position.
            const patient = patientIdOf(json as Loose) ?? `\0${index}:${item.line}`;
            if (options.shard !== undefined && !inShard(patient, options.shard)) continue;
            if (isData) resourcesRead++;
            await partitioner.add({ file: index, line: item.line, learnOnly: !isData, patient, text: item.text });
          }
        }
      } finally {
        await partitioner.close();
      }

      readPhase = false;
      // 2. One partition at a time: learn its patients, de-identify their resources with the shared engine
      //    (hashed ids keep references resolving), join them per patient and encounter, write the examples.
      for await (const bucket of partitioner.buckets(Math.round(bucketBytes * 1.5))) {
        progress('joining', joined, Math.max(buckets, joined + 1));
        joined++;
        const entries: PartitionLine[] = [];
        for await (const entry of partitionLines(bucket)) entries.push(entry);
        const context = shared.forPatients();
        for (const entry of entries)
          learnFromNdjsonLine(context, entry.text, DEID_CONTEXT_TYPES.includes(readFiles[entry.file]?.type ?? ''));
        const resources: Loose[] = [];
        for (const [k, entry] of entries.entries()) {
          entries[k] = EMPTY_ENTRY;
          if (entry.learnOnly) continue;
          let result;
          try {
            result = deid.deidentifyResource(JSON.parse(entry.text) as Resource, context);
          } catch (error) {
            if (error instanceof AppError) {
              problem(readFiles[entry.file], entry.line, error.message);
              continue;
            }
            throw error;
          }
          for (const [c, n] of Object.entries(result.counts))
            categories[c as keyof PhiCounts] = (categories[c as keyof PhiCounts] ?? 0) + n;
          const type = result.resource.resourceType;
          resourceTypes[type] = (resourceTypes[type] ?? 0) + 1;
          const resource = result.resource as unknown as Loose;
          if (patientOf(resource) === undefined) resourcesWithoutPatient++;
          else resources.push(resource);
        }
        const patients = groupByPatient(resources);
        resources.length = 0;
        for (const patientId of [...patients.keys()].sort()) {
          const record = patients.get(patientId);
          if (record === undefined) continue;
          patients.delete(patientId);
          const split = splitOf(patientId, evalFraction);
          let kept = false;
          for (const [t, task] of tasks.entries()) {
            const examples: Example[] = examplesFor(task, record, stats[task], { minimumNecessary });
            for (const [n, ex] of examples.entries()) {
              const report = reports[task];
              if (estimateTokens(ex.instruction) + estimateTokens(ex.input) + estimateTokens(ex.output) > maxTokens) {
                report.tooLong++;
                continue;
              }
              if (options.shard !== undefined) {
                // Deduplication needs every shard's examples in one order: `dataset merge` does it.
                candidates.push({ k: patientId, t, n, s: split, i: ex.instruction, in: ex.input, o: ex.output });
                report[split]++;
                kept = true;
                continue;
              }
              const verdict = duplicates.check(task, `${ex.input}\n${ex.output}`);
              if (verdict === 'duplicate') {
                report.duplicates++;
                continue;
              }
              if (verdict === 'near-duplicate') {
                report.nearDuplicates++;
                continue;
              }
              report[split]++;
              kept = true;
              await writer.write(`instruct/${task}.${split}.jsonl`, {
                instruction: ex.instruction,
                input: ex.input,
                output: ex.output,
              });
              await writer.write(`chat/${task}.${split}.jsonl`, {
                messages: [
                  { role: 'system', content: ex.instruction },
                  { role: 'user', content: ex.input },
                  { role: 'assistant', content: ex.output },
                ],
              });
            }
          }
          if (kept) {
            // Which hashed patients went where, for audits of the split (a second hash: not the ids in the data).
            splitPatients[split]++;
            await writer.write(`splits/patients.${split}.jsonl`, {
              patient: createHash('sha256')
                .update('chartside-split-audit\0')
                .update(patientId)
                .digest('hex')
                .slice(0, 32),
            });
          }
        }
      }

      // 4. Preference pairs: the feedback store (ids and outcomes) joined with the training case store (what
      //    each answer offered, de-identified) by the answer's key.
      if (options.feedback !== undefined) {
        const index = new FeedbackIndex();
        let feedbackRecords = 0;
        for await (const line of jsonLines(options.feedback, '--feedback', FeedbackLineSchema)) {
          feedbackRecords++;
          index.add(line);
        }
        let cases = 0;
        let casesWithFeedback = 0;
        let pairs = 0;
        for await (const answer of jsonLines(options.cases ?? '', '--cases', TrainingCaseLineSchema)) {
          cases++;
          // De-identified when it was kept; once more on the way in, in case the store was written by hand.
          const found = index.pairsFor(answer, deid.deidentifyText(answer.text).text);
          if (found === undefined) continue;
          casesWithFeedback++;
          for (const pair of found) {
            pairs++;
            await writer.write('preference/pairs.jsonl', pair);
          }
        }
        feedbackReport = {
          feedbackRecords,
          feedbackUnlinked: index.unlinked,
          cases,
          casesWithFeedback,
          answersWithoutCase: index.withoutCase,
          pairs,
          split: 'train only (answers carry no patient id)',
        };
      }

      if (options.shard !== undefined) await writeShardCandidates(writer, candidates, options.shard);
      await writer.close();
    } finally {
      await writer.close().catch(() => undefined);
      await rm(work, { recursive: true, force: true });
    }

    // 5. The review sample, drawn with the de-identification review's own sampler.
    let reviewDrawn = 0;
    const reviewPath = join(options.outDir, 'review', 'review-sample.jsonl');
    const instructDir = join(options.outDir, 'instruct');
    if ((await readdir(options.outDir)).includes('instruct')) {
      await mkdir(dirname(reviewPath), { recursive: true });
      reviewDrawn = await drawReviewSample({
        dir: instructDir,
        n: reviewSize,
        seed,
        out: reviewPath,
        files: /\.jsonl$/,
      });
      // The reviewer fills in a copy, so the drawn sample keeps the SHA-256 this card gives it.
      await copyFile(reviewPath, join(options.outDir, REVIEW_SHEET));
    }

    const taskReports: Record<string, TaskReport> = {};
    for (const task of tasks) {
      const r = reports[task];
      const built = r.train + r.eval + r.tooLong + r.duplicates + r.nearDuplicates > 0;
      taskReports[task] = {
        status: built ? 'built' : 'not-sourceable',
        ...(built ? {} : { reason: notSourceableReason(task, stats[task], typesPresent) }),
        candidates: stats[task].candidates,
        sourced: stats[task].sourced,
        examples: { train: r.train, eval: r.eval },
        dropped: { tooLong: r.tooLong, duplicates: r.duplicates, nearDuplicates: r.nearDuplicates },
      };
    }

    const files = await cardFiles(options.outDir, { reviewSheet: REVIEW_SHEET, lines: writer.lines, reviewDrawn });
    problems.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : a.line - b.line));
    const card: DatasetCard = {
      name: `chartside-dataset-${source.folder}`,
      createdAt: new Date().toISOString(),
      software: { name: 'chartside', version: options.softwareVersion ?? '0.1.0' },
      source: {
        folder: source.folder,
        transactionTime: source.transactionTime,
        request: source.request,
        files: source.files.length,
        resourcesRead,
        resourcesWithoutPatient,
        skippedLines,
        problems,
        problemsNotListed,
      },
      configuration: {
        tasks: [...tasks],
        seed,
        evalFraction,
        maxTokens,
        tokenEstimate: 'ceil(characters / 4)',
        minimumNecessary,
        resourceTypesRead: [...wanted].sort(),
        nearDuplicateDistance: nearDistance,
        reviewSize,
        partitions: { targetBytes: bucketBytes, planned: buckets, joined, folder: workPlace },
        ...(options.shard !== undefined ? { shard: options.shard } : {}),
      },
      splits: {
        method: 'SHA-256 of the hashed patient id; below evalFraction is eval',
        train: { patients: splitPatients.train, examples: tasks.reduce((n, t) => n + reports[t].train, 0) },
        eval: { patients: splitPatients.eval, examples: tasks.reduce((n, t) => n + reports[t].eval, 0) },
      },
      tasks: taskReports,
      deidentification: {
        method:
          deid.dateMode === 'safe-harbor'
            ? 'HIPAA Safe Harbor (§164.514(b)(2))'
            : 'Expert Determination date shift (§164.514(b)(1))',
        dateMode: deid.dateMode,
        replacement: deid.replacement,
        ephemeralSecret: deid.ephemeralSecret,
        resourcesDeidentified: Object.values(resourceTypes).reduce((a, b) => a + b, 0),
        resourceTypes,
        categories,
      },
      review: {
        sample: reviewDrawn > 0 ? 'review/review-sample.jsonl' : null,
        sheet: reviewDrawn > 0 ? REVIEW_SHEET : null,
        records: reviewDrawn,
        seed,
        rule: `the dataset must not be used when more than ${MAX_LEAK_RATE * 100}% of reviewed records still contain PHI`,
        command: `chartside dataset review-result --in ${options.outDir}`,
      },
      preferencePairs: feedbackReport,
      files,
    };
    await writeFile(join(options.outDir, 'dataset-card.json'), JSON.stringify(card, null, 2) + '\n');
    await writeFile(join(options.outDir, 'dataset-card.md'), renderDatasetCardMarkdown(card));
    return card;
  };
  const work = await makeWorkFolder(options);
  try {
    return await build(work.path, options.workPlace ?? work.place);
  } finally {
    await rm(work.path, { recursive: true, force: true, maxRetries: 3 });
  }
}
