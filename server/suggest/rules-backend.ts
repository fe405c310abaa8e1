import type { Terminology } from '../../terminology/icd10cm/terminology.ts';
import type { DecisionRequest, InferenceBackend, ModelDecision } from '../inference/backend.ts';
import { MentionContext } from './clinical-text/mention-context.ts';
import type { CodeCandidate } from './code-candidates.ts';
import { documentCodeCandidates } from './document/document-candidates.ts';
import { shippedRankingWeights } from './document/ranking-weights.ts';
import { assessTriage, explainTriage, type TriageAssessment } from './triage/assess-triage.ts';

/** The rules' decision from what the pipeline already computed: candidates as ranked, triage as assessed. */
export function decideByRules(
  candidates: readonly CodeCandidate[],
  triage: TriageAssessment | undefined,
  maxCodes: number,
): ModelDecision {
  const decision: ModelDecision = {
    codes: candidates.slice(0, maxCodes).map((c) => ({
      code: c.code,
      confidence: Math.round(Math.min(1, c.score) * 100) / 100,
      evidence: c.evidence.text,
      rationale: c.rationale,
    })),
  };
  if (triage) decision.triage = { level: triage.level, rationale: explainTriage(triage) };
  return decision;
}

/**
 * The embedded default backend behind the common interface: no model. Codes are the document coder's
 * (server/suggest/document/) among the candidates offered; triage is the discriminator engine's assessment.
 */
export function createRulesBackend(terminology: Terminology): InferenceBackend {
  return {
    name: 'rules',
    modelVersion: `rules:chartside-0.2.0+ranking-${shippedRankingWeights().version}+icd10cm-${terminology.info.version}`,
    ready: () => true,
    decide(request: DecisionRequest): Promise<ModelDecision> {
      const context = new MentionContext(request.text);
      const allowed = new Set(request.candidates.map((c) => c.code));
      const candidates = documentCodeCandidates(request.text, context, terminology, request.maxCodes).filter((c) =>
        allowed.has(c.code),
      );
      const triage = request.wantTriage ? assessTriage({ text: request.text }) : undefined;
      return Promise.resolve(decideByRules(candidates, triage, request.maxCodes));
    },
    close: () => Promise.resolve(),
  };
}
