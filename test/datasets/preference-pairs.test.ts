import assert from 'node:assert/strict';
import { copyFileSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import request from 'supertest';
import { ZEBULON } from '../../fixtures/ehr/cds-patients.ts';
import { createDeidentifier } from '../../server/deid/index.ts';
import { buildDataset } from '../../server/datasets/build-dataset.ts';
import { AppError } from '../../server/errors/app-error.ts';
import { NOTES_DIR, tempDir } from '../bulk/bulk-setup.ts';
import { startCdsServer, type CdsTestServer } from '../cds-hooks/cds-test-server.ts';
import { hookRequest } from '../cds-hooks/hook-requests.ts';

const deidentifier = createDeidentifier({ secret: 'test-secret-for-datasets-0123456789abcdef' });
const SERVICE = 'chartside-icd10-discharge';

async function post(server: CdsTestServer, path: string, body: unknown): Promise<request.Response> {
  return request(server.url)
    .post(path)
    .set('authorization', await server.auth(path))
    .send(body as object);
}

async function linesOf(path: string, at_least: number): Promise<string[]> {
  // The case store is written beside the answer, not before it: wait for the lines to land.
  for (;;) {
    const lines = existsSync(path)
      ? readFileSync(path, 'utf8')
          .split('\n')
          .filter((l) => l !== '')
      : [];
    if (lines.length >= at_least) return lines;
    await new Promise((r) => setTimeout(r, 10));
  }
}

test('CDS feedback and the training case store become preference pairs, with no patient content anywhere', async (t) => {
  const dir = tempDir(t);
  const casesLog = join(dir, 'training-cases.ndjson');
  const server = await startCdsServer(t, { config: { trainingCasesLog: casesLog } });
  const path = `/cds-services/${SERVICE}`;
  const first = (await post(server, path, hookRequest('encounter-discharge', ZEBULON))).body.cards[0] as {
    uuid: string;
    suggestions: { uuid: string; actions: { resource: { code: { coding: { code: string; display: string }[] } } }[] }[];
  };
  assert.ok(first.suggestions.length >= 2, 'the card offers at least two codes');
  const second = (await post(server, path, hookRequest('encounter-discharge', ZEBULON))).body.cards[0] as {
    uuid: string;
  };
  const feedback = `${path}/feedback`;
  const chosen = first.suggestions[1];
  const fb = await post(server, feedback, {
    feedback: [
      {
        card: first.uuid,
        outcome: 'accepted',
        acceptedSuggestions: [{ id: chosen?.uuid }],
        outcomeTimestamp: '2025-03-02T10:00:00Z',
      },
      {
        card: second.uuid,
        outcome: 'overridden',
        overrideReason: {
          reason: { system: 'urn:chartside:fhir:CodeSystem:cds-override-reason', code: 'already-coded' },
        },
        outcomeTimestamp: '2025-03-02T10:01:00Z',
      },
    ],
  });
  assert.equal(fb.status, 200);

  // The stores as the server keeps them: the feedback store holds ids, the case store de-identified text.
  const cases = await linesOf(casesLog, 2);
  const feedbackLog = join(dir, 'cds-feedback.ndjson');
  writeFileSync(feedbackLog, server.feedback.records.map((r) => JSON.stringify(r)).join('\n') + '\n');
  const canaries = [...ZEBULON.canaries, 'Philippa'];
  for (const canary of canaries) assert.ok(!cases.join('\n').includes(canary), `case store holds ${canary}`);
  const kept = JSON.parse(cases[0] ?? '{}') as { service: string; suggestions: { id: string; label: string }[] };
  assert.equal(kept.service, SERVICE);
  assert.deepEqual(
    kept.suggestions.map((s) => s.id),
    first.suggestions.map((s) => s.uuid),
  );

  const exportDir = tempDir(t);
  copyFileSync(join(NOTES_DIR, 'Patient.000.ndjson.gz'), join(exportDir, 'Patient.000.ndjson.gz'));
  const out = join(tempDir(t), 'ds');
  const card = await buildDataset({
    inDir: exportDir,
    outDir: out,
    deidentifier,
    tasks: ['note-generation'],
    feedback: feedbackLog,
    cases: casesLog,
  });
  const offered = first.suggestions.length;
  assert.deepEqual(card.preferencePairs, {
    feedbackRecords: 2,
    feedbackUnlinked: 0,
    cases: 2,
    casesWithFeedback: 2,
    answersWithoutCase: 0,
    pairs: Math.min(4, offered - 1),
    split: 'train only (answers carry no patient id)',
  });
  const pairs = readFileSync(join(out, 'preference/pairs.jsonl'), 'utf8')
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => JSON.parse(l) as { prompt: string; chosen: string; rejected: string });
  const labelOf = (s: (typeof first.suggestions)[number] | undefined): string => {
    const coding = s?.actions[0]?.resource.code.coding[0];
    return `${coding?.code} ${coding?.display}`;
  };
  assert.ok(pairs.every((p) => p.chosen === labelOf(chosen)));
  assert.deepEqual(
    pairs.map((p) => p.rejected),
    first.suggestions
      .filter((s) => s !== chosen)
      .slice(0, 4)
      .map(labelOf),
  );
  for (const canary of canaries) assert.ok(!pairs[0]?.prompt.includes(canary), `pair prompt holds ${canary}`);
  assert.match(pairs[0]?.prompt ?? '', /COPD/);

  // The feedback store alone cannot make pairs; a bad case line is named by flag and line.
  await assert.rejects(
    buildDataset({ inDir: exportDir, outDir: join(tempDir(t), 'ds2'), deidentifier, feedback: feedbackLog }),
    (e: unknown) => e instanceof AppError && /^--feedback and --cases go together/.test(e.message),
  );
  writeFileSync(casesLog, cases[0] + '\n{"service":"x","hookInstance":"y","text":"z","suggestions":[]}\n');
  await assert.rejects(
    buildDataset({
      inDir: exportDir,
      outDir: join(tempDir(t), 'ds3'),
      deidentifier,
      tasks: ['note-generation'],
      feedback: feedbackLog,
      cases: casesLog,
    }),
    (e: unknown) => e instanceof AppError && /^--cases line 2: suggestions: /.test(e.message),
  );
});
