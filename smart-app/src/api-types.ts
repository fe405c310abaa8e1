/** What `POST /api/suggestions` answers (server/http/smart-routes.ts). */
export interface EvidenceSpan {
  text: string;
  start: number;
  end: number;
}

export interface CodeSuggestionView {
  id: string;
  code: string;
  display: string;
  billable: boolean;
  needsSpecificity: boolean;
  confidence: number;
  evidence: EvidenceSpan[];
  rationale: string;
  source: string;
  excludes1Conflicts: string[];
  /** What the chart is silent on ("document laterality"). */
  documentation?: string[];
  /** The chart items it rests on. */
  basis?: { ref: string; kind: string }[];
  /** A current or encounter Condition already carries this code. */
  onChart?: string;
}

export type TriageLevel = 'EMERGENT' | 'URGENT' | 'SEMI-URGENT' | 'NON-URGENT';

export interface RedFlagView {
  id: string;
  label: string;
  level: TriageLevel;
  evidence?: EvidenceSpan;
}

export type TriageEvidenceView =
  { kind: 'text'; text: string; start: number; end: number } | { kind: 'fhir'; ref: string; text: string };

export interface TriageDiscriminatorView {
  id: string;
  name: string;
  protocol: string;
  /** The protocol document the row comes from; older servers do not send it. */
  source?: string;
  level: TriageLevel;
  evidence: TriageEvidenceView[];
}

export interface TriageView {
  level: TriageLevel;
  rationale: string;
  redFlags: RedFlagView[];
  floor: TriageLevel;
  /** Absent from servers before the discriminator engine. */
  discriminators?: TriageDiscriminatorView[];
  wouldChange?: { level: TriageLevel; discriminator: string; finding: string };
  disagreement?: { modelLevel: TriageLevel; engineLevel: TriageLevel; outcome: 'raised-to-floor' | 'model-higher' };
  engineVersion?: string;
}

/** A part of the chart the EHR did not give (server/smart/read-chart.ts). */
export interface UnreadPartView {
  part: string;
  reason: 'timeout' | 'forbidden' | 'unsupported' | 'error';
}

export interface SuggestionsView {
  suggestionSet: string;
  patient: string;
  encounter?: string;
  sources: string[];
  /** Absent from servers before it was reported. */
  unread?: UnreadPartView[];
  codes: CodeSuggestionView[];
  triage?: TriageView;
  engine: {
    backend: string;
    modelVersion: string;
    terminologyVersion: string;
    fallback?: { from: string; reason: string };
    cached: boolean;
  };
  /** The de-identified chart text the evidence offsets point into. */
  text: string;
}

/** What the user decided about one suggestion, and where it stands. */
export type DecisionState =
  | { status: 'pending' }
  | { status: 'saving'; code: string }
  | {
      status: 'accepted';
      code: string;
      display: string;
      conditionId: string;
      edited: boolean;
      /** The code was already on the encounter: nothing was written. */
      alreadyOnChart?: boolean;
    }
  | { status: 'rejected' }
  | { status: 'error'; message: string };
