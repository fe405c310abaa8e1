import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { testDir } from '../helpers/temp-dir.ts';

/**
 * PHI canaries through the CLI (issue 20): synthetic names, an MRN and a phone number planted in the input
 * of each command that reads patient data, on its success path and its error path. None may appear in what
 * the command prints (stdout, stderr) or writes, except where its output is the de-identified text itself,
 * which must not hold them either. `deid fhir` runs its engine in the same way the dataset worker does.
 */
const BIN = fileURLToPath(new URL('../../bin/chartside.js', import.meta.url));
const FAMILY = 'Quillfeather';
const GIVEN = 'Ottoline';
const MRN = 'MRN40417733';
const PHONE = '617-555-0199';
const CANARIES = [FAMILY, GIVEN, MRN, PHONE];
const NOTE = `${GIVEN} ${FAMILY} (${MRN}, tel ${PHONE}) seen for acute exacerbation of COPD with hypoxia. SpO2 86%.`;

function chartside(args: string[], input = ''): { status: number | null; out: string } {
  const base: NodeJS.ProcessEnv = { ...process.env, CHARTSIDE_DEID_SECRET: 'cli-canary-secret-0123456789abcdef0123' };
  delete base.CHARTSIDE_TERMINOLOGY;
  const r = spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', input, env: base });
  return { status: r.status, out: `${r.stdout}\n${r.stderr}` };
}

function assertNoCanary(where: string, text: string, canaries: readonly string[] = CANARIES): void {
  for (const c of canaries) assert.ok(!text.includes(c), `${where} shows ${c}`);
}

/**
 * Free text alone: identifiers with a shape (MRN, phone). A rare name with no chart to learn it from is a
 * matter of the de-identifier's recall, measured by `eval deid`, not of what the CLI prints.
 */
const TEXT_CANARIES = [MRN, PHONE];

const bundle = {
  resourceType: 'Bundle',
  type: 'collection',
  entry: [
    {
      resource: {
        resourceType: 'Patient',
        id: 'p-canary',
        identifier: [{ value: MRN }],
        name: [{ family: FAMILY, given: [GIVEN] }],
        telecom: [{ system: 'phone', value: PHONE }],
        birthDate: '1951-04-02',
      },
    },
    {
      resource: {
        resourceType: 'DocumentReference',
        id: 'n-canary',
        status: 'current',
        subject: { reference: 'Patient/p-canary' },
        content: [{ attachment: { contentType: 'text/plain', data: Buffer.from(NOTE).toString('base64') } }],
      },
    },
  ],
};

test('suggest (text and chart) and deid text: the canaries never reach stdout, stderr or the de-identified text', () => {
  const dir = testDir('chartside-canary-');
  const note = join(dir, 'note.txt');
  writeFileSync(note, NOTE);
  const text = chartside(['suggest', '--text-file', note, '--json']);
  assert.equal(text.status, 0, text.out);
  assert.match(text.out, /J44\.1/);
  assertNoCanary('suggest --text-file', text.out, TEXT_CANARIES);
  const chart = join(dir, 'chart.json');
  writeFileSync(chart, JSON.stringify(bundle));
  const fromBundle = chartside(['suggest', '--bundle', chart, '--json']);
  assert.equal(fromBundle.status, 0, fromBundle.out);
  assertNoCanary('suggest --bundle', fromBundle.out);
  const deid = chartside(['deid', 'text'], NOTE);
  assert.equal(deid.status, 0, deid.out);
  assert.match(deid.out, /COPD/);
  assertNoCanary('deid text', deid.out, TEXT_CANARIES);
});

test('error paths: a bad bundle, a bad case line and a bad NDJSON line are reported without their content', () => {
  const dir = testDir('chartside-canary-');
  const badBundle = join(dir, 'bad.json');
  writeFileSync(badBundle, JSON.stringify({ ...bundle, entry: [{ resource: { resourceType: 7, name: NOTE } }] }));
  const r1 = chartside(['suggest', '--bundle', badBundle]);
  assert.notEqual(r1.status, 0);
  assertNoCanary('suggest --bundle (invalid)', r1.out);
  const cases = join(dir, 'cases.jsonl');
  writeFileSync(
    cases,
    `{"id":"c1","text":${JSON.stringify(NOTE)},"phi":[{"start":0,"end":8,"type":"NAME"}]}\n{"id":"${MRN}","text":${JSON.stringify(NOTE)},"phi":"${FAMILY}"}\n`,
  );
  const r2 = chartside(['eval', 'deid', '--cases', cases]);
  assert.notEqual(r2.status, 0);
  assert.match(r2.out, /line 2/);
  assertNoCanary('eval deid (bad line)', r2.out);
  const inDir = join(dir, 'export');
  const outDir = join(dir, 'deid');
  spawnSync('mkdir', ['-p', inDir]);
  writeFileSync(
    join(inDir, 'Patient.ndjson'),
    `${JSON.stringify(bundle.entry[0]?.resource)}\n{"resourceType":"Patient","name":"${FAMILY} ${MRN}"\n`,
  );
  const r3 = chartside(['deid', 'fhir', '--in', inDir, '--out', outDir]);
  assertNoCanary('deid fhir (bad line)', r3.out);
  for (const f of readdirSync(outDir, { recursive: true, withFileTypes: true })) {
    if (f.isFile()) assertNoCanary(`deid fhir output ${f.name}`, readFileSync(join(f.parentPath, f.name), 'utf8'));
  }
});
