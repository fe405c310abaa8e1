import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createDeidentifier } from '../../../server/deid/index.ts';
import type {
  DecisionRequest,
  InferenceBackend,
  ModelDecision,
  TriageLevel,
} from '../../../server/inference/backend.ts';
import { buildUserPrompt } from '../../../server/inference/decision-prompt.ts';
import { createLogger } from '../../../server/log/logger.ts';
import { createSuggestionPipeline } from '../../../server/suggest/pipeline.ts';
import { createRulesBackend } from '../../../server/suggest/rules-backend.ts';
import { triageDisagreementFact } from '../../../server/suggest/triage/disagreement-fact.ts';
import type { CardContext } from '../../../cds-hooks/cards/card-context.ts';
import { buildTriageCard } from '../../../cds-hooks/cards/triage-card.ts';
import { SERVICES_BY_ID, type ServiceDefinition } from '../../../cds-hooks/services.ts';
import { loadTerminology } from '../../../terminology/icd10cm/load.ts';

/** A model backend that always answers the given triage level (and no codes). */
function modelAnswering(level: TriageLevel): InferenceBackend {
  return {
    name: 'openai-compatible',
    modelVersion: 'test-model',
    ready: () => true,
    decide: (): Promise<ModelDecision> =>
      Promise.resolve({ codes: [], triage: { level, rationale: 'the model thinks so' } }),
    close: () => Promise.resolve(),
  };
}

async function pipelineWith(backend: InferenceBackend) {
  const terminology = await loadTerminology();
  const rules = createRulesBackend(terminology);
  return createSuggestionPipeline({
    terminology,
    deidentifier: createDeidentifier({ secret: 'test-secret-0123456789abcdef0123456789' }),
    backend,
    rulesVersion: rules.modelVersion,
    logger: createLogger({ level: 'silent' }),
  });
}

const CARD_CONTEXT: CardContext = {
  service: SERVICES_BY_ID.get('chartside-triage-patient-view') as ServiceDefinition,
  hook: 'patient-view',
  hookInstance: 'h-1',
  patientId: 'p-1',
  now: new Date('2026-01-01T00:00:00Z'),
};

test('a model answer below the floor is raised to it, and the answer, card and audit fact record it', async () => {
  const pipeline = await pipelineWith(modelAnswering('NON-URGENT'));
  const s = await pipeline.suggest(
    { text: '58M with crushing chest pain radiating to the jaw, sweating.' },
    { wantCodes: false, wantTriage: true },
  );
  assert.equal(s.triage?.level, 'EMERGENT');
  assert.equal(s.triage?.floor, 'EMERGENT');
  assert.deepEqual(s.triage?.disagreement, {
    modelLevel: 'NON-URGENT',
    engineLevel: 'EMERGENT',
    outcome: 'raised-to-floor',
  });
  assert.match(
    s.triage?.rationale ?? '',
    /^The model answered NON-URGENT \(the model thinks so\); raised to the engine's floor/,
  );
  assert.deepEqual(triageDisagreementFact(s), {
    triageDisagreement: 'model NON-URGENT, floor EMERGENT, raised-to-floor',
  });
  const card = buildTriageCard(s, CARD_CONTEXT);
  assert.match(card?.detail ?? '', /The model suggested NON-URGENT; the triage engine's floor is EMERGENT/);
});

test('a model may raise the level: the answer is the model level and says the model raised it', async () => {
  const pipeline = await pipelineWith(modelAnswering('EMERGENT'));
  const s = await pipeline.suggest(
    { text: '30F with burning on urination for two days, no fever.' },
    { wantCodes: false, wantTriage: true },
  );
  assert.equal(s.triage?.level, 'EMERGENT');
  assert.equal(s.triage?.floor, 'SEMI-URGENT');
  assert.equal(s.triage?.disagreement?.outcome, 'model-higher');
});

test('when the model agrees with the floor there is no disagreement', async () => {
  const pipeline = await pipelineWith(modelAnswering('SEMI-URGENT'));
  const s = await pipeline.suggest(
    { text: '30F with burning on urination for two days, no fever.' },
    { wantCodes: false, wantTriage: true },
  );
  assert.equal(s.triage?.level, 'SEMI-URGENT');
  assert.equal(s.triage?.disagreement, undefined);
  assert.deepEqual(triageDisagreementFact(s), {});
});

test("a model backend's prompt carries the engine's findings and floor, de-identified", async () => {
  let seen: DecisionRequest | undefined;
  const backend: InferenceBackend = {
    ...modelAnswering('EMERGENT'),
    decide: (request): Promise<ModelDecision> => {
      seen = request;
      return Promise.resolve({ codes: [], triage: { level: 'EMERGENT', rationale: 'agrees' } });
    },
  };
  const pipeline = await pipelineWith(backend);
  await pipeline.suggest(
    { text: 'John Smith, 58M, crushing chest pain, no fever, HR 112.' },
    { wantCodes: false, wantTriage: true },
  );
  const brief = seen?.triage;
  assert.equal(brief?.floor, 'EMERGENT');
  assert.ok(brief?.discriminators.some((d) => d.evidence.includes('crushing')));
  assert.ok(brief?.findings.includes('heart rate (/min) 112'));
  assert.ok(brief?.excluded.some((x) => x.startsWith('fever')));
  const user = buildUserPrompt(seen as DecisionRequest);
  assert.match(user, /<<<FINDINGS\n[\s\S]*"floor":"EMERGENT"[\s\S]*\nFINDINGS>>>/);
  assert.doesNotMatch(user, /John|Smith/);
});
