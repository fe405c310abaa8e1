import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { createDeidentifier } from '../../server/deid/index.ts';
import { buildDataset } from '../../server/datasets/build-dataset.ts';
import { inShard, parseShard } from '../../server/datasets/dataset-shards.ts';
import { mergeDataset } from '../../server/datasets/merge-dataset.ts';
import { writeCodedExport } from '../../fixtures/datasets/coded-export.ts';
import { tempDir } from '../bulk/bulk-setup.ts';

const deidentifier = createDeidentifier({ secret: 'test-secret-for-datasets-0123456789abcdef' });
const TASKS = ['icd10-coding', 'triage', 'note-generation'] as const;
/** Half the patients in eval, so that the 8 patients of the fixture fill both splits. */
const EVAL_FRACTION = 0.5;

/** The small synthetic export (8 patients, every task sourced), written once per test. */
async function exportOf(t: Parameters<typeof tempDir>[0]): Promise<string> {
  const dir = tempDir(t);
  await writeCodedExport(dir);
  return dir;
}

/** Every file under the folder but the card (which records its own creation time), with its text. */
function contents(dir: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const f of readdirSync(dir, { recursive: true, encoding: 'utf8' }).sort()) {
    const path = join(dir, f);
    if (statSync(path).isFile() && !f.startsWith('dataset-card')) out.set(f, readFileSync(path, 'utf8'));
  }
  return out;
}

async function shardedBuild(t: Parameters<typeof tempDir>[0], inDir: string, count: number): Promise<string> {
  const shards: string[] = [];
  for (let index = 0; index < count; index++) {
    const dir = join(tempDir(t), `shard-${index}`);
    await buildDataset({
      inDir,
      outDir: dir,
      workDir: tempDir(t),
      deidentifier,
      tasks: TASKS,
      evalFraction: EVAL_FRACTION,
      shard: { index, count },
    });
    shards.push(dir);
  }
  const out = join(tempDir(t), `merged-${count}`);
  await mergeDataset({ shardDirs: shards.reverse(), outDir: out });
  return out;
}

test('N = 1 and N = 3 shards merge into the same examples, splits, review sample and counts', async (t) => {
  const inDir = await exportOf(t);
  const one = await shardedBuild(t, inDir, 1);
  const three = await shardedBuild(t, inDir, 3);
  const a = contents(one);
  const b = contents(three);
  assert.deepEqual([...b.keys()], [...a.keys()]);
  for (const [file, text] of a) assert.equal(b.get(file), text, `${file} differs`);
  const cardOne = JSON.parse(readFileSync(join(one, 'dataset-card.json'), 'utf8'));
  const cardThree = JSON.parse(readFileSync(join(three, 'dataset-card.json'), 'utf8'));
  assert.deepEqual(cardThree.splits, cardOne.splits);
  assert.deepEqual(cardThree.tasks, cardOne.tasks);
  assert.equal(cardThree.source.resourcesRead, cardOne.source.resourcesRead);
  assert.deepEqual(cardThree.deidentification.resourceTypes, cardOne.deidentification.resourceTypes);
  assert.ok(cardOne.splits.train.examples > 0 && cardOne.splits.eval.examples > 0);
  assert.ok(cardOne.review.records > 0);

  // And the same set of examples as a single, unsharded build (the same patient-level split).
  const single = join(tempDir(t), 'single');
  await buildDataset({
    inDir,
    outDir: single,
    workDir: tempDir(t),
    deidentifier,
    tasks: TASKS,
    evalFraction: EVAL_FRACTION,
  });
  const sorted = (dir: string, file: string) => readFileSync(join(dir, file), 'utf8').split('\n').sort();
  const examples = [...a.keys()].filter((f) => /^instruct\/.+\.(train|eval)\.jsonl$/.test(f));
  assert.ok(examples.length >= TASKS.length * 2, examples.join(', '));
  for (const file of examples) assert.deepEqual(sorted(three, file), sorted(single, file), file);
});

test('merge refuses a missing shard and a shard given twice', async (t) => {
  const inDir = await exportOf(t);
  const dirs: string[] = [];
  for (const index of [0, 1]) {
    const dir = join(tempDir(t), `s${index}`);
    await buildDataset({
      inDir,
      outDir: dir,
      workDir: tempDir(t),
      deidentifier,
      tasks: ['triage'],
      minimumNecessary: true,
      shard: { index, count: 3 },
    });
    dirs.push(dir);
  }
  await assert.rejects(mergeDataset({ shardDirs: dirs, outDir: join(tempDir(t), 'm1') }), {
    message: '--shards: shard 2 of 3 is missing',
  });
  await assert.rejects(mergeDataset({ shardDirs: [dirs[0] ?? '', dirs[0] ?? ''], outDir: join(tempDir(t), 'm2') }), {
    message: /shard 0 given twice$/,
  });
});

test('--shard K/N is parsed strictly, and every patient falls in exactly one shard', () => {
  assert.deepEqual(parseShard('2/8'), { index: 2, count: 8 });
  for (const bad of ['8/8', '1/0', 'a/b', '-1/3', '1/3/4'])
    assert.throws(() => parseShard(bad), { code: 'INVALID_INPUT' });
  for (let i = 0; i < 200; i++) {
    const hits = [0, 1, 2].filter((index) => inShard(`patient-${i}`, { index, count: 3 }));
    assert.equal(hits.length, 1);
  }
});
