import type { Deidentified } from '../deid/deidentified.ts';

/** The four triage levels a model may answer, most to least urgent. */
export const TRIAGE_LEVELS = ['EMERGENT', 'URGENT', 'SEMI-URGENT', 'NON-URGENT'] as const;
export type TriageLevel = (typeof TRIAGE_LEVELS)[number];

export interface DecisionCandidate {
  code: string;
  display: string;
}

/**
 * The triage engine's findings for the model (structured, de-identified): its level is the floor the
 * model may raise but never lower. Evidence strings are verbatim spans of the de-identified case text, or
 * "(chart)" for a structured chart item (no FHIR reference, no chart text).
 */
export interface TriageBrief {
  floor: TriageLevel;
  /** Discriminators that fired, most urgent first. */
  discriminators: { name: string; protocol: string; level: TriageLevel; evidence: string[] }[];
  /** Findings present now, by label; measured values with their unit ("heart rate 124 /min"). */
  findings: string[];
  /** Findings the text negates, places in the past or attributes to a relative. */
  excluded: string[];
}

export interface DecisionRequest {
  /** The de-identified case text the model reads. */
  text: Deidentified<string>;
  /** The only codes the model may answer (retrieved from the terminology); becomes the grammar's enum. */
  candidates: readonly DecisionCandidate[];
  /** Whether a triage level is asked for. */
  wantTriage: boolean;
  /** Most codes to return. */
  maxCodes: number;
  /** The triage engine's findings and floor, when triage is asked. */
  triage?: TriageBrief;
}

/** What one `decide` call cost; content-free, so it may be logged and audited. */
export interface DecisionStats {
  /** Tokens of the prompt that the model evaluated (cached prefix tokens excluded), when known. */
  promptTokens?: number;
  /** Tokens the model generated, when known. */
  outputTokens?: number;
  /** Time spent waiting for a free model slot. */
  queueMs: number;
  /** Time from taking the slot to the parsed answer. */
  generationMs: number;
}

export interface ModelDecision {
  /** Codes in the model's order, each one of the request's candidates, at most `maxCodes`, no duplicates. */
  codes: {
    code: string;
    /** 0..1 as the model reported it; not calibrated. */
    confidence: number;
    /** Meant as a verbatim quote of the case text; the guardrails check that, the backend does not. */
    evidence: string;
    rationale: string;
  }[];
  /** Present when the request asked for triage. */
  triage?: { level: TriageLevel; rationale: string };
  /** Optional accounting added by the model backends (not by `rules`). */
  stats?: DecisionStats;
}

/**
 * One way of turning a de-identified case into coded suggestions. The suggestion pipeline calls `decide`,
 * applies guardrails, and falls back to `rules` whenever a model backend rejects. Model backends therefore
 * reject with `AppError('UPSTREAM_MODEL', …)` (timeout, overload, unusable output) and never hang; their
 * messages carry limits and counts, never case text or model output.
 */
export interface InferenceBackend {
  readonly name: 'rules' | 'llama' | 'openai-compatible';
  /** What produced the answer, stamped on every suggestion and audit record (e.g. `llama:<file name>@sha256:<first 12 hex>`). */
  readonly modelVersion: string;
  /** True once the model is loaded and can answer. */
  ready(): boolean;
  decide(request: DecisionRequest, options: { signal?: AbortSignal }): Promise<ModelDecision>;
  close(): Promise<void>;
}
