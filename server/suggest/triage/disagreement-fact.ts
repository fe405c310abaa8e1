import type { Suggestions } from '../suggestions.ts';

/**
 * The audit fact for a triage answer whose model level differed from the engine's floor
 * (`model URGENT, floor EMERGENT, raised-to-floor`): levels only, no content.
 */
export function triageDisagreementFact(suggestions: Suggestions): { triageDisagreement?: string } {
  const d = suggestions.triage?.disagreement;
  return d ? { triageDisagreement: `model ${d.modelLevel}, floor ${d.engineLevel}, ${d.outcome}` } : {};
}
