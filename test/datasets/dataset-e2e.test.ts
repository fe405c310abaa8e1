import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { test } from 'node:test';
import { gunzipSync } from 'node:zlib';
import { loadSigningKey, readPublicJwks, generateBackendKeys } from '../../server/bulk/backend-keys.ts';
import { ExportRequestSchema } from '../../server/bulk/export-request.ts';
import { runExport } from '../../server/bulk/run-export.ts';
import { createDeidentifier } from '../../server/deid/index.ts';
import { evaluateReviewSheet } from '../../server/deid/review/review-result.ts';
import { drawReviewSample } from '../../server/deid/review/review-sample.ts';
import { buildDataset } from '../../server/datasets/build-dataset.ts';
import { startBulkServer } from '../../fixtures/ehr/bulk-server.ts';
import { requireShared } from '../helpers/shared-data.ts';
import { CLIENT_ID, NOTES_DIR, tempDir } from '../bulk/bulk-setup.ts';

const SECRET = 'test-secret-for-datasets-0123456789abcdef';

function allFiles(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .map((f) => join(dir, f))
    .filter((f) => statSync(f).isFile());
}

function lines(path: string): string[] {
  return readFileSync(path, 'utf8')
    .split('\n')
    .filter((l) => l !== '');
}

/** Every identifying value of the source patients: ids, names, identifiers, telecom, address, birth date. */
function sourceIdentifiers(dir: string): string[] {
  const out = new Set<string>();
  for (const line of gunzipSync(readFileSync(join(dir, 'Patient.000.ndjson.gz')))
    .toString('utf8')
    .split('\n')) {
    if (line === '') continue;
    const p = JSON.parse(line);
    out.add(p.id);
    out.add(p.birthDate);
    for (const n of p.name ?? [])
      for (const part of [...(n.given ?? []), n.family]) if (part && part.length >= 3) out.add(part);
    for (const i of p.identifier ?? []) if (i.value) out.add(i.value);
    for (const t of p.telecom ?? []) if (t.value) out.add(t.value);
    for (const a of p.address ?? []) for (const l of a.line ?? []) out.add(l);
  }
  for (const line of gunzipSync(readFileSync(join(dir, 'Encounter.000.ndjson.gz')))
    .toString('utf8')
    .split('\n')) {
    if (line !== '') out.add(JSON.parse(line).id);
  }
  return [...out].filter((v) => typeof v === 'string' && v.length >= 3);
}

test('export → dataset: lines parse, splits are disjoint by patient, no source identifier leaks, counts match', async (t) => {
  const keys = tempDir(t);
  const { privateKeyPath } = await generateBackendKeys({ alg: 'ES384', outDir: keys });
  const server = await startBulkServer({
    dataDir: requireShared(NOTES_DIR),
    clients: [{ clientId: CLIENT_ID, jwks: await readPublicJwks(keys) }],
    retryAfterS: 0,
  });
  t.after(() => server.close());
  const exported = tempDir(t);
  const summary = await runExport({
    request: ExportRequestSchema.parse({ fhirBase: server.baseUrl, level: 'system' }),
    clientId: CLIENT_ID,
    signingKey: await loadSigningKey(privateKeyPath),
    outDir: exported,
  });
  assert.equal(summary.resourcesByType.DocumentReference, 492);

  const out = join(tempDir(t), 'dataset');
  const deidentifier = createDeidentifier({ secret: SECRET });
  const card = await buildDataset({ inDir: exported, outDir: out, deidentifier, seed: '7' });

  // Every output line parses, in the shape of its folder.
  for (const file of allFiles(out).filter((f) => f.endsWith('.jsonl'))) {
    for (const line of lines(file)) {
      const value = JSON.parse(line);
      if (file.includes('/instruct/')) assert.deepEqual(Object.keys(value), ['instruction', 'input', 'output']);
      if (file.includes('/chat/'))
        assert.deepEqual(
          value.messages.map((m: { role: string }) => m.role),
          ['system', 'user', 'assistant'],
        );
    }
  }
  // No patient in two splits.
  const train = new Set(lines(join(out, 'splits/patients.train.jsonl')));
  const evalSet = lines(join(out, 'splits/patients.eval.jsonl'));
  assert.ok(train.size > 0 && evalSet.length > 0);
  assert.equal(train.size + evalSet.length, 11);
  assert.ok(evalSet.every((p) => !train.has(p)));
  // No identifier of any source patient in any output file.
  const identifiers = sourceIdentifiers(NOTES_DIR);
  assert.ok(identifiers.length > 50);
  for (const file of allFiles(out)) {
    const text = readFileSync(file, 'utf8');
    for (const id of identifiers)
      assert.ok(!text.includes(id), `an identifier of a source patient is in ${relative(out, file)}`);
  }
  // Counts match the files; checksums match the bytes.
  const ng = card.tasks['note-generation'];
  assert.equal(ng?.status, 'built');
  assert.equal(lines(join(out, 'instruct/note-generation.train.jsonl')).length, ng?.examples.train);
  assert.equal(lines(join(out, 'chat/note-generation.eval.jsonl')).length, ng?.examples.eval);
  assert.equal(
    (ng?.examples.train ?? 0) +
      (ng?.examples.eval ?? 0) +
      (ng?.dropped.duplicates ?? 0) +
      (ng?.dropped.nearDuplicates ?? 0),
    492,
  );
  for (const f of card.files) {
    assert.equal(
      createHash('sha256')
        .update(readFileSync(join(out, f.path)))
        .digest('hex'),
      f.sha256,
      f.path,
    );
  }
  assert.equal(card.source.transactionTime, '2024-08-06T18:12:57Z');
  // What the data cannot source is reported, not made up.
  assert.equal(card.tasks['icd10-coding']?.status, 'not-sourceable');
  assert.match(
    card.tasks['icd10-coding']?.reason ?? '',
    /no Condition is coded in ICD-10-CM \(Condition codings seen: SNOMED CT 333\)/,
  );
  assert.equal(card.tasks.triage?.status, 'not-sourceable');
  assert.equal(card.tasks['discharge-summary']?.status, 'not-sourceable');
  assert.deepEqual(
    allFiles(out).filter((f) => /icd10|triage|discharge|communication/.test(f)),
    [],
  );
  assert.ok((card.deidentification.categories.NAME ?? 0) > 0);
  const md = readFileSync(join(out, 'dataset-card.md'), 'utf8');
  assert.match(md, /\| icd10-coding \| not-sourceable \| 0 \| 0 \|/);

  // The review sample: at least 200 records, the same for the same seed, judged by the 2% rule.
  const sheet = lines(join(out, 'review/review-sample.jsonl'));
  assert.equal(sheet.length, 200);
  const again = join(tempDir(t), 'again.jsonl');
  const staging = tempDir(t);
  await drawReviewSample({ dir: join(out, 'instruct'), n: 200, seed: '7', out: again, files: /\.jsonl$/ });
  assert.deepEqual(lines(again), sheet);
  const sheetFiles = new Set(sheet.map((l) => (JSON.parse(l) as { file: string }).file));
  assert.ok([...sheetFiles].every((f) => readdirSync(join(out, 'instruct')).includes(f)));
  const filled = (leaks: number): string => {
    const path = join(staging, `filled-${leaks}.jsonl`);
    writeFileSync(
      path,
      sheet
        .map((l, i) => JSON.stringify({ ...JSON.parse(l), phi: i < leaks, categories: i < leaks ? ['NAME'] : [] }))
        .join('\n'),
    );
    return path;
  };
  assert.equal((await evaluateReviewSheet(filled(4))).passed, true);
  assert.equal((await evaluateReviewSheet(filled(5))).passed, false);
});
