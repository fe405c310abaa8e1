/** What the suggestion engine quoted for one suggested code. */
export interface SuggestedEvidence {
  readonly evidence: readonly string[];
}

/**
 * The unsupported-evidence rate: the share of suggestions none of whose evidence quotes is found verbatim in
 * the case's input (a suggestion with no quote at all is unsupported). A quote counts when it occurs in the
 * raw case text or in the de-identified text the model read (placeholders replace PHI there). Kept apart from
 * `computeCodingMetrics` so that the shared README's coding keys stay exactly as they are.
 */
export function computeUnsupportedEvidence(
  inputs: readonly (readonly string[])[],
  suggestions: readonly (readonly SuggestedEvidence[])[],
): number {
  let total = 0;
  let unsupported = 0;
  suggestions.forEach((forCase, i) => {
    const texts = inputs[i] ?? [];
    for (const s of forCase) {
      total++;
      const supported = s.evidence.some((q) => q.trim() !== '' && texts.some((t) => t.includes(q)));
      if (!supported) unsupported++;
    }
  });
  return total ? Math.round((unsupported / total) * 10_000) / 10_000 : 0;
}
