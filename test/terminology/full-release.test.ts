import assert from 'node:assert/strict';
import { readFileSync, writeFileSync, appendFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { before, test } from 'node:test';
import type { Deidentified } from '../../server/deid/deidentified.ts';
import { AppError } from '../../server/errors/app-error.ts';
import { codeDocument } from '../../server/suggest/document/code-document.ts';
import { checkSpecificity } from '../../server/suggest/specificity.ts';
import { importRelease } from '../../terminology/icd10cm/import-release.ts';
import { importIndexJsonl } from '../../terminology/icd10cm/import-index-jsonl.ts';
import { importIndexXml } from '../../terminology/icd10cm/import-index-xml.ts';
import { importOrderFile } from '../../terminology/icd10cm/import-order.ts';
import { readIndex } from '../../terminology/icd10cm/index-file.ts';
import { loadTerminology } from '../../terminology/icd10cm/load.ts';
import type { Terminology } from '../../terminology/icd10cm/terminology.ts';
import { ORDER_FILE, SHARED, TERMINOLOGY_DATA, importSharedRelease } from '../helpers/shared-data.ts';
import { testDir } from '../helpers/temp-dir.ts';

const work = testDir('chartside-full-');
const out = join(work, 'icd10cm-2026');
let t: Terminology;

before(async () => {
  await importSharedRelease(out);
  t = await loadTerminology(out);
});

const corrupt = (e: unknown): boolean => e instanceof AppError && e.code === 'CORRUPT_DATA';

test('the full FY2026 release imports every code with its billable flag and version', () => {
  assert.equal(t.info.codes, 98186);
  assert.equal(t.info.billable, 74719);
  assert.equal(t.info.version, '2026');
  assert.ok(t.info.indexTerms > 50000);
});

test('every phrase of the shared coding sample finds its code in the top five', () => {
  const lines = readFileSync(`${SHARED}eval/coding.sample.jsonl`, 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '');
  for (const line of lines) {
    const c = JSON.parse(line) as { id: string; text: string; codes: string[] };
    const top5 = t.search(c.text, { limit: 5 }).map((h) => h.code);
    assert.ok(top5.includes(c.codes[0] ?? ''), `${c.id}: ${c.codes[0]} not in ${top5.join(' ')}`);
  }
});

test('index terms find codes whose titles use other words', () => {
  assert.equal(t.search('shortness of breath', { limit: 1 })[0]?.code, 'R06.02');
  assert.ok(t.search('lung cancer', { limit: 3 }).some((h) => h.code === 'C34.90'));
  assert.ok(t.search('acute kidney injury', { limit: 3 }).some((h) => h.code === 'N17.9'));
});

test('"Migraine without aura" is coded by the Index default under its codeless subterm, not the main term\'s', () => {
  // The shared half of the Index holds "Migraine, without aura" only as the parent of its subterms.
  assert.equal(t.search('Migraine without aura.', { limit: 1 })[0]?.code, 'G43.009');
  assert.equal(t.walkIndex('Migraine without aura.')[0]?.code, 'G43.009');
  assert.equal(t.search('migraine', { limit: 1 })[0]?.code, 'G43.909');
});

test('Excludes1 notes from the Tabular XML reach descendants and flag conflicts', () => {
  const details = t.lookup('C00.0');
  assert.ok(details.excludes1.some((e) => e.codes.includes('C43.0')));
  assert.equal(t.excludes1Conflict('C00.0', 'C43.0'), true);
  assert.equal(t.excludes1Conflict('C00.0', 'C44.01'), true);
  assert.equal(t.excludes1Conflict('C00.0', 'J44.1'), false);
  assert.ok(t.lookup('C34.90').useAdditional.some((n) => n.includes('Z87.891')));
});

test('the neoplasm and drug tables are searchable by their column words', async () => {
  const neoplasm = await importIndexXml(`${TERMINOLOGY_DATA}icd-10-cm-neoplasm-2025.xml.gz`);
  assert.ok(
    neoplasm.some(
      (n) => n.kind === 'neoplasm' && n.code === 'C80.1' && n.text === 'Neoplasm, neoplastic, Malignant (Primary)',
    ),
  );
  const drug = await importIndexXml(`${TERMINOLOGY_DATA}icd-10-cm-drug-2025.xml.gz`);
  assert.ok(drug.some((n) => n.kind === 'drug' && n.code === 'T51.3X1'));
  assert.ok(t.search('lisinopril adverse effect', { limit: 5 }).some((h) => h.code.startsWith('T46.4X5')));
});

test('the index loads back with its checksums verified; an edited file is refused', async () => {
  const index = await readIndex(out);
  assert.equal(index.manifest.counts.codes, 98186);
  const copy = join(work, 'tampered');
  writeFileSync(join(work, 'subset.txt'), 'J44.1\nI10\n');
  await importRelease({ order: ORDER_FILE, subset: join(work, 'subset.txt'), out: copy });
  assert.deepEqual((await readIndex(copy)).data.codes, ['I10', 'J44', 'J44.1']);
  appendFileSync(join(copy, 'icd10cm.json'), ' ');
  await assert.rejects(readIndex(copy), corrupt);
});

test('a truncated gzip, malformed XML and a bad JSON line are clear CORRUPT_DATA errors', async () => {
  const gz = readFileSync(ORDER_FILE);
  const truncated = join(work, 'icd10cm_order_2026.txt.gz');
  writeFileSync(truncated, gz.subarray(0, Math.floor(gz.length / 3)));
  await assert.rejects(
    importOrderFile(truncated),
    (e: unknown) => corrupt(e) && /truncated|line/.test((e as Error).message),
  );
  const xml = join(work, 'index.xml');
  writeFileSync(xml, '<ICD10CM.index><letter><mainTerm><title>Abc</title></letter>');
  await assert.rejects(
    importIndexXml(xml),
    (e: unknown) => corrupt(e) && /malformed XML near line/.test((e as Error).message),
  );
  const jsonl = join(work, 'index.jsonl.gz');
  writeFileSync(jsonl, gzipSync('{"term_path":["Asthma"],"code":"J45.909"}\n{"term_path": oops}\n'));
  await assert.rejects(
    importIndexJsonl(jsonl),
    (e: unknown) => corrupt(e) && /line 2: not valid JSON/.test((e as Error).message),
  );
});

test('"with unspecified complications" needs complications the text affirms; "without complications" gets E11.9', () => {
  const negated = checkSpecificity(t, 'E11.8', 'Type 2 diabetes without complications');
  assert.deepEqual([negated.code, negated.keep], ['E11.9', true]);
  const affirmed = checkSpecificity(t, 'E11.8', 'Type 2 diabetes with complications');
  assert.deepEqual([affirmed.code, affirmed.keep], ['E11.8', true]);
});

test('a problem statement is coded at least as specifically as the search reads it, in the Guidelines order', () => {
  const coded = (text: string): string[] => codeDocument(text as Deidentified<string>, t).codes.map((c) => c.code);
  // Diabetes of no stated type is type 2 (I.C.4.a.2); the combination before the CKD stage (I.C.4.a).
  assert.equal(coded('Diabetic nephropathy.')[0], 'E11.21');
  assert.deepEqual(coded('Type 2 diabetes with diabetic CKD stage 3a').slice(0, 2), ['E11.22', 'N18.31']);
  // Hypertensive CKD at the stated stage (I12.9 for stages 1-4), then the stage (I.C.9.a.2).
  assert.deepEqual(coded('HTN with CKD stage 3b').slice(0, 2), ['I12.9', 'N18.32']);
  // The document search reads no mention here; the phrase search reads the problem.
  assert.equal(coded('Severe preeclampsia, third trimester')[0], 'O14.13');
  // "No bleeding" is not "with bleeding"; "with esophagitis" is not "without esophagitis".
  assert.equal(coded('GERD with esophagitis, no bleeding')[0], 'K21.00');
  // A list's first problem is the principal; a personal-history code needs the words for it.
  assert.deepEqual(coded('1. Latent TB infection 2. Type 2 diabetes without complications').slice(0, 2), [
    'Z22.7',
    'E11.9',
  ]);
});

test('a pregnancy or newborn code needs a pregnancy or a newborn stated (Guidelines I.C.15.a, I.C.16.a)', () => {
  const coded = (text: string, patient = {}): string[] =>
    codeDocument(text as Deidentified<string>, t, { patient }).codes.map((c) => c.code);
  // The Index files these words under "pregnancy" and "newborn" too; the statement names neither.
  for (const text of ['Nausea and vomiting', 'Hyponatremia, Na 128', 'Septic shock secondary to UTI'])
    assert.ok(!coded(text).some((c) => /^[OP]/.test(c)), `${text}: ${coded(text).join(' ')}`);
  assert.equal(coded('Nausea and vomiting')[0], 'R11.2');
  // Stated, they are the codes.
  assert.match(coded('Hyperemesis gravidarum at 10 weeks')[0] ?? '', /^O21\./);
  assert.match(coded('Neonatal jaundice in a 3-day-old')[0] ?? '', /^P59\./);
  // The chart can say it: a pregnant patient's vomiting may be of pregnancy; a man's never is.
  assert.ok(coded('Vomiting', { pregnant: true }).some((c) => c.startsWith('O21')));
  assert.ok(!coded('Vomiting in pregnancy', { sex: 'male' }).some((c) => c.startsWith('O')));
});
