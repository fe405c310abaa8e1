import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { createLogger } from '../../server/log/logger.ts';
import { openAuditLog } from '../../server/audit/audit-log.ts';
import { buildAuditEvent } from '../../server/audit/audit-event.ts';
import { chartsideInProcess, type CliRun } from '../cli/run-in-process.ts';

/**
 * PHI canaries through the CLI commands not covered by cli-phi-canaries.test.ts (suggest, deid text/fhir) and
 * data-phi-canaries.test.ts (export, dataset, deid review-sample): the evaluations (coding, triage, deid,
 * generation), deid review-result, audit verify over a tampered log, terminology search, and the secrets
 * (de-identification secret, model server key, a private key) through register and keys generate. What a
 * command prints, and the files it writes unless they are the requested per-case text, hold no canary.
 * `models …` is covered in test/registry/models-e2e.test.ts, where a model exists to evaluate.
 */
const GIVEN = 'Philippa';
const FAMILY = 'Drummondsworth';
const MRN = 'MRN30206611';
const PHONE = '508-555-0187';
const CANARIES = [GIVEN, FAMILY, MRN, PHONE];
const NOTE = `Pt ${GIVEN} ${FAMILY}, MRN ${MRN}, callback ${PHONE}. Acute exacerbation of COPD with hypoxia, SpO2 86% on room air.`;
const dir = mkdtempSync(join(tmpdir(), 'chartside-cmd-canary-'));
after(() => rmSync(dir, { recursive: true, force: true }));

function assertClean(where: string, run: CliRun | string, canaries: readonly string[] = CANARIES): void {
  const text = typeof run === 'string' ? run : run.stdout + run.stderr;
  for (const c of canaries) assert.ok(!text.includes(c), `${where} shows ${c}`);
}

function jsonl(name: string, rows: unknown[]): string {
  const path = join(dir, name);
  writeFileSync(path, rows.map((r) => JSON.stringify(r)).join('\n') + '\n');
  return path;
}

test('eval coding, triage, deid and generation: metrics and per-case files without the cases’ identifiers', async () => {
  const coding = jsonl('coding.jsonl', [
    { id: 'c1', text: NOTE, codes: ['J44.1'] },
    { id: 'c2', text: `${FAMILY} essential hypertension`, codes: ['I10'] },
  ]);
  const perCase = join(dir, 'coding-per-case.jsonl');
  const r1 = await chartsideInProcess(['eval', 'coding', '--cases', coding, '--per-case', perCase, '--json']);
  assert.equal(r1.status, 0, r1.stderr);
  assertClean('eval coding', r1);
  assertClean('eval coding --per-case', readFileSync(perCase, 'utf8'), [MRN, PHONE]);

  const triage = jsonl('triage.jsonl', [{ id: 't1', text: NOTE, level: 'EMERGENT' }]);
  const triageCases = join(dir, 'triage-per-case.jsonl');
  const r2 = await chartsideInProcess(['eval', 'triage', '--cases', triage, '--per-case', triageCases, '--json']);
  assert.equal(r2.status, 0, r2.stderr);
  assertClean('eval triage', r2);
  assertClean('eval triage --per-case', readFileSync(triageCases, 'utf8'), [MRN, PHONE]);

  const start = NOTE.indexOf(GIVEN);
  const deid = jsonl('deid.jsonl', [
    {
      id: 'd1',
      text: NOTE,
      phi: [
        { start, end: start + GIVEN.length + 1 + FAMILY.length, type: 'NAME' },
        { start: NOTE.indexOf(MRN), end: NOTE.indexOf(MRN) + MRN.length, type: 'ID' },
        { start: NOTE.indexOf(PHONE), end: NOTE.indexOf(PHONE) + PHONE.length, type: 'CONTACT' },
      ],
    },
  ]);
  const deidCases = join(dir, 'deid-per-case.jsonl');
  const r3 = await chartsideInProcess(['eval', 'deid', '--cases', deid, '--per-case', deidCases]);
  assert.equal(r3.status, 0, r3.stderr);
  assertClean('eval deid', r3);
  assertClean('eval deid --per-case (no --per-case-text)', readFileSync(deidCases, 'utf8'));

  const note = jsonl('note.jsonl', [
    { id: 'n1', instruction: 'Write the progress note.', input: NOTE, output: `Assessment: COPD. ${FAMILY}` },
  ]);
  const predictions = jsonl('note.predictions.jsonl', [{ id: 'n1', output: `COPD exacerbation. ${GIVEN}` }]);
  const html = join(dir, 'note.html');
  const r4 = await chartsideInProcess(['eval', 'note', '--cases', note, '--predictions', predictions, '--html', html]);
  assert.equal(r4.status, 0, r4.stderr);
  assertClean('eval note', r4);
  assertClean('eval note --html', readFileSync(html, 'utf8'));
});

test('bad case lines are reported by line number, never by content', async () => {
  for (const task of ['coding', 'triage', 'note']) {
    const bad = jsonl(`bad-${task}.jsonl`, [{ id: MRN, text: NOTE, codes: FAMILY, level: PHONE, input: 7 }]);
    const r = await chartsideInProcess(['eval', task, '--cases', bad]);
    assert.notEqual(r.status, 0, task);
    assert.match(r.stderr, /line 1/, task);
    assertClean(`eval ${task} (bad line)`, r);
  }
});

test('deid review-result, terminology search: nothing typed or read is echoed', async () => {
  // a sheet whose verdicts are the patient's details, and one that is not JSON Lines at all
  const sheet = jsonl('sheet.jsonl', [{ id: MRN, text: NOTE, verdict: FAMILY, category: PHONE }]);
  const review = await chartsideInProcess(['deid', 'review-result', '--sheet', sheet]);
  assert.equal(review.status, 2, review.stderr);
  assert.match(review.stderr, /line 1/);
  assertClean('deid review-result', review);
  const csv = join(dir, 'sheet.csv');
  writeFileSync(csv, `id,text,verdict\n1,"${NOTE}",${FAMILY}\n`);
  const notJson = await chartsideInProcess(['deid', 'review-result', '--sheet', csv]);
  assert.equal(notJson.status, 2);
  assertClean('deid review-result (not JSON)', notJson);
  const search = await chartsideInProcess(['terminology', 'search', `${FAMILY} ${MRN} copd exacerbation`, '--json']);
  assert.equal(search.status, 0, search.stderr);
  assert.match(search.stdout, /J44\.1/);
  assertClean('terminology search', search);
});

test('audit verify of an edited log names the line, not what was written into it', async () => {
  const file = join(dir, 'audit.ndjson');
  const log = await openAuditLog(file, { logger: createLogger({ level: 'silent' }) });
  for (let i = 0; i < 3; i++) {
    log.append(
      buildAuditEvent({
        kind: 'http',
        method: 'GET',
        route: '/healthz',
        status: 200,
        completed: true,
        requestId: `r${i}`,
        start: new Date(),
        end: new Date(),
      }),
    );
  }
  await log.close();
  const lines = readFileSync(file, 'utf8').split('\n');
  lines[1] = (lines[1] ?? '').replace('"r1"', JSON.stringify(`${GIVEN} ${FAMILY} ${MRN}`));
  writeFileSync(file, lines.join('\n'));
  const r = await chartsideInProcess(['audit', 'verify', file]);
  assert.equal(r.status, 3, r.stdout + r.stderr);
  assert.match(r.stdout + r.stderr, /line 2/);
  assertClean('audit verify', r);
});

test('register and keys generate print no secret: the de-identification secret, the model key, the private key', async () => {
  const secrets = {
    CHARTSIDE_DEID_SECRET: 'deid-secret-canary-0123456789abcdefXYZ',
    CHARTSIDE_MODEL_SERVER_API_KEY: 'model-key-canary-4815162342',
  };
  const saved = { ...process.env };
  Object.assign(process.env, secrets);
  try {
    for (const args of [
      ['register', '--base-url', 'https://chartside.hospital.test'],
      ['register', '--base-url', 'https://chartside.hospital.test', '--json'],
    ]) {
      const r = await chartsideInProcess(args);
      assert.equal(r.status, 0, r.stderr);
      assert.match(r.stdout, /chartside\.hospital\.test/);
      assertClean(args.join(' '), r, Object.values(secrets));
    }
  } finally {
    for (const key of Object.keys(secrets)) {
      if (saved[key] === undefined) delete process.env[key];
      else process.env[key] = saved[key];
    }
  }
  const keys = join(dir, 'keys');
  const generated = await chartsideInProcess(['keys', 'generate', '--out', keys]);
  assert.equal(generated.status, 0, generated.stderr);
  const privateFile = readdirSync(keys).find((f) => /private/.test(f));
  assert.ok(privateFile, readdirSync(keys).join(', '));
  const { d } = JSON.parse(readFileSync(join(keys, privateFile), 'utf8')) as { d: string };
  assertClean('keys generate', generated, [d]);
});
