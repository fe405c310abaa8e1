import type { Deidentified } from '../deid/deidentified.ts';

import type { TriageLevel } from '../inference/backend.ts';

export { TRIAGE_LEVELS, type TriageLevel } from '../inference/backend.ts';

/** A verbatim span of the de-identified case text (UTF-16 offsets, end exclusive). */
export interface EvidenceSpan {
  text: string;
  start: number;
  end: number;
}

export interface CodeSuggestion {
  /** Dotted ICD-10-CM code, always valid in the loaded release. */
  code: string;
  display: string;
  billable: boolean;
  /** A header code: valid, but needs more characters before it can be billed. */
  needsSpecificity: boolean;
  /** 0..1. */
  confidence: number;
  /** Where the case says so; every span is verbatim in `Suggestions.text`. */
  evidence: EvidenceSpan[];
  rationale: string;
  /** Which part of Chartside proposed it. */
  source: 'rules' | 'llama' | 'openai-compatible';
  /** Excludes1 conflicts with other suggested codes (their codes). */
  excludes1Conflicts: string[];
  /** What the chart is silent on for a more specific code ("document laterality"). */
  documentation?: string[];
  /** The chart items it rests on (chart cases): FHIR references and what they are. */
  basis?: { ref: string; kind: 'reason' | 'encounter-diagnosis' | 'current' | 'history' | 'note' | 'vital' }[];
  /** A current or encounter Condition already carries this code: shown as on the chart, never offered as new. */
  onChart?: string;
}

export interface RedFlag {
  /** Stable id of the discriminator, e.g. `thunderclap-headache`, `spo2-danger-alone`. */
  id: string;
  label: string;
  /** The level this flag sets as a floor. */
  level: TriageLevel;
  evidence?: EvidenceSpan;
}

/** Where a discriminator's finding was read: a verbatim span of `Suggestions.text`, or a FHIR resource. */
export type TriageEvidence =
  { kind: 'text'; text: string; start: number; end: number } | { kind: 'fhir'; ref: string; text: string };

/** A discriminator of the triage engine that fired, with the evidence for each finding it needed. */
export interface TriageDiscriminator {
  id: string;
  name: string;
  /** The protocol it comes from: MTS, ESI, CTAS, Sepsis (SIRS/qSOFA) or PEWS (paediatric). */
  protocol: string;
  /** The protocol document the row comes from (edition, chart or guideline). */
  source: string;
  level: TriageLevel;
  evidence: TriageEvidence[];
}

/** The model's level and the engine's floor when they differ; the higher one is the answer. */
export interface TriageDisagreement {
  modelLevel: TriageLevel;
  engineLevel: TriageLevel;
  /** `raised-to-floor`: the model answered below the floor; `model-higher`: the model raised it. */
  outcome: 'raised-to-floor' | 'model-higher';
}

export interface TriageSuggestion {
  level: TriageLevel;
  rationale: string;
  /** The EMERGENT and URGENT discriminators that fired (their first evidence span), for older clients. */
  redFlags: RedFlag[];
  /** The engine's level: `level` is never less urgent than this, whatever the backend. */
  floor: TriageLevel;
  /** Every discriminator that fired, most urgent first. */
  discriminators: TriageDiscriminator[];
  /** The nearest finding that would make the answer more urgent. */
  wouldChange?: { level: TriageLevel; discriminator: string; finding: string };
  /** Present when a model answered and its level differs from the engine's. */
  disagreement?: TriageDisagreement;
  /** Version of the triage engine's tables. */
  engineVersion: string;
}

export interface EngineInfo {
  backend: 'rules' | 'llama' | 'openai-compatible';
  /** Stamped on every suggestion and audit record. */
  modelVersion: string;
  terminologyVersion: string;
  /** Present when the configured backend failed and rules answered instead. */
  fallback?: { from: 'llama' | 'openai-compatible'; reason: string };
  cached: boolean;
}

/** What the suggestion pipeline answers for one case. */
export interface Suggestions {
  codes: CodeSuggestion[];
  triage?: TriageSuggestion;
  engine: EngineInfo;
  timings: { totalMs: number; deidMs: number; retrievalMs: number; decisionMs: number };
  /** SHA-256 of the de-identified case: the cache key, safe to log. */
  caseHash: string;
  /** The de-identified text that evidence offsets point into. */
  text: Deidentified<string>;
}
