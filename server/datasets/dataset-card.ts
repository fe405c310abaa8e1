import type { PhiCounts } from '../deid/index.ts';

/** What one task yielded. A task the data cannot source says why, with counts. */
export interface TaskReport {
  readonly status: 'built' | 'not-sourceable';
  readonly reason?: string;
  readonly candidates: number;
  readonly sourced: number;
  readonly examples: { readonly train: number; readonly eval: number };
  readonly dropped: { readonly tooLong: number; readonly duplicates: number; readonly nearDuplicates: number };
}

/** The dataset card (`dataset-card.json`; `dataset-card.md` says the same for people). Counts, never content. */
export interface DatasetCard {
  readonly name: string;
  readonly createdAt: string;
  readonly software: { readonly name: string; readonly version: string };
  readonly source: {
    readonly folder: string;
    readonly transactionTime: string | null;
    readonly request: string | null;
    readonly files: number;
    readonly resourcesRead: number;
    readonly resourcesWithoutPatient: number;
    readonly skippedLines: number;
    readonly problems: readonly { file: string; line: number; message: string }[];
    readonly problemsNotListed: number;
  };
  readonly configuration: Record<string, unknown>;
  readonly splits: {
    readonly method: string;
    readonly train: { readonly patients: number; readonly examples: number };
    readonly eval: { readonly patients: number; readonly examples: number };
  };
  readonly tasks: Record<string, TaskReport>;
  readonly deidentification: {
    readonly method: string;
    readonly dateMode: string;
    /** How free-text PHI was rewritten: `placeholder` (`[NAME]`) or `surrogate` (realistic, per patient). */
    readonly replacement: string;
    readonly ephemeralSecret: boolean;
    readonly resourcesDeidentified: number;
    readonly resourceTypes: Record<string, number>;
    readonly categories: PhiCounts;
  };
  readonly review: {
    readonly sample: string | null;
    /** The copy of the sample the reviewer fills in. */
    readonly sheet: string | null;
    readonly records: number;
    readonly seed: string;
    readonly rule: string;
    readonly command: string;
  };
  readonly preferencePairs: {
    /** Lines of the feedback store, and those without the link to an issued answer. */
    feedbackRecords: number;
    feedbackUnlinked: number;
    /** Lines of the training case store, those with feedback, and answers with feedback but no case. */
    cases: number;
    casesWithFeedback: number;
    answersWithoutCase: number;
    pairs: number;
    split: string;
  } | null;
  readonly files: readonly { path: string; bytes: number; lines: number; sha256: string }[];
}

function table(head: string[], rows: (string | number)[][]): string {
  return [
    `| ${head.join(' | ')} |`,
    `| ${head.map(() => '---').join(' | ')} |`,
    ...rows.map((r) => `| ${r.map((c) => String(c).replace(/\|/g, '\\|')).join(' | ')} |`),
  ].join('\n');
}

/** The Markdown rendering of a dataset card. */
export function renderDatasetCardMarkdown(card: DatasetCard): string {
  const tasks = Object.entries(card.tasks);
  return [
    `# Dataset card: ${card.name}`,
    '',
    `Built ${card.createdAt} by ${card.software.name} ${card.software.version}.`,
    '',
    '## Source',
    '',
    `Export folder \`${card.source.folder}\`, transaction time ${card.source.transactionTime ?? 'unknown'}; ${card.source.files} files, ${card.source.resourcesRead} resources read, ${card.source.skippedLines} lines skipped.`,
    '',
    '## Tasks',
    '',
    table(
      ['task', 'status', 'train', 'eval', 'too long', 'duplicates', 'near-duplicates', 'note'],
      tasks.map(([t, r]) => [
        t,
        r.status,
        r.examples.train,
        r.examples.eval,
        r.dropped.tooLong,
        r.dropped.duplicates,
        r.dropped.nearDuplicates,
        r.reason ?? '',
      ]),
    ),
    '',
    `Split: ${card.splits.method}. Train: ${card.splits.train.patients} patients, ${card.splits.train.examples} examples; eval: ${card.splits.eval.patients} patients, ${card.splits.eval.examples} examples. No patient is in both.`,
    '',
    '## De-identification',
    '',
    `${card.deidentification.method}; ${card.deidentification.resourcesDeidentified} resources de-identified${card.deidentification.ephemeralSecret ? ' (with a one-run secret: pseudonyms cannot be linked to other runs)' : ''}.`,
    '',
    card.deidentification.replacement === 'surrogate'
      ? `Free text: PHI replaced by surrogates (realistic names and places, the same for the same original within a patient; dates ${card.deidentification.dateMode === 'shift' ? "moved by the patient's offset" : 'reduced to their year'}). A surrogate reads like PHI: the review sheet asks whether any original survived.`
      : 'Free text: PHI replaced by typed placeholders ([NAME], [DATE], …).',
    '',
    table(
      ['category', 'count'],
      Object.entries(card.deidentification.categories).map(([c, n]) => [c, n ?? 0]),
    ),
    '',
    `Review: ${card.review.records} records in \`${card.review.sample ?? '(none)'}\` (seed ${card.review.seed}); ${card.review.rule}. Fill in \`${card.review.sheet ?? '(none)'}\` (set phi and categories on every row, change nothing else), then run \`${card.review.command}\`.`,
    '',
    ...(card.preferencePairs
      ? [
          '## Preference pairs',
          '',
          `${card.preferencePairs.pairs} pairs from ${card.preferencePairs.casesWithFeedback} answers with feedback (${card.preferencePairs.feedbackRecords} feedback records, ${card.preferencePairs.cases} training cases; ${card.preferencePairs.split}).`,
          '',
        ]
      : []),
    '## Configuration',
    '',
    '```json',
    JSON.stringify(card.configuration, null, 2),
    '```',
    '',
    '## Files',
    '',
    table(
      ['file', 'lines', 'bytes', 'sha256'],
      card.files.map((f) => [f.path, f.lines, f.bytes, f.sha256]),
    ),
    '',
  ].join('\n');
}
