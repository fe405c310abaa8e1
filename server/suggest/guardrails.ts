import type { Terminology } from '../../terminology/icd10cm/terminology.ts';
import type { ModelDecision } from '../inference/backend.ts';
import type { CodeCandidate } from './code-candidates.ts';
import { WITHOUT_COMPLICATIONS, checkSpecificity, supportAround } from './specificity.ts';
import { explainTriage, type TriageAssessment } from './triage/assess-triage.ts';
import { moreUrgent } from './triage/levels.ts';
import type { CodeSuggestion, EvidenceSpan, RedFlag, TriageSuggestion } from './suggestions.ts';

export interface GuardrailReport {
  /** Codes the backend answered that are not valid ICD-10-CM or not among the candidates (dropped). */
  droppedCodes: number;
  /** Evidence quotes not found verbatim in the case text (dropped). */
  droppedEvidence: number;
  /** True when the safety floor raised the backend's triage level. */
  triageRaised: boolean;
  /** Codes whose laterality, intractability, complication, type or episode the chart does not support. */
  respecified: number;
  /** Codes dropped because they contradict the chart and no fitting code exists. */
  contradicted: number;
}

/** Finds a quote verbatim in the text; the candidate's own span first, then anywhere. */
function locate(text: string, quote: string, hint?: EvidenceSpan): EvidenceSpan | undefined {
  const trimmed = quote.trim();
  if (trimmed === '') return undefined;
  if (hint && text.slice(hint.start, hint.end) === trimmed) return hint;
  const at = text.indexOf(trimmed);
  return at >= 0 ? { text: trimmed, start: at, end: at + trimmed.length } : undefined;
}

/**
 * Applied to every backend's answer: codes must be valid in the loaded release and among the retrieved
 * candidates; headers are flagged as needing specificity; evidence must be verbatim in the de-identified
 * text (with offsets) or it is dropped; Excludes1 pairs are flagged; triage never falls below the floor.
 */
export function applyGuardrails(
  text: string,
  decision: ModelDecision,
  candidates: readonly CodeCandidate[],
  terminology: Terminology,
  source: CodeSuggestion['source'],
  triage: TriageAssessment | undefined,
): { codes: CodeSuggestion[]; triage?: TriageSuggestion; report: GuardrailReport } {
  const report: GuardrailReport = {
    droppedCodes: 0,
    droppedEvidence: 0,
    triageRaised: false,
    respecified: 0,
    contradicted: 0,
  };
  const byCode = new Map(candidates.map((c) => [c.code, c]));
  const codes: CodeSuggestion[] = [];
  for (const answer of decision.codes) {
    const details = terminology.validate(answer.code);
    const candidate = details.valid ? byCode.get(details.code) : undefined;
    if (!details.valid || !candidate || codes.some((c) => c.code === details.code)) {
      report.droppedCodes++;
      continue;
    }
    const evidence: EvidenceSpan[] = [];
    const quoted = locate(text, answer.evidence, candidate.evidence);
    if (quoted) evidence.push(quoted);
    else if (answer.evidence.trim() !== '') report.droppedEvidence++;
    if (evidence.length === 0 && source === 'rules') evidence.push(candidate.evidence);
    // A code made of several statements (a combination code) quotes each of them.
    for (const span of candidate.support ?? [])
      if (source === 'rules' && !evidence.some((e) => e.start === span.start)) evidence.push(span);
    // The chart must support every axis of the code, whichever backend chose it.
    const anchor = evidence[0] ?? candidate.evidence;
    const supportSpans = [anchor, ...(candidate.support ?? []).filter((s) => s.start !== anchor.start)];
    const fit = checkSpecificity(
      terminology,
      details.code,
      supportSpans.map((s) => supportAround(text, s.start, s.end)).join('\n'),
    );
    if (!fit.keep) {
      report.contradicted++;
      continue;
    }
    const chosen = fit.code === details.code ? details : terminology.validate(fit.code);
    if (!chosen.valid || codes.some((c) => c.code === chosen.code)) {
      report.droppedCodes++;
      continue;
    }
    if (fit.changed.length > 0) report.respecified++;
    const notes = [
      ...(fit.changed.length > 0 ? [`${fit.changed.join(', ')} as the chart supports`] : []),
      ...(chosen.billable ? [] : ['header code: document more detail to select a billable code']),
    ];
    codes.push({
      code: chosen.code,
      display: chosen.display,
      billable: chosen.billable,
      needsSpecificity: !chosen.billable,
      confidence: Math.max(0, Math.min(1, answer.confidence)),
      evidence,
      rationale: [answer.rationale, ...notes].join('; '),
      source,
      excludes1Conflicts: [],
      ...(fit.prompts.length > 0 ? { documentation: fit.prompts } : {}),
      ...(candidate.basis !== undefined ? { basis: candidate.basis } : {}),
      ...(candidate.onChart !== undefined && chosen.code === candidate.code ? { onChart: candidate.onChart } : {}),
    });
  }
  // A code "without complications" beside a code of its category that names one (E11.9 with E11.21): the
  // chart states the complication, so the "without" code is contradicted (Guidelines I.A.15, I.C.4.a).
  for (let i = codes.length - 1; i >= 0; i--) {
    const a = codes[i];
    if (a === undefined || !WITHOUT_COMPLICATIONS.test(a.display)) continue;
    const named = codes.some(
      (b) => b !== a && b.code.slice(0, 3) === a.code.slice(0, 3) && !/\bwithout\b/i.test(b.display),
    );
    if (named) {
      codes.splice(i, 1);
      report.contradicted++;
    }
  }
  for (const a of codes) {
    for (const b of codes) {
      if (a !== b && (terminology.excludes1Conflict(a.code, b.code) || terminology.excludes1Conflict(b.code, a.code)))
        a.excludes1Conflicts.push(b.code);
    }
  }
  let triageOut: TriageSuggestion | undefined;
  if (triage) triageOut = guardTriage(decision, source, triage, report);
  return { codes, ...(triageOut ? { triage: triageOut } : {}), report };
}

/**
 * Floor and ceiling: the engine's level is the floor for every backend; a model may raise it, never
 * lower it. When a model's level differs from the engine's, the answer says so (`disagreement`).
 */
function guardTriage(
  decision: ModelDecision,
  source: CodeSuggestion['source'],
  triage: TriageAssessment,
  report: GuardrailReport,
): TriageSuggestion {
  const modelLevel = source === 'rules' ? undefined : decision.triage?.level;
  const level = moreUrgent(modelLevel ?? triage.level, triage.floor);
  report.triageRaised = modelLevel !== undefined && level !== modelLevel;
  const explained = explainTriage(triage);
  let rationale = explained;
  if (modelLevel !== undefined && modelLevel !== triage.floor) {
    const said = decision.triage?.rationale.trim() ?? '';
    rationale = report.triageRaised
      ? `The model answered ${modelLevel}${said ? ` (${said})` : ''}; raised to the engine's floor. ${explained}`
      : `The model raised the engine's ${triage.floor} to ${modelLevel}${said ? `: ${said}` : ''}. Engine: ${explained}`;
  }
  const redFlags: RedFlag[] = triage.discriminators
    .filter((d) => d.level === 'EMERGENT' || d.level === 'URGENT')
    .map((d) => {
      const span = d.evidence.find((e) => e.kind === 'text');
      return {
        id: d.id,
        label: d.name,
        level: d.level,
        ...(span?.kind === 'text' ? { evidence: { text: span.text, start: span.start, end: span.end } } : {}),
      };
    });
  return {
    level,
    rationale,
    redFlags,
    floor: triage.floor,
    discriminators: triage.discriminators,
    ...(triage.wouldChange ? { wouldChange: triage.wouldChange } : {}),
    ...(modelLevel !== undefined && modelLevel !== triage.floor
      ? {
          disagreement: {
            modelLevel,
            engineLevel: triage.floor,
            outcome: report.triageRaised ? ('raised-to-floor' as const) : ('model-higher' as const),
          },
        }
      : {}),
    engineVersion: triage.engineVersion,
  };
}
