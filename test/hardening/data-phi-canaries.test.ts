import assert from 'node:assert/strict';
import { appendFileSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { after, before, test } from 'node:test';
import { startBulkServer, type BulkServer } from '../../fixtures/ehr/bulk-server.ts';
import { CODED_PATIENTS, CODED_PRACTITIONER, writeCodedExport } from '../../fixtures/datasets/coded-export.ts';
import { generateBackendKeys, readPublicJwks } from '../../server/bulk/backend-keys.ts';
import { CLIENT_ID } from '../bulk/bulk-setup.ts';
import { cli } from '../bulk/cli-process.ts';
import { chartsideInProcess } from '../cli/run-in-process.ts';

/**
 * PHI canaries through the data paths (issue 20): the synthetic patients of the coded export (names, MRNs,
 * phone numbers, streets, their practitioner) and a canary planted in a malformed line travel from the EHR's
 * Bulk export (`chartside export`) into the dataset build's worker thread (`chartside dataset build`), its
 * review commands and `deid fhir` / `deid review-sample`. The exported NDJSON is PHI by design; nothing else
 * may hold a canary: no stdout, stderr, state or manifest file, no dataset file (all de-identified), no
 * leftover partition, no review sheet, no error line.
 */
const PLANTED = 'Zebulonquartz';
const PLANTED_MRN = 'MRN88112233';
const CANARIES = [
  ...CODED_PATIENTS.flatMap((p) => [p.given, p.family, p.mrn, p.phone, p.street]),
  CODED_PRACTITIONER.given,
  CODED_PRACTITIONER.family,
];
const ALL = [...CANARIES, PLANTED, PLANTED_MRN];
/** A line the export and the build must refuse by position, never by content. */
const BAD_LINE = `{"resourceType":"Patient","id":"bad-1","name":[{"family":"${PLANTED}","given":["${PLANTED_MRN}"]}]`;

function assertClean(where: string, text: string, canaries: readonly string[] = ALL): void {
  for (const c of canaries) assert.ok(!text.includes(c), `${where} holds the canary ${c}`);
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((f) => f.isFile())
    .map((f) => join(f.parentPath, f.name));
}

/** The coded export as a Bulk source folder (manifest + NDJSON), optionally with the canary line appended. */
async function sourceExport(dir: string, badLine: boolean): Promise<void> {
  await writeCodedExport(dir);
  if (badLine) appendFileSync(join(dir, 'Patient.ndjson'), `${BAD_LINE}\n`);
  const output = readdirSync(dir)
    .filter((f) => f.endsWith('.ndjson'))
    .map((f) => ({ type: f.replace(/\.ndjson$/, ''), url: f }));
  writeFileSync(join(dir, 'manifest.json'), JSON.stringify({ transactionTime: '2026-01-01T00:00:00Z', output }));
}

let keyPath: string;
let keyDir: string;
let root: string;

before(async () => {
  root = mkdtempSync(join(tmpdir(), 'chartside-data-canary-'));
  keyDir = join(root, 'keys');
  keyPath = (await generateBackendKeys({ alg: 'ES384', outDir: keyDir })).privateKeyPath;
});

after(() => rmSync(root, { recursive: true, force: true }));

async function simulator(t: { after: (fn: () => Promise<void>) => void }, badLine: boolean): Promise<BulkServer> {
  const data = join(root, badLine ? 'source-bad' : 'source');
  await sourceExport(data, badLine);
  const server = await startBulkServer({
    dataDir: data,
    clients: [{ clientId: CLIENT_ID, jwks: await readPublicJwks(keyDir) }],
    pollsBeforeComplete: 0,
  });
  t.after(() => server.close());
  return server;
}

const exportArgs = (server: BulkServer, out: string): string[] => [
  'export',
  '--fhir-base',
  server.baseUrl,
  '--client-id',
  CLIENT_ID,
  '--key',
  keyPath,
  '--out',
  out,
  '--json',
];

test('export, then the dataset build in its worker thread: canaries only in the exported NDJSON', async (t) => {
  const server = await simulator(t, false);
  const exported = join(root, 'export');
  const run = await chartsideInProcess(exportArgs(server, exported));
  assert.equal(run.status, 0, run.stderr);
  assertClean('export stdout', run.stdout);
  assertClean('export stderr', run.stderr);
  let exportedPhi = '';
  for (const file of filesUnder(exported)) {
    const text = readFileSync(file, 'utf8');
    if (file.endsWith('.ndjson')) exportedPhi += text;
    else assertClean(`export's ${relative(exported, file)}`, text);
  }
  // the canaries are really there to be leaked: every one is in the export
  for (const c of CANARIES) assert.ok(exportedPhi.includes(c), `the export holds ${c}`);

  // A malformed line with a canary, as a damaged file would have it: skipped by position.
  const patientFile = readdirSync(exported).find((f) => f.startsWith('Patient'));
  assert.ok(patientFile, `a Patient file in ${readdirSync(exported).join(', ')}`);
  appendFileSync(join(exported, patientFile), `${BAD_LINE}\n`);
  const before = readdirSync(exported).sort();
  const dataset = join(root, 'dataset');
  // The real CLI process: the build runs in its worker thread, whose output goes through the process's own.
  const build = await cli(['dataset', 'build', '--in', exported, '--out', dataset, '--no-progress'], {
    CHARTSIDE_DEID_SECRET: 'data-canary-secret-0123456789abcdef0123',
  });
  assert.equal(build.code, 0, build.stderr);
  assertClean('dataset build stdout', build.stdout);
  assertClean('dataset build stderr', build.stderr);
  const files = filesUnder(dataset);
  assert.ok(
    files.some((f) => f.endsWith('.jsonl')),
    'examples were written',
  );
  let examples = 0;
  for (const file of files) {
    const text = readFileSync(file, 'utf8');
    if (file.endsWith('.jsonl')) examples += text.split('\n').filter((l) => l !== '').length;
    assertClean(`dataset ${relative(dataset, file)}`, text);
  }
  assert.ok(examples > 0);
  const card = JSON.parse(readFileSync(join(dataset, 'dataset-card.json'), 'utf8')) as {
    source: { skippedLines: number };
  };
  assert.equal(card.source.skippedLines, 1, 'the canary line was skipped');
  assert.deepEqual(readdirSync(exported).sort(), before, 'the partitions (PHI) are gone from beside the export');

  // Its review commands: what they print and the sheet they write.
  const sheet = join(root, 'sheet', 'review.csv');
  const sample = await chartsideInProcess(['dataset', 'review-sample', '--in', dataset, '--out', sheet]);
  assert.equal(sample.status, 0, sample.stderr);
  assertClean('dataset review-sample output', sample.stdout + sample.stderr);
  for (const file of filesUnder(join(root, 'sheet'))) assertClean('review sheet', readFileSync(file, 'utf8'));
  const review = await chartsideInProcess(['dataset', 'review-result', '--in', dataset]);
  assert.notEqual(review.status, 0, 'an unfilled sheet fails the review');
  assertClean('dataset review-result output', review.stdout + review.stderr);

  // A sharded build (its worker in this process) and the merge of its one shard.
  const shard = join(root, 'shard-0');
  const sharded = await chartsideInProcess([
    'dataset',
    'build',
    '--in',
    exported,
    '--out',
    shard,
    '--shard',
    '0/1',
    '--no-progress',
  ]);
  assert.equal(sharded.status, 0, sharded.stderr);
  const merged = join(root, 'merged');
  const merge = await chartsideInProcess(['dataset', 'merge', '--shards', shard, '--out', merged]);
  assert.equal(merge.status, 0, merge.stderr);
  assertClean('dataset build --shard and merge output', sharded.stdout + sharded.stderr + merge.stdout + merge.stderr);
  for (const dir of [shard, merged]) {
    for (const file of filesUnder(dir)) assertClean(`${relative(root, file)}`, readFileSync(file, 'utf8'));
  }
  assert.ok(
    filesUnder(merged).some((f) => f.endsWith('.jsonl')),
    'the merge wrote examples',
  );

  // deid fhir over the same export (its engine is the worker's) and its review sample.
  const deid = join(root, 'deid');
  const fhir = await chartsideInProcess(['deid', 'fhir', '--in', exported, '--out', deid]);
  assertClean('deid fhir output', fhir.stdout + fhir.stderr);
  for (const file of filesUnder(deid)) assertClean(`deid ${relative(deid, file)}`, readFileSync(file, 'utf8'));
  const deidSheet = join(root, 'deid-sheet.csv');
  const deidSample = await chartsideInProcess(['deid', 'review-sample', '--in', deid, '--out', deidSheet, '--n', '20']);
  assert.equal(deidSample.status, 0, deidSample.stderr);
  assertClean('deid review-sample output', deidSample.stdout + deidSample.stderr);
  assertClean('deid review sheet', readFileSync(deidSheet, 'utf8'));
});

test('an export that meets a malformed line reports it by file and line, without its content', async (t) => {
  const server = await simulator(t, true);
  const out = join(root, 'export-bad');
  const run = await chartsideInProcess(exportArgs(server, out));
  assertClean('export (bad line) stdout', run.stdout);
  assertClean('export (bad line) stderr', run.stderr);
  for (const file of filesUnder(out).filter((f) => !f.endsWith('.ndjson') && !f.endsWith('.part'))) {
    assertClean(`export (bad line) ${relative(out, file)}`, readFileSync(file, 'utf8'));
  }
  assert.equal(run.status, 3, 'a corrupt file stops the export');
  assert.equal(run.stderr, 'chartside: Patient.000.ndjson line 9: not valid JSON (truncated file?)\n');
});
