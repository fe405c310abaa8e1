import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { gunzipSync } from 'node:zlib';
import { createDeidentifier } from '../../server/deid/index.ts';
import { buildDataset } from '../../server/datasets/build-dataset.ts';
import type { DatasetCard } from '../../server/datasets/dataset-card.ts';
import { splitOf } from '../../server/datasets/dataset-split.ts';
import { DuplicateFilter } from '../../server/datasets/example-filters.ts';
import { AppError } from '../../server/errors/app-error.ts';
import { BULK_DIR, NOTES_DIR, tempDir } from '../bulk/bulk-setup.ts';
import { cli, startCli } from '../bulk/cli-process.ts';

const deidentifier = createDeidentifier({ secret: 'test-secret-for-datasets-0123456789abcdef' });

test('minimum-necessary reads only the types a task needs; a task without a source reports why', async (t) => {
  const out = join(tempDir(t), 'ds');
  const card = await buildDataset({
    inDir: NOTES_DIR,
    outDir: out,
    workDir: tempDir(t),
    deidentifier,
    tasks: ['triage'],
    minimumNecessary: true,
  });
  assert.deepEqual(card.configuration.resourceTypesRead, ['Encounter', 'Observation', 'Patient']);
  assert.deepEqual(Object.keys(card.deidentification.resourceTypes).sort(), ['Encounter', 'Patient']);
  assert.equal(card.tasks.triage?.status, 'not-sourceable');
  assert.match(card.tasks.triage?.reason ?? '', /no acuity is recorded .* on any of 492 encounters/);
  assert.equal(card.review.records, 0);
});

test('a bad NDJSON line is skipped and reported by file and line, never by content', async (t) => {
  const dir = tempDir(t);
  const patients = gunzipSync(readFileSync(join(NOTES_DIR, 'Patient.000.ndjson.gz')))
    .toString('utf8')
    .split('\n');
  writeFileSync(
    join(dir, 'Patient.000.ndjson'),
    [patients[0], '{"resourceType":"Patient","name":[{"family":"Canaryson', ...patients.slice(1)].join('\n'),
  );
  for (const type of ['Encounter', 'DocumentReference'])
    copyFileSync(join(NOTES_DIR, `${type}.000.ndjson.gz`), join(dir, `${type}.000.ndjson.gz`));
  const out = join(tempDir(t), 'ds');
  const card = await buildDataset({ inDir: dir, outDir: out, deidentifier, tasks: ['note-generation'] });
  assert.deepEqual(card.source.problems, [{ file: 'Patient.000.ndjson', line: 2, message: 'not valid JSON' }]);
  assert.equal(card.source.skippedLines, 1);
  assert.ok(!readFileSync(join(out, 'dataset-card.json'), 'utf8').includes('Canaryson'));
  assert.ok((card.tasks['note-generation']?.examples.train ?? 0) > 0);
});

test('the split is by hashed patient and stable; duplicates and near-duplicates are caught', () => {
  assert.equal(splitOf('p1', 0.2), splitOf('p1', 0.2));
  const evalShare =
    Array.from({ length: 2000 }, (_, i) => splitOf(`patient-${i}`, 0.2)).filter((s) => s === 'eval').length / 2000;
  assert.ok(evalShare > 0.15 && evalShare < 0.25, String(evalShare));
  const f = new DuplicateFilter(3);
  const text =
    'Patient presents with cough and fever for three days. Lungs clear. Plan: rest, fluids, and follow up in one week if not better.';
  assert.equal(f.check('t', text), 'unique');
  assert.equal(f.check('t', text.toUpperCase()), 'duplicate');
  assert.equal(f.check('t', text.replace('one week', 'one   week')), 'duplicate');
  const long = Array.from(
    { length: 80 },
    (_, i) => `Finding number ${i} was reviewed with the patient on visit ${i % 7}.`,
  ).join(' ');
  assert.equal(f.check('t', long), 'unique');
  assert.equal(
    f.check('t', long.replace('Finding number 40 was reviewed', 'Finding number 40 was discussed')),
    'near-duplicate',
  );
  assert.equal(
    f.check('t', 'Completely different text about a fractured wrist after a fall, cast applied, orthopedics referral.'),
    'unique',
  );
  assert.equal(f.check('other-task', text), 'unique');
});

test('chartside dataset build writes the dataset and card; review-result applies the 2% rule', async (t) => {
  const out = join(tempDir(t), 'ds');
  const r = await cli(
    [
      'dataset',
      'build',
      '--in',
      NOTES_DIR,
      '--out',
      out,
      '--tasks',
      'note-generation,icd10-coding',
      '--seed',
      '3',
      '--minimum-necessary',
      '--work',
      tempDir(t),
    ],
    {
      CHARTSIDE_DEID_SECRET: 'test-secret-for-datasets-0123456789abcdef',
    },
  );
  assert.equal(r.code, 0, r.stderr);
  const summary = JSON.parse(r.stdout);
  assert.ok(summary.tasks['note-generation'].train > 0);
  assert.match(summary.tasks['icd10-coding'].notSourceable, /no mapping from other code systems is invented/);
  assert.ok(existsSync(join(out, 'dataset-card.md')));
  const card = JSON.parse(readFileSync(join(out, 'dataset-card.json'), 'utf8')) as DatasetCard;
  assert.equal((card.configuration.partitions as { folder: string }).folder, 'the --work folder');
  // The reviewer fills in the sheet (a copy of the drawn sample); the sample keeps the card's SHA-256.
  assert.equal(card.review.sheet, 'review/review-sheet.jsonl');
  const sample = join(out, 'review/review-sample.jsonl');
  const sheet = join(out, 'review/review-sheet.jsonl');
  const rows = readFileSync(sheet, 'utf8')
    .split('\n')
    .filter((l) => l !== '');
  const fill = (leaks: number): string =>
    rows
      .map((l, i) => JSON.stringify({ ...JSON.parse(l), phi: i < leaks, categories: i < leaks ? ['DATE'] : [] }))
      .join('\n');
  writeFileSync(sheet, fill(10));
  const review = await cli(['dataset', 'review-result', '--in', out]);
  assert.equal(review.code, 1);
  assert.match(review.stderr, /^chartside: review failed: 10 of 200 reviewed records \(5\.0%\) still contain PHI/);
  assert.equal(JSON.parse(readFileSync(join(out, 'review/review-result.json'), 'utf8')).passed, false);

  writeFileSync(sheet, fill(4));
  const passed = await cli(['dataset', 'review-result', '--in', out]);
  assert.equal(passed.code, 0, passed.stderr);
  assert.equal(JSON.parse(passed.stdout).leakRate, 0.02);

  // A sheet that drops a drawn record, or a sample edited after the build, is refused.
  writeFileSync(sheet, fill(0).split('\n').slice(1).join('\n'));
  const partial = await cli(['dataset', 'review-result', '--in', out]);
  assert.notEqual(partial.code, 0);
  assert.match(partial.stderr, /^chartside: review sheet lacks 1 of the 200 drawn records/);
  writeFileSync(sample, fill(0));
  const edited = await cli(['dataset', 'review-result', '--in', out]);
  assert.notEqual(edited.code, 0);
  assert.match(edited.stderr, /review-sample\.jsonl was changed after the build/);
});

test('partitions over the bound are split again, and the dataset does not depend on how the export was partitioned', async (t) => {
  const build = async (
    partitioning: { bucketBytes: number; partitions: number } | object,
  ): Promise<{ card: DatasetCard; out: string; work: string }> => {
    const out = join(tempDir(t), 'ds');
    const work = tempDir(t, 'chartside-work-');
    const card = await buildDataset({
      inDir: NOTES_DIR,
      outDir: out,
      workDir: work,
      deidentifier,
      tasks: ['note-generation'],
      nearDuplicateDistance: -1,
      ...partitioning,
    });
    return { card, out, work };
  };
  const whole = await build({});
  // One planned partition of 64 KiB for an export of 11 patients and ~5 MB (as when an export outgrows the
  // 256-file cap): the first pass writes one file, which is split again, by patient, before the join.
  const parts = await build({ bucketBytes: 64 * 1024, partitions: 1 });
  const planned = (c: DatasetCard): { planned: number; joined: number } =>
    c.configuration.partitions as { planned: number; joined: number };
  assert.equal(planned(whole.card).joined, planned(whole.card).planned);
  assert.ok(planned(parts.card).joined > planned(parts.card).planned, JSON.stringify(planned(parts.card)));
  assert.deepEqual(parts.card.deidentification, whole.card.deidentification);
  assert.deepEqual(parts.card.tasks, whole.card.tasks);
  const examples = (out: string): string[] =>
    ['train', 'eval']
      .flatMap((s) => readFileSync(join(out, `instruct/note-generation.${s}.jsonl`), 'utf8').split('\n'))
      .filter((l) => l !== '')
      .sort();
  assert.deepEqual(examples(parts.out), examples(whole.out));
  // The partitions (PHI as it is in the export) are gone, and never were in the dataset folder.
  assert.deepEqual(readdirSync(whole.work), []);
  assert.deepEqual(readdirSync(parts.work), []);
  assert.ok(!readdirSync(whole.out).some((n) => n.startsWith('.')));
});

test('while it runs, the partitions are private to the user, beside the export and out of the dataset folder', async (t) => {
  const dir = tempDir(t);
  for (const type of ['Patient', 'Encounter', 'DocumentReference'])
    copyFileSync(join(NOTES_DIR, `${type}.000.ndjson.gz`), join(dir, `${type}.000.ndjson.gz`));
  const out = join(tempDir(t), 'ds');
  let seen: { folder: string; mode: number; files: number[] } | undefined;
  await buildDataset({
    inDir: dir,
    outDir: out,
    deidentifier,
    tasks: ['note-generation'],
    onProgress: (phase) => {
      if (phase !== 'joining' || seen !== undefined) return;
      const folder = readdirSync(dir).find((n) => n.startsWith('.chartside-build-')) ?? '';
      const path = join(dir, folder);
      seen = {
        folder,
        mode: statSync(path).mode & 0o777,
        files: readdirSync(path).map((n) => statSync(join(path, n)).mode & 0o777),
      };
    },
  });
  assert.ok(seen !== undefined && seen.folder !== '', 'no work folder beside the export while joining');
  assert.equal(seen.mode, 0o700);
  assert.ok(seen.files.length > 0 && seen.files.every((m) => m === 0o600), JSON.stringify(seen.files));
  assert.deepEqual(
    readdirSync(dir).filter((n) => n.startsWith('.')),
    [],
  );
});

test('a read-only work folder is a clear error naming the flag, and nothing is left behind', async (t) => {
  const out = join(tempDir(t), 'ds');
  await assert.rejects(
    buildDataset({ inDir: NOTES_DIR, outDir: out, workDir: join(NOTES_DIR, 'no-such-folder'), deidentifier }),
    (e: unknown) => {
      assert.ok(e instanceof AppError);
      assert.match(e.message, /^--work: cannot create the build's work folder/);
      return true;
    },
  );
  assert.deepEqual(readdirSync(out), []);
});

test('the CLI build runs under a heap cap: too small a cap is one clear line, and no partition is left behind', async (t) => {
  const parent = tempDir(t);
  const out = join(parent, 'ds');
  const r = await cli(
    // prettier-ignore
    ['dataset', 'build', '--in', NOTES_DIR, '--out', out, '--work', parent, '--tasks', 'note-generation', '--max-heap-mb', '64'],
    { CHARTSIDE_DEID_SECRET: 'test-secret-for-datasets-0123456789abcdef' },
  );
  assert.notEqual(r.code, 0);
  assert.equal(r.stderr.trim().split('\n').length, 1, r.stderr);
  assert.match(r.stderr, /^chartside: the dataset build needed more than 64 MiB of heap .*raise --max-heap-mb/);
  // The partitions (in --work) are gone, with their PHI.
  assert.deepEqual(readdirSync(parent), ['ds']);
  assert.deepEqual(readdirSync(out), []);
  const bad = await cli(['dataset', 'build', '--in', NOTES_DIR, '--out', out, '--max-heap-mb', 'lots']);
  assert.notEqual(bad.code, 0);
  assert.match(bad.stderr, /^chartside: --max-heap-mb: /);
});

test('partitions left by a killed build are removed by the next; versioned patient references join as plain ones', async (t) => {
  const plain = tempDir(t);
  const versioned = tempDir(t);
  for (const type of ['Patient', 'DocumentReference']) {
    copyFileSync(join(NOTES_DIR, `${type}.000.ndjson.gz`), join(plain, `${type}.000.ndjson.gz`));
    copyFileSync(join(NOTES_DIR, `${type}.000.ndjson.gz`), join(versioned, `${type}.000.ndjson.gz`));
  }
  copyFileSync(join(NOTES_DIR, 'Encounter.000.ndjson.gz'), join(plain, 'Encounter.000.ndjson.gz'));
  const encounters = gunzipSync(readFileSync(join(NOTES_DIR, 'Encounter.000.ndjson.gz'))).toString('utf8');
  const rewritten = encounters.replace(/("subject":\{"reference":"Patient\/[^"]+)"/g, '$1/_history/3"');
  assert.notEqual(rewritten, encounters);
  writeFileSync(join(versioned, 'Encounter.000.ndjson'), rewritten);
  // What a build killed with SIGKILL leaves: its partitions, under its (now dead) process id.
  const dead = spawnSync(process.execPath, ['-e', '']).pid;
  const stale = join(versioned, `.chartside-build-${dead}-Xy12Ab`);
  mkdirSync(stale);
  writeFileSync(join(stale, 'p0-0000.part'), '0 1 0 key {"resourceType":"Patient"}\n');
  const build = (inDir: string): Promise<DatasetCard> =>
    buildDataset({ inDir, outDir: join(tempDir(t), 'ds'), deidentifier, tasks: ['note-generation'] });
  const fromPlain = await build(plain);
  const fromVersioned = await build(versioned);
  assert.ok((fromPlain.tasks['note-generation']?.examples.train ?? 0) > 0);
  assert.deepEqual(fromVersioned.tasks, fromPlain.tasks);
  assert.equal(fromVersioned.source.resourcesWithoutPatient, 0);
  assert.ok(!existsSync(stale));
});

test('a build stopped by a signal says so in one line and removes its partitions', async (t) => {
  const parent = tempDir(t);
  const args = ['dataset', 'build', '--in', BULK_DIR, '--out', join(parent, 'ds'), '--work', parent, '--no-progress'];
  const run = startCli(args, {
    CHARTSIDE_DEID_SECRET: 'test-secret-for-datasets-0123456789abcdef',
  });
  // The partitions appear in --work once the build runs.
  const partitions = (): string[] => readdirSync(parent).filter((n) => n.startsWith('.chartside-build-'));
  while (partitions().length === 0 && run.child.exitCode === null) await new Promise((r) => setTimeout(r, 20));
  assert.equal(partitions().length, 1, 'the build ended before it could be stopped');
  run.child.kill('SIGINT');
  const r = await run.done;
  assert.notEqual(r.code, 0);
  assert.match(r.stderr, /^chartside: dataset build cancelled; its partitions were removed\n$/m);
  assert.deepEqual(partitions(), []);
});
