import type { DocumentCandidate } from './document-logic.ts';
import { FEATURE_NAMES, type FeatureName } from './features.ts';
import type { RankingWeights } from './ranking-weights.ts';

/** A document code in its final place, with why it is there. */
export interface RankedDocumentCode extends DocumentCandidate {
  /** 1-based. */
  rank: number;
  /** The ranking model's probability that a coder codes it. */
  probability: number;
  principal: boolean;
  /** Why it has its rank: the principal rule that chose it, or the features that weighed most. */
  reason: string;
}

export interface RankOptions {
  /** Most codes answered. */
  maxCodes?: number;
  /** Codes offered whatever the learned threshold (default 5). */
  minCodes?: number;
  /**
   * A short note (a vignette, a consult line: short-note.ts) rather than a case report:
   * its listed diagnosis or its best diagnosis is principal even where the model, fitted on case reports,
   * is unsure of it (Guidelines II.A: not a symptom when a related diagnosis is established).
   */
  shortNote?: boolean;
}

/** How much more of its mention (a share of its words) a reading must say to be preferred as more specific. */
const MORE_SAID = 0.2;

/** An engine match this close is a reading of the text, whatever the learned weights say. */
const STRONG = 0.6;
/** Codes always offered, whatever the learned threshold (a coder reviews the first five). */
const MIN_SHOWN = 5;

const FEATURE_LABELS: Partial<Record<FeatureName, string>> = {
  score: 'close match',
  top: 'first reading of its mention',
  mentions: 'mentioned repeatedly',
  sentences: 'in several sentences',
  firstSentence: 'in the opening sentence',
  diagnosisSection: 'under diagnoses or assessment',
  combination: 'combination code',
  paired: 'paired by a Tabular note',
  history: 'history',
  family: 'family history',
  modifierMatch: 'site, side, acuity or stage as written',
  specificity: 'specific code',
};

function linear(candidate: DocumentCandidate, weights: RankingWeights): number {
  let z = 0;
  weights.features.forEach((name, j) => {
    z += (weights.weights[j] ?? 0) * (candidate.features[name as FeatureName] ?? 0);
  });
  return z;
}

function topReasons(candidate: DocumentCandidate, weights: RankingWeights): string {
  const contributions = FEATURE_NAMES.flatMap((name) => {
    const label = FEATURE_LABELS[name];
    const value = candidate.features[name];
    const weight = weights.weights[weights.features.indexOf(name)] ?? 0;
    return label && value > 0 && weight > 0 ? [{ label, part: weight * value }] : [];
  })
    .sort((a, b) => b.part - a.part)
    .slice(0, 3)
    .map((c) => c.label);
  return contributions.length > 0 ? contributions.join(', ') : 'supported by the text';
}

/**
 * Ranks a document's candidates as a coder sequences them (Guidelines Section II for the principal
 * diagnosis): the learned model scores every code; of one condition's readings at different specificities
 * (`alternativeTo`) only the likelier is kept; the principal goes first: the first diagnosis listed
 * under the document's diagnoses or assessment when there is one, else the best-scored condition that is
 * not a symptom or a Z code (II.A: a symptom is not principal when a related diagnosis is established);
 * a "code first" partner is moved before the code that names it.
 */
export function rankCandidates(
  candidates: readonly DocumentCandidate[],
  weights: RankingWeights,
  options: RankOptions = {},
): RankedDocumentCode[] {
  const scored = candidates
    .map((c) => ({ c, p: 1 / (1 + Math.exp(-linear(c, weights))) }))
    .sort((a, b) => b.p - a.p || (a.c.evidence[0]?.start ?? 0) - (b.c.evidence[0]?.start ?? 0));
  // One condition, one code: of a mention's readings in one category, the likelier is coded.
  const chosenFor = new Map<string, (typeof scored)[number]>();
  for (const s of scored) {
    const key = s.c.alternativeTo ?? s.c.code;
    const held = chosenFor.get(key);
    // The specificity the text supports (Guidelines I.B.7): a reading that says clearly more of the
    // mention wins over a likelier one ("acute exacerbation of COPD": J44.1, not J44.9).
    // In a short note an "unspecified" reading gives way to any that says more ("scalp laceration": S01.01XA,
    // not S01.91XA); case reports' coders keep the less specific more often (the fitted weights).
    const margin = options.shortNote === true && held?.c.features.unspecified ? 0 : MORE_SAID;
    if (!held || s.c.features.mentionUncovered < held.c.features.mentionUncovered - margin) chosenFor.set(key, s);
  }
  const kept = scored
    .filter((s) => chosenFor.get(s.c.alternativeTo ?? s.c.code) === s)
    // What document logic made (a combination, a history code) is coded whatever its weight: it only ranks.
    // A strong first reading of a mention is never cut (a one-line note still gets its code) when the text
    // says all its term ("hemoglobin" is not "Hemoglobin, S"). The learned threshold cuts the tail only: the
    // best MIN_SHOWN codes are always offered, with their probability, so a problem statement the model is
    // unsure of still shows its best reading rather than nothing.
    .filter(
      (s, k) =>
        k < (options.minCodes ?? MIN_SHOWN) ||
        s.p >= weights.threshold ||
        s.c.kind !== 'condition' ||
        (s.c.features.top === 1 && s.c.features.score >= STRONG && s.c.features.termUncovered === 0),
    );
  const best = kept[0]?.p ?? 0;
  const conditions = kept.filter(
    // Never principal: symptoms when a diagnosis is there, Z codes of history, external causes (I.C.20.a).
    (s) => !/^[RVWXYZ]/.test(s.c.code) && s.c.features.possible === 0 && s.c.kind !== 'family-history',
  );
  // A diagnosis listed under diagnoses or assessment: likely enough, or the engine's strong first reading
  // of its mention with all its term said.
  const listed = conditions
    .filter(
      (s) =>
        s.c.listedAt !== undefined &&
        (s.p >= best * 0.3 ||
          (options.shortNote === true &&
            s.c.features.top === 1 &&
            s.c.features.score >= STRONG &&
            s.c.features.termUncovered === 0)),
    )
    .sort((a, b) => (a.c.listedAt ?? 0) - (b.c.listedAt ?? 0))[0];
  const strongest = conditions.find((s) => s.p >= best * 0.6);
  // A symptom is not principal when a related diagnosis is established (Guidelines II.A): the best-scored
  // diagnosis goes before a symptom that leads.
  const beforeSymptom =
    options.shortNote === true && kept[0] && /^R/.test(kept[0].c.code)
      ? conditions.find(
          (s) =>
            s.p >= best * 0.3 ||
            (s.c.features.top === 1 && s.c.features.score >= STRONG && s.c.features.termUncovered === 0),
        )
      : undefined;
  const chosen = listed ?? strongest ?? beforeSymptom;
  // A code that must be sequenced first (a "code first" partner) takes the principal place (I.A.13).
  const partner = chosen && kept.find((s) => chosen.c.codeFirst.includes(s.c.code));
  const principal = partner ?? chosen;
  let order = kept;
  if (principal) order = [principal, ...kept.filter((s) => s !== principal)];
  // Code first: the etiology before the manifestation (Tabular conventions I.A.13).
  for (let i = 0; i < order.length; i++) {
    const item = order[i];
    if (!item) continue;
    for (const first of item.c.codeFirst) {
      const j = order.findIndex((s) => s.c.code === first);
      if (j > i && !(i === 0 && item === principal)) {
        const [moved] = order.splice(j, 1);
        if (moved) order.splice(i, 0, moved);
      }
    }
  }
  return order.slice(0, options.maxCodes ?? 25).map((s, k) => ({
    ...s.c,
    rank: k + 1,
    probability: Math.round(s.p * 1000) / 1000,
    principal: s === principal,
    reason:
      s === principal
        ? partner === principal
          ? `principal: sequenced before ${chosen?.c.code ?? ''} by its "code first" note`
          : listed === principal
            ? 'principal: the first diagnosis listed under diagnoses or assessment'
            : `principal: the condition the document is most about (${topReasons(s.c, weights)})`
        : `secondary (${Math.round(s.p * 100)}%): ${[...s.c.notes, topReasons(s.c, weights)].join('; ')}`,
  }));
}
