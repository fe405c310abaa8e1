import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { gunzipSync } from 'node:zlib';
import type { Bundle, FhirResource } from 'fhir/r4.d.ts';
import { startModelServer } from '../../fixtures/model-server/start-model-server.ts';
import { AppError } from '../../server/errors/app-error.ts';
import { createDeidentifier } from '../../server/deid/index.ts';
import { createOpenAiCompatibleBackend } from '../../server/inference/openai-compatible-backend.ts';
import type { InferenceBackend } from '../../server/inference/backend.ts';
import { createSuggestionPipeline, MAX_CASE_TEXT } from '../../server/suggest/pipeline.ts';
import { createRulesBackend } from '../../server/suggest/rules-backend.ts';
import { loadTerminology } from '../../terminology/icd10cm/load.ts';
import { captureLogger } from '../helpers/app.ts';
import { SHARED } from '../helpers/shared-data.ts';
import { encounter, note as chartNote, PATIENT } from '../chart/chart-fixtures.ts';

const SECRET = 'test-secret-0123456789abcdef0123456789';

async function pipelineWith(backend?: InferenceBackend) {
  const terminology = await loadTerminology();
  const rules = createRulesBackend(terminology);
  const { logger, lines } = captureLogger();
  const pipeline = createSuggestionPipeline({
    terminology,
    deidentifier: createDeidentifier({ secret: SECRET }),
    backend: backend ?? rules,
    rulesVersion: rules.modelVersion,
    logger,
    modelTimeoutMs: 2000,
  });
  return { pipeline, lines, terminology };
}

test('a note gets its diagnosis with verbatim evidence in the de-identified text', async () => {
  const { pipeline } = await pipelineWith();
  const s = await pipeline.suggest(
    { text: 'Patient presents with acute exacerbation of COPD. Denies chest pain. Chest X-ray without infiltrate.' },
    { wantCodes: true, wantTriage: true },
  );
  assert.equal(s.codes[0]?.code, 'J44.1');
  for (const code of s.codes) {
    for (const e of code.evidence) assert.equal(s.text.slice(e.start, e.end), e.text);
  }
  assert.ok(!s.codes.some((c) => c.code.startsWith('R07')), 'negated chest pain is not coded');
  assert.equal(s.engine.backend, 'rules');
  assert.ok(s.triage !== undefined);
});

test('family history and history-of mentions are not coded as current diagnoses', async () => {
  const { pipeline } = await pipelineWith();
  const s = await pipeline.suggest(
    { text: 'Mother had breast cancer. Rule out pneumonia. Essential hypertension.' },
    { wantCodes: true, wantTriage: false },
  );
  assert.equal(s.codes[0]?.code, 'I10');
  assert.ok(!s.codes.some((c) => c.code.startsWith('C50') || c.code === 'J18.9'));
});

test('names, dates and record numbers never reach the text the backend reads', async () => {
  const { pipeline, lines } = await pipelineWith();
  const s = await pipeline.suggest(
    { text: 'Zebulon Quackenbush (MRN 99887766) seen 03/14/2024 for community acquired pneumonia. Call 617-555-0142.' },
    { wantCodes: true, wantTriage: true },
  );
  for (const canary of ['Zebulon', 'Quackenbush', '99887766', '03/14/2024', '617-555-0142']) {
    assert.ok(!s.text.includes(canary), canary);
    assert.ok(!JSON.stringify(s).includes(canary), canary);
    assert.ok(!lines.join('\n').includes(canary), canary);
  }
  assert.ok(s.codes.some((c) => c.code === 'J18.9'));
});

test('a FHIR chart is de-identified and rendered; the patient name never appears', async () => {
  const { pipeline } = await pipelineWith();
  const bundle = JSON.parse(
    gunzipSync(
      readFileSync(`${SHARED}data/fhir/bundles/Terrance_Runte_33f95545-e4cd-4535-a9ce-f91438f6f5ec.json.gz`),
    ).toString('utf8'),
  ) as Bundle;
  const resources = (bundle.entry ?? []).map((e) => e.resource).filter((r): r is FhirResource => r !== undefined);
  const s = await pipeline.suggest({ resources }, { wantCodes: true, wantTriage: true });
  assert.ok(s.text.length > 0);
  assert.ok(!s.text.includes('Runte') && !s.text.includes('Terrance') && !s.text.includes('1968-08-29'));
  assert.ok(s.codes.every((c) => c.evidence.every((e) => s.text.slice(e.start, e.end) === e.text)));
});

test('bad cases get clear errors: empty, huge, a chart without a Patient', async () => {
  const { pipeline } = await pipelineWith();
  const code = (e: unknown): string | undefined => (e instanceof AppError ? e.code : undefined);
  await assert.rejects(
    pipeline.suggest({ text: '  ' }, { wantCodes: true, wantTriage: true }),
    (e) => code(e) === 'INVALID_INPUT',
  );
  await assert.rejects(
    pipeline.suggest({ text: 'a'.repeat(MAX_CASE_TEXT + 1) }, { wantCodes: true, wantTriage: true }),
    (e) => code(e) === 'TOO_LARGE',
  );
  await assert.rejects(
    pipeline.suggest(
      { resources: [{ resourceType: 'Condition', subject: { reference: 'Patient/1' } }] },
      { wantCodes: true, wantTriage: true },
    ),
    (e) => code(e) === 'UNPROCESSABLE',
  );
});

test('absurd vitals are ignored, not believed', async () => {
  const { pipeline } = await pipelineWith();
  const s = await pipeline.suggest({ text: 'Mild cough. HR 900, SpO2 150%.' }, { wantCodes: false, wantTriage: true });
  assert.notEqual(s.triage?.level, 'EMERGENT');
});

test('results are cached by the de-identified case', async () => {
  const { pipeline } = await pipelineWith();
  const first = await pipeline.suggest({ text: 'Acute cholecystitis.' }, { wantCodes: true, wantTriage: false });
  const second = await pipeline.suggest({ text: 'Acute cholecystitis.' }, { wantCodes: true, wantTriage: false });
  assert.equal(first.engine.cached, false);
  assert.equal(second.engine.cached, true);
  assert.equal(second.caseHash, first.caseHash);
  assert.deepEqual(second.codes, first.codes);
});

test('a model server that hangs or fails is a recorded fallback to rules; the safety floor still holds', async (t) => {
  const server = await startModelServer({ mode: 'hang' });
  t.after(() => server.close());
  const { logger } = captureLogger();
  const backend = createOpenAiCompatibleBackend({
    baseUrl: server.url,
    model: 'test',
    allowedHosts: ['127.0.0.1'],
    timeoutMs: 500,
    logger,
  });
  const { pipeline } = await pipelineWith(backend);
  const s = await pipeline.suggest(
    { text: 'Crushing chest pain radiating to the left arm, diaphoretic. Essential hypertension.' },
    { wantCodes: true, wantTriage: true },
  );
  assert.equal(s.engine.backend, 'rules');
  assert.equal(s.engine.fallback?.from, 'openai-compatible');
  assert.equal(s.triage?.level, 'EMERGENT');
  server.mode = 'error-500';
  const again = await pipeline.suggest(
    { text: 'Essential hypertension, well controlled.' },
    { wantCodes: true, wantTriage: true },
  );
  assert.equal(again.engine.fallback?.from, 'openai-compatible');
});

test('a model answer passes the guardrails: in-candidate codes, triage never below the floor', async (t) => {
  const server = await startModelServer({ mode: 'ok' });
  t.after(() => server.close());
  const { logger } = captureLogger();
  const backend = createOpenAiCompatibleBackend({
    baseUrl: server.url,
    model: 'test',
    allowedHosts: ['127.0.0.1'],
    timeoutMs: 5000,
    logger,
  });
  const { pipeline, terminology } = await pipelineWith(backend);
  const s = await pipeline.suggest(
    { text: 'Sudden worst headache of my life with neck stiffness. Essential hypertension.' },
    { wantCodes: true, wantTriage: true },
  );
  assert.equal(s.engine.backend, 'openai-compatible');
  assert.equal(s.engine.fallback, undefined);
  assert.ok(s.codes.every((c) => terminology.has(c.code) && c.source === 'openai-compatible'));
  assert.equal(s.triage?.level, 'EMERGENT');
  assert.equal(s.triage?.floor, 'EMERGENT');
  const sent = server.requests[0]?.body.messages.map((m) => m.content).join('\n') ?? '';
  assert.ok(sent.includes('neck stiffness'));
});

test('a chart precomputed on patient-view answers a later coding request from the cache', async () => {
  const { pipeline } = await pipelineWith();
  const input = { text: 'Acute appendicitis. Fever 38.9 C.' };
  const triageOnly = await pipeline.suggest(input, { wantCodes: false, wantTriage: true });
  assert.deepEqual(triageOnly.codes, []);
  pipeline.precompute(input);
  await new Promise((resolve) => setImmediate(resolve));
  const coding = await pipeline.suggest(input, { wantCodes: true, wantTriage: false });
  assert.equal(coding.engine.cached, true);
  assert.equal(coding.triage, undefined);
  assert.ok(coding.codes.length > 0);
});

test('a note is coded as a document: a combination code passes the guardrails and quotes each statement', async () => {
  const { pipeline } = await pipelineWith();
  const s = await pipeline.suggest(
    { text: 'Type 2 diabetes mellitus on insulin. Exam: polyneuropathy of both feet. Denies chest pain.' },
    { wantCodes: true, wantTriage: false },
  );
  const combination = s.codes.find((c) => c.code === 'E11.42');
  assert.ok(combination, s.codes.map((c) => c.code).join(' '));
  assert.deepEqual(
    combination.evidence.map((e) => s.text.slice(e.start, e.end)),
    combination.evidence.map((e) => e.text),
  );
  assert.ok(combination.evidence.some((e) => /diabetes/i.test(e.text)));
  assert.ok(combination.evidence.some((e) => /polyneuropathy/i.test(e.text)));
  assert.ok(!s.codes.some((c) => c.code === 'E11.9' || c.code === 'G62.9' || c.code.startsWith('R07')));
});

test('a probable diagnosis is coded for inpatient care (the case says so, or its encounter is IMP), not outpatient', async () => {
  const { pipeline } = await pipelineWith();
  const note = 'Cough and fever for three days. Probable community-acquired pneumonia.';
  const coded = async (input: Parameters<typeof pipeline.suggest>[0]): Promise<string[]> =>
    (await pipeline.suggest(input, { wantCodes: true, wantTriage: false })).codes.map((c) => c.code);
  assert.ok((await coded({ text: note, setting: 'inpatient' })).includes('J18.9'));
  assert.ok(!(await coded({ text: note })).includes('J18.9'), 'a text is outpatient unless it says otherwise');
  const chart = (encounterClass: string): FhirResource[] => [
    PATIENT,
    encounter('e1', '2026-03-01T08:00:00Z', undefined, {
      status: 'in-progress',
      class: { system: 'http://terminology.hl7.org/CodeSystem/v3-ActCode', code: encounterClass },
    }),
    chartNote('n1', 'e1', '2026-03-01T09:00:00Z', note),
  ];
  assert.ok((await coded({ resources: chart('IMP'), encounterId: 'e1' })).includes('J18.9'));
  const emergency = await coded({ resources: chart('EMER'), encounterId: 'e1' });
  assert.ok(emergency.includes('R05.9') && !emergency.includes('J18.9'), 'an ED visit is outpatient (IV.H)');
  assert.ok(
    !(await coded({ resources: chart('IMP'), encounterId: 'e1', setting: 'outpatient' })).includes('J18.9'),
    'the caller’s setting overrides the encounter class',
  );
});
